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
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, timezone
from typing import Any

from sqlalchemy import (
    Integer,
    and_,
    func,
    literal,
    or_,
    select,
    true,
    union_all,
)
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


def _years_table(years: list[int]) -> Any:
    selects = [select(literal(y, Integer).label("year")) for y in years]
    return (union_all(*selects) if len(selects) > 1 else selects[0]).subquery("years")


def _absent(
    session: Session, years: list[int], region: str | None, seen_before: datetime | None = None
) -> list[tuple[int, str, str, str, int]]:
    """(body id, name, region, level, year) with no report (seen before ``seen_before``)."""
    if not years:
        return []
    ys = _years_table(years)
    has = select(Report.id).where(Report.body_id == Body.id, Report.year == ys.c.year)
    if seen_before is not None:
        has = has.where(Report.first_seen < seen_before)
    query = (
        select(Body.id, Body.name, Body.region_code, Body.level, ys.c.year)
        .select_from(Body)
        .join(ys, true())
        .where(~has.exists())
        .order_by(Body.region_code, Body.name, ys.c.year)
    )
    if region:
        query = query.where(Body.region_code.in_(region_scope(region)))
    return [(i, n, r, lv.value, y) for i, n, r, lv, y in session.connection().execute(query)]


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
    for body_id, name, region_code, level, year in _absent(session, list(years), region):
        row = {
            "body": name,
            "body_id": body_id,
            "region": region_code,
            "year": year,
            "level": level,
        }
        why = _unknown(cells, body_id, year)
        if why:
            result.unknown.append({**row, "status": why})
        else:
            result.missing.append({**row, "status": "missing"})
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
    resolver = DeadlineResolver.load(session)
    years = sorted(set(years)) if years is not None else default_years(resolver, as_of)
    years = [y for y in years if resolver.earliest(y) < as_of]
    if not years:
        return []
    as_of_end = day_end_utc(as_of)
    evidence = CrawlEvidence(session, resolver)
    cells = unknown_cells(session)
    rows: list[dict[str, Any]] = []

    newest = session.scalar(select(func.max(Report.first_seen)))
    if isinstance(newest, str):  # a bare aggregate on SQLite skips the column type
        newest = datetime.fromisoformat(newest)
    if newest is not None and newest.tzinfo is None:
        newest = newest.replace(tzinfo=UTC)
    seen_before = as_of_end if newest is not None and newest >= as_of_end else None
    if as_archived:
        seen_before = None
        as_of_end = max(as_of_end, newest or as_of_end)
    for body_id, name, region_code, level, year in _absent(session, years, region, seen_before):
        deadline = resolver.deadline(level, region_code, year)
        if deadline.date >= as_of:
            continue
        why = _unknown(cells, body_id, year)
        if why and not include_unknown:
            continue
        last = evidence.last_before(region_code, as_of_end)
        rows.append(
            _row(
                name,
                body_id,
                region_code,
                level,
                year,
                deadline,
                "unknown" if why else "missing",
                {
                    "reason": why or "no report archived",
                    "last_crawl_run": last[0] if last else None,
                    "last_crawled": last[1].isoformat() if last else None,
                },
            )
        )

    for row in _late(session, resolver, evidence, years, region, as_of, as_of_end):
        rows.append(row)
    rows.sort(key=lambda r: (r["region"] or "", r["body"], r["year"]))
    return rows


def _row(
    name: str,
    body_id: int,
    region: str,
    level: str,
    year: int,
    deadline: Any,
    status: str,
    evidence: dict[str, Any],
) -> dict[str, Any]:
    return {
        "body": name,
        "body_id": body_id,
        "region": region,
        "year": year,
        "deadline": deadline.iso,
        "status": status,
        "level": level,
        "rule": deadline.rule_text,
        "rule_note": deadline.note,
        "evidence": evidence,
    }


def _late(
    session: Session,
    resolver: DeadlineResolver,
    evidence: CrawlEvidence,
    years: list[int],
    region: str | None,
    as_of: date,
    as_of_end: datetime,
) -> Iterable[dict[str, Any]]:
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
            Body.level,
            Report.year,
            Report.first_seen,
            ReportVersion.claimed_published,
            ReportVersion.claimed_date_source,
        )
        .join(Body, Body.id == Report.body_id)
        .join(ReportVersion, and_(ReportVersion.report_id == Report.id, ReportVersion.number == 1))
        .where(Report.first_seen < as_of_end, or_(*maybe))
    )
    if region:
        query = query.where(Body.region_code.in_(region_scope(region)))
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
    ) in session.connection().execute(query):
        deadline = resolver.deadline(level, region_code, year)
        if deadline.date >= as_of:
            continue
        facts: dict[str, Any] = {
            "report_id": rid,
            "claimed_published": claimed.isoformat() if claimed else None,
            "claimed_date_source": source,
            "first_seen": first_seen.isoformat(),
        }
        if claimed is not None and claimed > deadline.date:
            yield _row(
                name,
                body_id,
                region_code,
                level.value,
                year,
                deadline,
                "late",
                {"basis": "claimed", **facts},
            )
            continue
        if china_date(first_seen) <= deadline.date:
            continue
        absent = evidence.last_before(region_code, day_end_utc(deadline.date))
        if absent is None:
            continue  # first seen late, but nobody looked before: not evidence of lateness
        run_id, looked = absent
        if claimed is not None and china_date(looked) <= claimed:
            continue  # the crawl looked before the claimed (timely) date: the claim stands
        yield _row(
            name,
            body_id,
            region_code,
            level.value,
            year,
            deadline,
            "late",
            {"basis": "crawl", "absent_in_run": run_id, "absent_at": looked.isoformat(), **facts},
        )


__all__ = [
    "MissingResult",
    "default_years",
    "missing",
    "overdue",
    "parse_years",
    "unknown_cells",
]
