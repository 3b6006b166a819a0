"""extraction verdict per blob

``blobs.verdict`` / ``verdict_extractor``: what the extractor made of these bytes, so
an unchanged re-crawl neither extracts a non-report page again nor repeats its finding.

Revision ID: 0009
Revises: 0005
Create Date: 2026-12-02 07:56:55.411286
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("blobs", schema=None) as batch_op:
        batch_op.add_column(sa.Column("verdict", sa.String(length=32), nullable=True))
        batch_op.add_column(sa.Column("verdict_extractor", sa.String(length=32), nullable=True))



def downgrade() -> None:
    with op.batch_alter_table("blobs", schema=None) as batch_op:
        batch_op.drop_column("verdict_extractor")
        batch_op.drop_column("verdict")

