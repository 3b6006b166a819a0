"""The ``overdue`` query: deadlines passed with no report (missing) or a late one.

Puts together the bodies without a report (``absent``), the deadline each one has
(``archive/deadlines.py``), the crawl evidence (``evidence``) and the late reports
(``late``), as one list of rows sorted by region, body and year.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..coverage import unknown_cells
from ..deadlines import DeadlineResolver
from ..models import Report
from .absent import absent_bodies, registered_bodies, unknown_reason
from .dates import day_end_utc, default_years
from .evidence import CrawlEvidence
from .gcpause import no_gc_pauses
from .late import late_reports


def overdue(
    session: Session,
    as_of: date,
    years: Iterable[int] | None = None,
    region: str | None = None,
    *,
    include_unknown: bool = False,
    as_known: bool = False,
) -> list[dict[str, Any]]:
    """Bodies whose deadline passed before ``as_of`` with no report (``missing``) or whose
    report came after it (``late``), with the deadline, its rule and the evidence.

    By default every body-year due by ``as_of`` is judged with everything archived now
    (claimed dates, first seen, crawl evidence): "who was late by then" (``nianbao
    overdue --as-of``). ``as_known`` treats reports first seen after ``as_of`` as not
    there yet, so a past date gives the answer the archive would have given then
    (``--as-known-on``). Read only.
    """
    with no_gc_pauses():
        return _overdue(session, as_of, years, region, include_unknown, not as_known)


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
    cells = unknown_cells(session, region)

    newest = session.scalar(select(func.max(Report.first_seen)))
    if isinstance(newest, str):  # a bare aggregate on SQLite skips the column type
        newest = datetime.fromisoformat(newest)
    if newest is not None and newest.tzinfo is None:
        newest = newest.replace(tzinfo=UTC)
    seen_before = as_of_end if newest is not None and newest >= as_of_end else None
    if as_archived:
        seen_before = None
        as_of_end = max(as_of_end, newest or as_of_end)
    bodies = registered_bodies(session, region)  # by region and name
    rows = _missing_rows(
        absent_bodies(session, years, region, seen_before, bodies),
        resolver,
        evidence,
        cells,
        as_of,
        as_of_end,
        include_unknown,
    )
    # every report was first seen before as_of_end unless the newest was not
    seen_by = as_of_end if newest is not None and newest >= as_of_end else None
    if as_archived:
        seen_by = None  # every report, the newest included
    by_id = {body[0]: body for body in bodies}
    rows.extend(
        late_reports(session, resolver, evidence, years, region, as_of, seen_by, bodies=by_id)
    )
    # by region, body and year: one integer per row, from each body's place in that order
    # (not (region, name, year) tuples of text: a fifth of the time; (region code, name)
    # is unique, so the order is the same)
    place = {body[0]: i for i, body in enumerate(bodies)}
    rows.sort(key=lambda row: place[row["body_id"]] * 10_000 + row["year"])
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
    # per region: the last healthy crawl before the cutoff (run id, time as text); the
    # regions under one source share it, and its text is made once
    last_seen: dict[str, tuple[int | None, str | None]] = {}
    as_text: dict[tuple[int, datetime], tuple[int | None, str | None]] = {}
    rows: list[dict[str, Any]] = []
    append = rows.append
    for body_id, name, region_code, level, years in absent:
        last = last_seen.get(region_code)
        if last is None:
            found = evidence.last_before(region_code, as_of_end)
            if found is None:
                last = (None, None)
            else:
                last = as_text.get(found)
                if last is None:
                    last = as_text[found] = (found[0], found[1].isoformat())
            last_seen[region_code] = last
        run_id, looked = last
        cell = body_id in cell_bodies
        for year in years:
            deadline = deadline_of(level, region_code, year)
            if deadline.date >= as_of:
                continue
            why = unknown_reason(cells, body_id, year) if cell else None
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
