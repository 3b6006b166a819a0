"""divisions editions: bodies.inactive_from, regions.edition

- ``regions.edition``: the as-of date of the administrative-divisions edition that last
  listed the region (``nianbao regions import-divisions``); null for hand-registered ones.
- ``bodies.inactive_from``: the body's division left a newer edition (merged, renamed);
  ``missing`` and ``overdue`` leave it out for report years from that date's year on.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-02 07:37:28.243488
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("bodies", schema=None) as batch_op:
        batch_op.add_column(sa.Column("inactive_from", sa.Date(), nullable=True))

    with op.batch_alter_table("regions", schema=None) as batch_op:
        batch_op.add_column(sa.Column("edition", sa.Date(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("regions", schema=None) as batch_op:
        batch_op.drop_column("edition")

    with op.batch_alter_table("bodies", schema=None) as batch_op:
        batch_op.drop_column("inactive_from")
