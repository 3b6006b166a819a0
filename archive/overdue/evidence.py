"""``CrawlEvidence``: when a healthy source covering a region was last read.

Late-by-crawl needs a finished run that read a healthy source covering the body's
region before the deadline ran out; this indexes those runs per region code.
"""

from __future__ import annotations

import bisect
from collections import defaultdict
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..deadlines import DeadlineResolver
from ..models import CrawlRun, RunStatus, Source
from ..runs import source_health


class CrawlEvidence:
    """When a healthy source covering a region was last read, per region code.

    Built lazily from finished runs' per-source health (``crawl_runs.stats``).
    """

    def __init__(self, session: Session, resolver: DeadlineResolver) -> None:
        self._session = session
        self._resolver = resolver
        self._by_region: dict[str, tuple[list[datetime], list[int]]] | None = None

    def _load(self) -> dict[str, tuple[list[datetime], list[int]]]:
        regions = dict(self._session.execute(select(Source.id, Source.region_code)).all())
        found: dict[str, list[tuple[datetime, int]]] = defaultdict(list)
        runs = self._session.execute(
            select(CrawlRun.id, CrawlRun.finished_at, CrawlRun.stats).where(
                CrawlRun.status == RunStatus.FINISHED, CrawlRun.finished_at.is_not(None)
            )
        )
        for run_id, finished, stats in runs:
            for sid, seen in source_health(stats).items():
                region = regions.get(sid)
                if region and seen.healthy:
                    found[region].append((finished, run_id))
        out = {}
        for region, items in found.items():
            items = sorted(set(items))
            out[region] = ([t for t, _ in items], [r for _, r in items])
        return out

    def first(self) -> datetime | None:
        """When the first healthy crawl of any source finished (None: never)."""
        if self._by_region is None:
            self._by_region = self._load()
        return min((times[0] for times, _ in self._by_region.values()), default=None)

    def last_before(self, region_code: str, cutoff: datetime) -> tuple[int, datetime] | None:
        """The latest (run id, finished at) before ``cutoff`` covering ``region_code``."""
        if self._by_region is None:
            self._by_region = self._load()
        best: tuple[int, datetime] | None = None
        for code in self._resolver.chain(region_code):
            entry = self._by_region.get(code)
            if not entry:
                continue
            times, run_ids = entry
            i = bisect.bisect_left(times, cutoff) - 1
            if i >= 0 and (best is None or times[i] > best[1]):
                best = (run_ids[i], times[i])
        return best
