"""query speed indexes

``overdue`` asks for the newest ``reports.first_seen`` (is every report older than the
date asked about?): from an index, one step, instead of a scan of every report
(archive/overdue/query.py).

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-02 11:30:00.000000
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("reports", schema=None) as batch_op:
        batch_op.create_index("ix_reports_first_seen", ["first_seen"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("reports", schema=None) as batch_op:
        batch_op.drop_index("ix_reports_first_seen")
