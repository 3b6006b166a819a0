"""Who published which year: a grid of registered bodies × years.

A cell is ``found`` (a report is archived), ``missing`` (nothing found), ``inactive``
(nothing found, and the body's division was gone by that report year: ``bodies.inactive_from``),
or — when the crawler could not see — ``blocked``, ``broken`` (the body's report link is
dead) or ``unreachable``. Those three are "unknown", never "missing": a body is only missing
when its sources were read and had nothing for it. The evidence is each source's
latest run: a column page that was blocked makes every body under it unknown; a
report link that was blocked makes that one body and year unknown.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import and_, func, select
from sqlalchemy.orm import Session

from .attribution import BodyIndex, region_scope
from .extract.meta import body_from_title, title_year
from .models import Body, Capture, FetchOutcome, Region, Report, Source

UNKNOWN = ("blocked", "broken", "unreachable")


@dataclass
class CoverageRow:
    body: str
    body_id: int
    region: str
    level: str
    years: dict[int, str] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return {
            "body": self.body,
            "body_id": self.body_id,
            "region": self.region,
            "level": self.level,
            "years": {str(y): s for y, s in self.years.items()},
        }


def coverage(
    session: Session, years: Iterable[int], region: str | None = None
) -> list[CoverageRow]:
    years = list(years)
    query = select(Body).order_by(Body.region_code, Body.level, Body.name)
    if region is not None:
        query = query.where(Body.region_code.in_(region_scope(region)))
    bodies = list(session.scalars(query))
    found = {
        (body_id, year)
        for body_id, year in session.execute(
            select(Report.body_id, Report.year).where(Report.body_id.is_not(None))
        )
    }
    unknown = unknown_cells(session, region)
    rows = []
    for body in bodies:
        row = CoverageRow(body.name, body.id, body.region_code, body.level.value)
        for year in years:
            if (body.id, year) in found:
                row.years[year] = "found"
            elif body.inactive_from is not None and year >= body.inactive_from.year:
                row.years[year] = "inactive"
            else:
                row.years[year] = unknown.get((body.id, year)) or unknown.get(
                    (body.id, None), "missing"
                )
        rows.append(row)
    return rows


def _covering(session: Session, region: str) -> set[str]:
    """``region``, the regions below it and those above it: the regions of the sources
    that can list a body of ``region`` (a city's portal lists its townships too)."""
    codes = set(session.scalars(region_scope(region)))
    parent = session.scalar(select(Region.parent_code).where(Region.code == region))
    while parent is not None and parent not in codes:  # bounded: a code is added each time
        codes.add(parent)
        parent = session.scalar(select(Region.parent_code).where(Region.code == parent))
    return codes


def unknown_cells(
    session: Session, region: str | None = None
) -> dict[tuple[int, int | None], str]:
    """(body, year) → blocked / broken / unreachable; (body, None) for a whole column.

    The same reading as ``archive.coverage`` (each source's latest run), but it only
    looks at the sources whose latest run had a failed fetch, so it stays fast with
    many sources. With ``region``, only the sources that can list its bodies (in it,
    below it or above it); cells of bodies outside it may still appear.
    """
    latest = (
        select(Capture.source_id, func.max(Capture.run_id).label("run_id"))
        .where(Capture.source_id.is_not(None))
        .group_by(Capture.source_id)
        .subquery()
    )
    bad = tuple(FetchOutcome(s) for s in UNKNOWN)
    query = (
        select(
            Capture.source_id,
            Source.region_code,
            Capture.role,
            Capture.outcome,
            Capture.context,
        )
        .join(
            latest, and_(latest.c.source_id == Capture.source_id, latest.c.run_id == Capture.run_id)
        )
        .join(Source, Source.id == Capture.source_id)
        .where(Capture.outcome.in_(bad))
        .order_by(Capture.source_id, Capture.id)
    )
    if region is not None:
        query = query.where(Source.region_code.in_(_covering(session, region)))
    cells: dict[tuple[int, int | None], str] = {}
    indexes: dict[int, BodyIndex] = {}
    listed: dict[str, list[int]] = {}  # per source region: the bodies its pages can list
    for source_id, source_region, role, outcome, context in session.execute(query):
        status = outcome.value
        if role == "list":  # any list page unseen hides whatever it listed
            bodies = listed.get(source_region)
            if bodies is None:
                bodies = listed[source_region] = list(
                    session.scalars(
                        select(Body.id).where(Body.region_code.in_(region_scope(source_region)))
                    )
                )
            for body_id in bodies:
                cells.setdefault((body_id, None), status)
            continue
        index = indexes.get(source_id)
        if index is None:
            index = indexes[source_id] = BodyIndex.for_region(session, source_region)
        title = (context or {}).get("title")
        body = index.match(body_from_title(title))
        year = title_year(title)
        if body and year:
            cells[(body.body_id, year)] = status
    return cells
