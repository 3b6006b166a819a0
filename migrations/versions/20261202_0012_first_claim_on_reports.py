"""first claim on reports, overdue indexes

``reports`` carries version 1's claimed publication date and its source (version 1
never changes), with indexes on (year, claimed date) and (year, first seen): the
reports that could be late for a year are two index ranges, not a join of every
report with its first version (archive/overdue/late.py); the indexes hold every
column overdue reads of a report, so its rows are not visited. ``missing`` and
``overdue`` read every body by region and name from one more index. Existing rows are filled
from their version 1.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-02 14:30:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# each index also holds what overdue reads of a report: the rows are not visited
_BY_CLAIM = ("year", "claimed_published", "first_seen", "body_id", "claimed_date_source")
_BY_SEEN = ("year", "first_seen", "claimed_published", "body_id", "claimed_date_source")
_FIRST = "FROM report_versions v WHERE v.report_id = reports.id AND v.number = 1"


def upgrade() -> None:
    with op.batch_alter_table("reports", schema=None) as batch_op:
        batch_op.add_column(sa.Column("claimed_published", sa.Date(), nullable=True))
        batch_op.add_column(
            sa.Column("claimed_date_source", sa.String(length=50), nullable=True)
        )
    op.execute(
        "UPDATE reports SET"
        f" claimed_published = (SELECT v.claimed_published {_FIRST}),"
        f" claimed_date_source = (SELECT v.claimed_date_source {_FIRST})"
    )
    with op.batch_alter_table("reports", schema=None) as batch_op:
        batch_op.create_index("ix_reports_year_claimed", list(_BY_CLAIM), unique=False)
        batch_op.create_index("ix_reports_year_first_seen", list(_BY_SEEN), unique=False)
    with op.batch_alter_table("bodies", schema=None) as batch_op:
        batch_op.create_index(
            "ix_bodies_by_region_name",
            ["region_code", "name", "level", "inactive_from"],
            unique=False,
        )


def downgrade() -> None:
    # not in batch mode: on SQLite that would copy ``reports`` into a new table and drop
    # the old one, which the versions' foreign keys forbid once there are reports (and
    # SQLite drops a column in place since 3.35)
    op.drop_index("ix_bodies_by_region_name", table_name="bodies")
    op.drop_index("ix_reports_year_first_seen", table_name="reports")
    op.drop_index("ix_reports_year_claimed", table_name="reports")
    op.drop_column("reports", "claimed_date_source")
    op.drop_column("reports", "claimed_published")
