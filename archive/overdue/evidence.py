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
from ..runs import healthy_sources

_Found = tuple[int, datetime] | None


class CrawlEvidence:
    """When a healthy source covering a region was last read, per region code.

    Built lazily from finished runs' per-source health (``crawl_runs.stats``). Answers
    are kept per *anchor*: the codes of a region's chain that have a source read in a
    healthy run. Every township under one county source shares that county's anchor, so
    a national ``overdue`` looks up a few thousand anchors, not tens of thousands of
    regions.
    """

    def __init__(self, session: Session, resolver: DeadlineResolver) -> None:
        self._session = session
        self._resolver = resolver
        self._by_region: dict[str, tuple[list[datetime], list[int]]] | None = None
        self._anchors: dict[str, tuple[str, ...]] = {}
        self._answers: dict[tuple[tuple[str, ...], datetime], _Found] = {}

    def _load(self) -> dict[str, tuple[list[datetime], list[int]]]:
        conn = self._session.connection()
        regions = dict(conn.execute(select(Source.id, Source.region_code)).all())
        found: dict[str, list[tuple[datetime, int]]] = defaultdict(list)
        runs = conn.execute(
            select(CrawlRun.id, CrawlRun.finished_at, CrawlRun.stats).where(
                CrawlRun.status == RunStatus.FINISHED, CrawlRun.finished_at.is_not(None)
            )
        )
        for run_id, finished, stats in runs:
            for sid in healthy_sources(stats):
                region = regions.get(sid)
                if region:
                    found[region].append((finished, run_id))
        out = {}
        for region, items in found.items():
            items = sorted(set(items))
            out[region] = ([t for t, _ in items], [r for _, r in items])
        return out

    def _index(self) -> dict[str, tuple[list[datetime], list[int]]]:
        if self._by_region is None:
            self._by_region = self._load()
        return self._by_region

    def first(self) -> datetime | None:
        """When the first healthy crawl of any source finished (None: never)."""
        return min((times[0] for times, _ in self._index().values()), default=None)

    def _anchor(self, code: str) -> tuple[str, ...]:
        """The codes of ``code``'s chain (nearest first) that have evidence: its own, if
        it has, before its parent's anchor (worked out once per parent)."""
        index = self._index()
        parent = self._resolver.parent(code)
        up: tuple[str, ...] | None = ()
        if parent and parent != code:
            up = self._anchors.get(parent)
            if up is None:
                chain = self._resolver.chain(parent)
                up = self._anchors[parent] = tuple(c for c in chain if c in index)
        if code in up:  # a cycle in the parents: the chain stops before the repeat
            anchor = tuple(c for c in self._resolver.chain(code) if c in index)
        else:
            anchor = ((code,) if code in index else ()) + up
        self._anchors[code] = anchor
        return anchor

    def last_before(self, region_code: str, cutoff: datetime) -> _Found:
        """The latest (run id, finished at) before ``cutoff`` covering ``region_code``."""
        anchor = self._anchors.get(region_code)
        if anchor is None:
            anchor = self._anchor(region_code)
        if not anchor:
            return None
        key = (anchor, cutoff)
        try:
            return self._answers[key]
        except KeyError:
            pass
        by_region = self._index()
        best: _Found = None
        for code in anchor:
            times, run_ids = by_region[code]
            i = bisect.bisect_left(times, cutoff) - 1
            if i >= 0 and (best is None or times[i] > best[1]):
                best = (run_ids[i], times[i])
        self._answers[key] = best
        return best
