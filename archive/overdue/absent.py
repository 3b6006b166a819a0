"""Bodies without a report: the one-pass query behind ``missing`` and ``overdue``.

``absent_bodies`` finds, per registered body, the asked years it has no report for (a
bit mask of the years present per body, one pass over the reports). ``missing`` lists
them per year, split into *missing* and *unknown*: a body whose source was blocked,
broken or unreachable in its latest run could not be seen (``archive/coverage.py``).
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from ..attribution import region_scope
from ..coverage import unknown_cells
from ..driver_rows import as_date, driver_rows
from ..models import Body, Report
from .gcpause import no_gc_pauses

_MASK_BITS = 30  # years per mask column: sums stay plain integers on every backend


BodyRow = tuple[int, str, str, str, Any]  # id, name, region code, level, inactive from


def registered_bodies(
    session: Session, region: str | None = None, ids: Collection[int] | None = None
) -> list[BodyRow]:
    """(id, name, region code, level, inactive from) of the registered bodies (under
    ``region``, of ``ids`` when given), as the driver gives them (the level its stored
    value), by region code and name compared as Python compares text (by code point;
    PostgreSQL is told to, its default collation may not).
    """
    code, name = Body.region_code, Body.name
    if session.get_bind().dialect.name == "postgresql":
        code, name = code.collate("C"), name.collate("C")
    query = select(
        Body.id, Body.name, Body.region_code, Body.level, Body.inactive_from
    ).order_by(code, name)
    if region:
        query = query.where(Body.region_code.in_(region_scope(region)))
    if ids is not None:
        query = query.where(Body.id.in_(list(ids)))
    return driver_rows(session, query)


def absent_bodies(
    session: Session,
    years: list[int],
    region: str | None,
    seen_before: datetime | None = None,
    bodies: list[BodyRow] | None = None,
) -> list[tuple[int, str, str, str, list[int]]]:
    """(body id, name, region, level, years) per body with no report (seen before
    ``seen_before``) for those years, by region and name; the years ascending (a year
    given twice is listed twice). ``bodies``: ``registered_bodies(session, region)``
    when the caller has them already.

    One pass over the reports: per body, a bit mask of the years it has (a sum of
    distinct powers of two, since a body has one report per year), kept for the bodies
    whose mask is not full; then one pass over the bodies, working out their missing
    years here. A body inactive from a date (its division gone) is not expected for
    report years from that date's year on.
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
        select(Report.body_id, *masks)
        .where(Report.body_id.is_not(None), Report.year.in_(distinct))
        .group_by(Report.body_id)
    )
    if seen_before is not None:
        has = has.where(Report.first_seen < seen_before)
    if region:
        scope = region_scope(region)
        has = has.where(Report.body_id.in_(select(Body.id).where(Body.region_code.in_(scope))))
    # per body with a report in those years: the years it has, as one mask
    fetched = driver_rows(session, has)
    present: dict[int, int]
    if len(chunks) == 1:  # the usual case, without a loop of Python statements per body
        present = {body_id: int(mask) for body_id, mask in fetched}
    else:
        present = {}
        for body_id, *parts in fetched:
            have = 0
            for k, part in enumerate(parts):
                have |= int(part) << (k * _MASK_BITS)
            present[body_id] = have
    if bodies is None:
        bodies = registered_bodies(session, region)
    complete = (1 << len(distinct)) - 1
    first_gone = date(ascending[0] + 1, 1, 1)
    out: list[tuple[int, str, str, str, list[int]]] = []
    missing_of: dict[int, list[int]] = {}  # per mask of years present: the years absent
    for body_id, name, region_code, level, inactive_from in bodies:
        have = present.get(body_id, 0)
        if have == complete:
            continue
        absent = missing_of.get(have)
        if absent is None:
            absent = missing_of[have] = [y for y in ascending if not have & bit[y]]
        if inactive_from is not None:
            gone = as_date(inactive_from)
            if gone < first_gone:
                continue
            absent = [y for y in absent if y < gone.year]
            if not absent:
                continue
        out.append((body_id, name, region_code, level, absent))
    return out


def unknown_reason(cells: dict[tuple[int, int | None], str], body_id: int, year: int) -> str | None:
    return cells.get((body_id, year)) or cells.get((body_id, None))


@dataclass
class MissingResult:
    """Bodies × years with no report, split into missing and unknown (could not see)."""

    missing: list[dict[str, Any]]
    unknown: list[dict[str, Any]]


def missing(session: Session, years: Iterable[int], region: str | None = None) -> MissingResult:
    """Registered bodies without a report for each of ``years`` (no commit, read only)."""
    cells = unknown_cells(session, region)
    result = MissingResult([], [])
    cell_bodies = {body_id for body_id, _ in cells}
    with no_gc_pauses():
        rows = absent_bodies(session, list(years), region)
        for body_id, name, region_code, level, absent in rows:
            for year in absent:
                why = unknown_reason(cells, body_id, year) if body_id in cell_bodies else None
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
