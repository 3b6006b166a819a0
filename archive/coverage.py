"""Who published which year: a grid of registered bodies × years.

A cell is ``found`` (a report is archived), ``missing`` (nothing found), or — when the
crawler could not see — ``blocked``, ``broken`` (the body's report link is dead) or
``unreachable``. Those three are "unknown", never "missing": a body is only missing
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
from .models import Body, Capture, FetchOutcome, Report, Source

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
    unknown = unknown_cells(session)
    rows = []
    for body in bodies:
        row = CoverageRow(body.name, body.id, body.region_code, body.level.value)
        for year in years:
            if (body.id, year) in found:
                row.years[year] = "found"
            else:
                row.years[year] = unknown.get((body.id, year)) or unknown.get(
                    (body.id, None), "missing"
                )
        rows.append(row)
    return rows


def unknown_cells(session: Session) -> dict[tuple[int, int | None], str]:
    """(body, year) → blocked / broken / unreachable; (body, None) for a whole column.

    The same reading as ``archive.coverage`` (each source's latest run), but it only
    looks at the sources whose latest run had a failed fetch, so it stays fast with
    many sources.
    """
    latest = (
        select(Capture.source_id, func.max(Capture.run_id).label("run_id"))
        .where(Capture.source_id.is_not(None))
        .group_by(Capture.source_id)
        .subquery()
    )
    bad = tuple(FetchOutcome(s) for s in UNKNOWN)
    rows = session.execute(
        select(
            Capture.source_id, Capture.requested_url, Capture.role, Capture.outcome, Capture.context
        )
        .join(
            latest, and_(latest.c.source_id == Capture.source_id, latest.c.run_id == Capture.run_id)
        )
        .where(Capture.outcome.in_(bad))
        .order_by(Capture.source_id, Capture.id)
    ).all()
    cells: dict[tuple[int, int | None], str] = {}
    indexes: dict[int, tuple[Source, BodyIndex]] = {}
    for source_id, _url, role, outcome, context in rows:
        if source_id not in indexes:
            source = session.get(Source, source_id)
            if source is None:
                continue
            indexes[source_id] = (source, BodyIndex.for_region(session, source.region_code))
        source, index = indexes[source_id]
        status = outcome.value
        if role == "list":  # any list page unseen hides whatever it listed
            for cand in {c for cs in index.names.values() for c in cs}:
                cells.setdefault((cand.body_id, None), status)
            continue
        title = (context or {}).get("title")
        body = index.match(body_from_title(title))
        year = title_year(title)
        if body and year:
            cells[(body.body_id, year)] = status
    return cells
