"""revisit records: ``captures.revisit_of``; ``blobs.extraction``

An unchanged fetch (a 304, or the same bytes again) is a compact revisit record: a
capture that names the full capture of those bytes at that URL and keeps no response
headers of its own. A readable report whose bytes made no version keeps what the
extractor read of it, so a re-crawl does not extract it again.

Revision ID: 0010
Revises: 0008
Create Date: 2026-12-02 11:35:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("blobs", schema=None) as batch_op:
        batch_op.add_column(sa.Column("extraction", sa.JSON(), nullable=True))
    with op.batch_alter_table("captures", schema=None) as batch_op:
        batch_op.add_column(sa.Column("revisit_of", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_captures_revisit_of_captures"), "captures", ["revisit_of"], ["id"]
        )


def downgrade() -> None:
    with op.batch_alter_table("captures", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_captures_revisit_of_captures"), type_="foreignkey")
        batch_op.drop_column("revisit_of")
    with op.batch_alter_table("blobs", schema=None) as batch_op:
        batch_op.drop_column("extraction")
