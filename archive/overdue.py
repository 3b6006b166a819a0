"""Missing and overdue reports: who has not published, and who published late.

``missing`` lists registered bodies without a report for a year (a region covers its
descendants). A body whose source was blocked, broken or unreachable in its latest run
is *unknown* rather than missing: the crawler could not see (``archive/coverage.py``).

``overdue`` adds the deadline (``archive/deadlines.py``) and looks at a date: a body is
``missing`` when its deadline has passed with no report archived, and ``late`` when its
report came after the deadline. Late needs evidence, one of:

- ``claimed``: the report's own claimed publication date (version 1) is after the
  deadline;
- ``crawl``: a finished run in which a healthy source covering the body's region was
  read before the deadline ran out had no report of that body and year, and the report
  was first seen after the deadline. When the report claims a date on or before the
  deadline, the crawl counts only if it looked after that claimed date (it contradicts
  the claim); a claim the crawl cannot contradict stands.

A report found in a first-ever crawl long after the deadline is not late on that alone.
Dates are calendar dates in China (UTC+8); stored times are UTC.
"""

from __future__ import annotations

import bisect
import gc
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, timezone
from operator import itemgetter
from typing import Any

from sqlalchemy import DateTime, String, and_, case, func, or_, select, type_coerce
from sqlalchemy.orm import Session

from .coverage import region_scope, unknown_cells
from .deadlines import DeadlineResolver
from .errors import InputError
from .models import (
    Body,
    CrawlRun,
    Report,
    ReportVersion,
    RunStatus,
    Source,
)

CHINA = timezone(timedelta(hours=8), "CST")
FIRST_YEAR = 2019  # the current template and the revised 条例 (2019)
_YEARS = re.compile(r"^\s*(\d{4})\s*(?:-\s*(\d{4})\s*)?$")


def parse_years(text: str) -> list[int]:
    """``"2019-2024"``, ``"2022"`` or ``"2019,2021-2022"`` as a sorted list of years.

    >>> parse_years("2019-2021,2023")
    [2019, 2020, 2021, 2023]
    """
    years: set[int] = set()
    for part in text.split(","):
        m = _YEARS.match(part)
        if not m:
            raise InputError(f"--years {text!r}: expected YEAR, FROM-TO or a comma list of those")
        lo, hi = int(m.group(1)), int(m.group(2) or m.group(1))
        if lo > hi or not 1990 <= lo <= 2100 or not 1990 <= hi <= 2100:
            raise InputError(f"--years {text!r}: {part.strip()} is not a plausible range of years")
        years.update(range(lo, hi + 1))
    return sorted(years)


def day_end_utc(day: date) -> datetime:
    """The first instant after ``day`` in China, in UTC."""
    return datetime.combine(day + timedelta(days=1), time(), CHINA).astimezone(UTC)


def china_date(moment: datetime) -> date:
    return moment.astimezone(CHINA).date()


def today_in_china() -> date:
    return datetime.now(CHINA).date()


_MASK_BITS = 30  # years per mask column: sums stay plain integers on every backend


def _absent(
    session: Session, years: list[int], region: str | None, seen_before: datetime | None = None
) -> list[tuple[int, str, str, str, list[int]]]:
    """(body id, name, region, level, years) per body with no report (seen before
    ``seen_before``) for those years, by region and name; the years ascending (a year
    given twice is listed twice).

    One pass over the reports: per body, a bit mask of the years it has (a sum of
    distinct powers of two, since a body has one report per year), then the bodies
    whose mask is not full, with their missing years worked out here.
    """
    if not years:
        return []
    ascending = sorted(years)
    distinct = sorted(set(years))
    chunks = [distinct[i : i + _MASK_BITS] for i in range(0, len(distinct), _MASK_BITS)]
    bit = {y: 1 << i for i, y in enumerate(distinct)}
    masks = [
        func.sum(case({y: 1 << i for i, y in enumerate(chunk)}, value=Report.year, else_=0))
        for chunk in chunks
    ]
    has = (
        select(Report.body_id.label("body_id"), *(m.label(f"m{k}") for k, m in enumerate(masks)))
        .where(Report.body_id.is_not(None), Report.year.in_(distinct))
        .group_by(Report.body_id)
    )
    if seen_before is not None:
        has = has.where(Report.first_seen < seen_before)
    scope = region_scope(region) if region else None
    if scope is not None:
        has = has.where(Report.body_id.in_(select(Body.id).where(Body.region_code.in_(scope))))
    present = has.subquery("present")
    columns = [present.c[f"m{k}"] for k in range(len(chunks))]
    query = (
        select(
            Body.id,
            Body.name,
            Body.region_code,
            type_coerce(Body.level, String),  # the stored value, as ``level.value``
            *columns,
        )
        .select_from(Body)
        .outerjoin(present, present.c.body_id == Body.id)
        .where(
            or_(
                present.c.body_id.is_(None),
                *(col != (1 << len(chunk)) - 1 for col, chunk in zip(columns, chunks, strict=True)),
            )
        )
        .order_by(Body.region_code, Body.name)
    )
    if scope is not None:
        query = query.where(Body.region_code.in_(scope))
    out: list[tuple[int, str, str, str, list[int]]] = []
    missing_of: dict[int, list[int]] = {}  # per mask of years present: the years absent
    for body_id, name, region_code, level, *parts in session.connection().execute(query).all():
        have = 0
        if parts[0] is not None:
            for k, part in enumerate(parts):
                have |= int(part) << (k * _MASK_BITS)
        absent = missing_of.get(have)
        if absent is None:
            absent = missing_of[have] = [y for y in ascending if not have & bit[y]]
        out.append((body_id, name, region_code, level, absent))
    return out


def _unknown(cells: dict[tuple[int, int | None], str], body_id: int, year: int) -> str | None:
    return cells.get((body_id, year)) or cells.get((body_id, None))


@dataclass
class MissingResult:
    """Bodies × years with no report, split into missing and unknown (could not see)."""

    missing: list[dict[str, Any]]
    unknown: list[dict[str, Any]]


def missing(session: Session, years: Iterable[int], region: str | None = None) -> MissingResult:
    """Registered bodies without a report for each of ``years`` (no commit, read only)."""
    cells = unknown_cells(session)
    result = MissingResult([], [])
    cell_bodies = {body_id for body_id, _ in cells}
    with _no_gc_pauses():
        for body_id, name, region_code, level, absent in _absent(session, list(years), region):
            for year in absent:
                why = _unknown(cells, body_id, year) if body_id in cell_bodies else None
                row = {
                    "body": name,
                    "body_id": body_id,
                    "region": region_code,
                    "year": year,
                    "level": level,
                    "status": why or "missing",
                }
                (result.unknown if why else result.missing).append(row)
    return result


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
            for sid, s in ((stats or {}).get("sources") or {}).items():
                region = regions.get(int(sid)) if str(sid).isdigit() else None
                if region and isinstance(s, dict) and s.get("health") == "ok":
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


def default_years(resolver: DeadlineResolver, as_of: date) -> list[int]:
    """Every year from 2019 whose earliest possible deadline has passed by ``as_of``."""
    return [y for y in range(FIRST_YEAR, as_of.year + 1) if resolver.earliest(y) < as_of]


def overdue(
    session: Session,
    as_of: date,
    years: Iterable[int] | None = None,
    region: str | None = None,
    *,
    include_unknown: bool = False,
    as_archived: bool = False,
) -> list[dict[str, Any]]:
    """Bodies whose deadline passed before ``as_of`` with no report (``missing``) or whose
    report came after it (``late``), with the deadline, its rule and the evidence.

    Reports first seen after ``as_of`` are treated as not there yet, so a past date gives
    the answer the archive would have given then; ``as_archived`` judges the archive as
    it is now against the deadlines of ``as_of`` instead (the demo, which crawls today
    portals whose reports date from earlier years). Read only.
    """
    with _no_gc_pauses():
        return _overdue(session, as_of, years, region, include_unknown, as_archived)


def _overdue(
    session: Session,
    as_of: date,
    years: Iterable[int] | None,
    region: str | None,
    include_unknown: bool,
    as_archived: bool,
) -> list[dict[str, Any]]:
    resolver = DeadlineResolver.load(session)
    years = sorted(set(years)) if years is not None else default_years(resolver, as_of)
    years = [y for y in years if resolver.earliest(y) < as_of]
    if not years:
        return []
    as_of_end = day_end_utc(as_of)
    evidence = CrawlEvidence(session, resolver)
    cells = unknown_cells(session)

    newest = session.scalar(select(func.max(Report.first_seen)))
    if isinstance(newest, str):  # a bare aggregate on SQLite skips the column type
        newest = datetime.fromisoformat(newest)
    if newest is not None and newest.tzinfo is None:
        newest = newest.replace(tzinfo=UTC)
    seen_before = as_of_end if newest is not None and newest >= as_of_end else None
    if as_archived:
        seen_before = None
        as_of_end = max(as_of_end, newest or as_of_end)
    rows = _missing_rows(
        _absent(session, years, region, seen_before),
        resolver,
        evidence,
        cells,
        as_of,
        as_of_end,
        include_unknown,
    )
    # every report was first seen before as_of_end unless the newest was not
    seen_by = as_of_end if newest is not None and newest >= as_of_end else None
    rows.extend(_late(session, resolver, evidence, years, region, as_of, seen_by))
    rows.sort(key=itemgetter("region", "body", "year"))  # bodies.region_code is never null
    return rows


def _missing_rows(
    absent: list[tuple[int, str, str, str, list[int]]],
    resolver: DeadlineResolver,
    evidence: CrawlEvidence,
    cells: dict[tuple[int, int | None], str],
    as_of: date,
    as_of_end: datetime,
    include_unknown: bool,
) -> list[dict[str, Any]]:
    cell_bodies = {body_id for body_id, _ in cells}
    deadline_of = resolver.deadline
    last_seen: dict[str, tuple[int | None, str | None]] = {}  # per region: the same cutoff
    rows: list[dict[str, Any]] = []
    append = rows.append
    for body_id, name, region_code, level, years in absent:
        last = last_seen.get(region_code)
        if last is None:
            found = evidence.last_before(region_code, as_of_end)
            last = last_seen[region_code] = (
                (found[0], found[1].isoformat()) if found else (None, None)
            )
        run_id, looked = last
        cell = body_id in cell_bodies
        for year in years:
            deadline = deadline_of(level, region_code, year)
            if deadline.date >= as_of:
                continue
            why = _unknown(cells, body_id, year) if cell else None
            if why and not include_unknown:
                continue
            append(
                {
                    "body": name,
                    "body_id": body_id,
                    "region": region_code,
                    "year": year,
                    "deadline": deadline.iso,
                    "status": "unknown" if why else "missing",
                    "level": level,
                    "rule": deadline.rule_text,
                    "rule_note": deadline.note,
                    "evidence": {
                        "reason": why or "no report archived",
                        "last_crawl_run": run_id,
                        "last_crawled": looked,
                    },
                }
            )
    return rows


@contextmanager
def _no_gc_pauses() -> Iterator[None]:
    """No cyclic garbage collection while a big answer is built; then as it was.

    Fetching and building tens of thousands of rows (acyclic tuples and dicts, freed by
    reference counting) made the collector run several full passes over the whole heap
    per query: a quarter of the time of ``overdue`` at 50,000 bodies. Afterwards the
    collector looks at the answer once, as at any other new objects.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _late(
    session: Session,
    resolver: DeadlineResolver,
    evidence: CrawlEvidence,
    years: list[int],
    region: str | None,
    as_of: date,
    seen_by: datetime | None,
) -> list[dict[str, Any]]:
    """Reports first seen before ``seen_by`` (None: all of them) that came late."""
    # Only reports that could be late at all: claimed or first seen after the earliest
    # deadline of their year. The exact deadline is per body, checked below.
    # A year whose every deadline passed before the first healthy crawl can only be
    # late by its claimed date.
    first_crawl = evidence.first()
    maybe = []
    for y in years:
        bound = resolver.earliest(y)
        claimed_late = ReportVersion.claimed_published > bound
        if first_crawl is None or first_crawl >= day_end_utc(resolver.latest(y)):
            maybe.append(and_(Report.year == y, claimed_late))
        else:
            seen_late = Report.first_seen >= day_end_utc(bound)
            maybe.append(and_(Report.year == y, or_(claimed_late, seen_late)))
    query = (
        select(
            Report.id,
            Report.body_id,
            Body.name,
            Body.region_code,
            type_coerce(Body.level, String),  # the stored value, as ``level.value``
            Report.year,
            type_coerce(Report.first_seen, DateTime()),  # as stored: see _late_rows
            ReportVersion.claimed_published,
            ReportVersion.claimed_date_source,
        )
        .join(Body, Body.id == Report.body_id)
        .join(ReportVersion, and_(ReportVersion.report_id == Report.id, ReportVersion.number == 1))
        .where(or_(*maybe))
    )
    if seen_by is not None:
        query = query.where(Report.first_seen < seen_by)
    if region:
        query = query.where(Body.region_code.in_(region_scope(region)))
    return _late_rows(session.connection().execute(query).all(), resolver, evidence, as_of)


def _late_rows(
    candidates: Sequence[Any], resolver: DeadlineResolver, evidence: CrawlEvidence, as_of: date
) -> list[dict[str, Any]]:
    """The late ones among (report id, body id, name, region, level, year, first seen,
    claimed date, claimed date source), as result rows.

    First seen comes as stored, naive UTC on SQLite (an aware time is converted): compared
    with naive UTC bounds and written as ``isoformat() + "+00:00"``, the text of the aware
    UTC time, without making an aware time per report.
    """
    deadline_of = resolver.deadline
    # per deadline day: its end in UTC, aware and naive; per region and deadline day: the
    # last healthy crawl before that end (run id, time as text, China date) or None
    day_ends: dict[date, tuple[datetime, datetime]] = {}
    looked: dict[tuple[str, date], tuple[int, str, date] | None] = {}
    claimed_text: dict[date, str] = {}
    out: list[dict[str, Any]] = []
    append = out.append
    for (
        rid,
        body_id,
        name,
        region_code,
        level,
        year,
        first_seen,
        claimed,
        source,
    ) in candidates:
        deadline = deadline_of(level, region_code, year)
        due = deadline.date
        if due >= as_of:
            continue
        if first_seen.tzinfo is not None:
            first_seen = first_seen.astimezone(UTC).replace(tzinfo=None)
        if claimed is None:
            claimed_iso = None
        else:
            claimed_iso = claimed_text.get(claimed)
            if claimed_iso is None:
                claimed_iso = claimed_text[claimed] = claimed.isoformat()
        if claimed is not None and claimed > due:
            basis: dict[str, Any] = {"basis": "claimed"}
        else:
            ends = day_ends.get(due)
            if ends is None:
                end = day_end_utc(due)
                ends = day_ends[due] = (end, end.replace(tzinfo=None))
            if first_seen < ends[1]:  # first seen by the end of the deadline day (China)
                continue
            key = (region_code, due)
            if key in looked:
                absent = looked[key]
            else:
                found = evidence.last_before(region_code, ends[0])
                absent = looked[key] = (
                    (found[0], found[1].isoformat(), china_date(found[1])) if found else None
                )
            if absent is None:
                continue  # first seen late, but nobody looked before: not evidence of lateness
            if claimed is not None and absent[2] <= claimed:
                continue  # the crawl looked before the claimed (timely) date: the claim stands
            basis = {"basis": "crawl", "absent_in_run": absent[0], "absent_at": absent[1]}
        basis["report_id"] = rid
        basis["claimed_published"] = claimed_iso
        basis["claimed_date_source"] = source
        basis["first_seen"] = first_seen.isoformat() + "+00:00"
        append(
            {
                "body": name,
                "body_id": body_id,
                "region": region_code,
                "year": year,
                "deadline": deadline.iso,
                "status": "late",
                "level": level,
                "rule": deadline.rule_text,
                "rule_note": deadline.note,
                "evidence": basis,
            }
        )
    return out


__all__ = [
    "MissingResult",
    "default_years",
    "missing",
    "overdue",
    "parse_years",
    "unknown_cells",
]
