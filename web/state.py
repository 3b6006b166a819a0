"""What every heatmap page needs about the whole archive, loaded once and reused while
the archive has not changed: the region tree, the deadline rules, the crawl evidence
and the cells the crawler could not see.

Reused only while a cheap fingerprint of the tables they come from is unchanged (counts
and highest ids, each an index lookup or a scan of a small table) and for at most
``TTL`` seconds, so a crawl or a registry import shows on the next page.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from archive.coverage import unknown_cells
from archive.deadlines import DeadlineResolver
from archive.models import Body, Capture, CrawlRun, DeadlineRule, Region, RunStatus
from archive.overdue import CrawlEvidence

from .regions import RegionTree

TTL = 60.0


@dataclass
class ArchiveState:
    tree: RegionTree
    resolver: DeadlineResolver
    evidence: CrawlEvidence
    unknown: dict[tuple[int, int | None], str]
    # bodies per (region, level) filter: counting 50,000 rows costs more than a page
    counts: dict[tuple[str | None, str | None], int] = field(default_factory=dict)


def fingerprint(session: Session) -> tuple[Any, ...]:
    """Changes whenever a region, body, deadline rule, run or capture is added, and when
    a run finishes or a rule changes its date."""
    return (
        session.execute(select(func.count(), func.max(Region.updated_at))).one(),
        session.execute(select(func.count(), func.max(Body.id))).one(),
        session.execute(
            select(
                func.count(),
                func.sum(DeadlineRule.id * 10000 + DeadlineRule.month * 100 + DeadlineRule.day),
            )
        ).one(),
        session.execute(
            select(func.max(CrawlRun.id), func.count()).where(CrawlRun.status == RunStatus.FINISHED)
        ).one(),
        session.scalar(select(func.max(CrawlRun.id))),
        session.scalar(select(func.max(Capture.id))),
    )


class StateCache:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._key: tuple[Any, ...] | None = None
        self._at = 0.0
        self._state: ArchiveState | None = None

    def get(self, session: Session) -> ArchiveState:
        key = fingerprint(session)
        with self._lock:
            fresh = time.monotonic() - self._at < TTL
            if self._state is not None and key == self._key and fresh:
                return self._state
        resolver = DeadlineResolver.load(session)
        evidence = CrawlEvidence(session, resolver)
        evidence.first()  # load now: the cached copy must not need its session again
        state = ArchiveState(RegionTree(session), resolver, evidence, unknown_cells(session))
        with self._lock:
            self._key, self._at, self._state = key, time.monotonic(), state
        return state
