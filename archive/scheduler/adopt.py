"""Crawl runs an earlier cluster scheduler left open, taken up when their region is due.

A scheduler that is killed rather than stopped leaves its region's runs ``queued`` or
``dispatched``; one that is stopped leaves the undispatched ones ``not_dispatched``; a
node's job can end ``interrupted``, ``crashed`` or ``lost`` with no retry left to make.
Each of these is an open crawl run whose captures are already in the archive. When the
region is next due, the scheduler that takes its lease resumes those runs (same run id,
so no URL is captured twice) instead of starting the region over beside them.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..models import CrawlRun, RunStatus

# Dispatch outcomes of a run that never reached an end (see ``dispatch.ClusterScheduler``).
OPEN_OUTCOMES = ("queued", "dispatched", "interrupted", "crashed", "lost", "not_dispatched")


@dataclass(frozen=True)
class LeftRun:
    """An open cluster run of a region: its sources and its latest job, if it had one."""

    run_id: int
    source_ids: tuple[int, ...]
    node: str | None
    job_id: str | None
    attempts: int


def left_open(session: Session, region: str) -> list[LeftRun]:
    """The region's cluster runs that are neither finished nor given up, oldest first."""
    runs = session.scalars(
        select(CrawlRun)
        .where(
            CrawlRun.region_code == region,
            CrawlRun.status.in_((RunStatus.RUNNING, RunStatus.INTERRUPTED)),
            CrawlRun.outcome.in_(OPEN_OUTCOMES),
        )
        .order_by(CrawlRun.id)
    )
    return [
        LeftRun(
            run.id,
            tuple(int(i) for i in run.stats.get("source_ids", ())),
            run.node,
            run.job_id,
            run.attempts,
        )
        for run in runs
        if run.stats.get("source_ids")
    ]
