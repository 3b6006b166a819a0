"""cluster dispatch on crawl runs

``crawl_runs`` gains what the cluster scheduler (``archive/scheduler/dispatch.py``)
records when it runs a crawl as a Scrapyd job: the node (its URL), the Scrapyd job id
of the latest attempt, the dispatch outcome and the number of attempts. ``captures``
become unique per run and requested URL (the crawl already captured a URL once per
run; now two nodes redoing one run cannot either: the writer inserts ON CONFLICT DO
NOTHING).

Revision ID: 0008
Revises: 0006
Create Date: 2026-12-02 07:57:55.117271
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0006"  # written on 0004; follows main's head at merge
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("crawl_runs", schema=None) as batch_op:
        batch_op.add_column(sa.Column("node", sa.String(length=300), nullable=True))
        batch_op.add_column(sa.Column("job_id", sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column("outcome", sa.String(length=20), nullable=True))
        batch_op.add_column(sa.Column("attempts", sa.Integer(), server_default="0", nullable=False))
        batch_op.create_index(batch_op.f("ix_crawl_runs_job_id"), ["job_id"], unique=False)
    with op.batch_alter_table("captures", schema=None) as batch_op:
        batch_op.create_unique_constraint(
            batch_op.f("uq_captures_run_id_requested_url"), ["run_id", "requested_url"]
        )


def downgrade() -> None:
    with op.batch_alter_table("captures", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("uq_captures_run_id_requested_url"), type_="unique")
    with op.batch_alter_table("crawl_runs", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_crawl_runs_job_id"))
        batch_op.drop_column("attempts")
        batch_op.drop_column("outcome")
        batch_op.drop_column("job_id")
        batch_op.drop_column("node")
