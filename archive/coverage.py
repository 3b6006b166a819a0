"""Who published which year: a grid of registered bodies × years.

A cell is ``found`` (a report is archived), ``missing`` (nothing found), or — when the
crawler could not see — ``blocked``, ``broken`` (the body's report link is dead) or
``unreachable``. Those three are "unknown", never "missing": a body is only missing
when its sources were read and had nothing for it. The evidence is each source's
latest run: a column page that was blocked makes every body under it unknown; a
report link that was blocked makes that one body and year unknown.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from .attribution import BodyIndex, descendants, name_from_title
from .models import Body, Capture, FetchOutcome, Report, Source

UNKNOWN = ("blocked", "broken", "unreachable")
_YEAR = re.compile(r"((?:19|20)\d{2})\s*年")


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
    regions = descendants(session, region) if region else None
    query = select(Body).order_by(Body.region_code, Body.level, Body.name)
    if regions is not None:
        query = query.where(Body.region_code.in_(regions))
    bodies = list(session.scalars(query))
    found = {
        (body_id, year)
        for body_id, year in session.execute(
            select(Report.body_id, Report.year).where(Report.body_id.is_not(None))
        )
    }
    unknown = _unknown_cells(session)
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


def _unknown_cells(session: Session) -> dict[tuple[int, int | None], str]:
    """(body, year) → why it is unknown; (body, None) when a whole column was unseen."""
    latest = dict(
        session.execute(
            select(Capture.source_id, func.max(Capture.run_id)).group_by(Capture.source_id)
        ).all()
    )
    cells: dict[tuple[int, int | None], str] = {}
    bad = (FetchOutcome.BLOCKED, FetchOutcome.BROKEN, FetchOutcome.UNREACHABLE)
    for source in session.scalars(select(Source)):
        run_id = latest.get(source.id)
        if run_id is None:
            continue
        index = BodyIndex.for_region(session, source.region_code)
        rows = session.execute(
            select(Capture.requested_url, Capture.role, Capture.outcome, Capture.context).where(
                Capture.source_id == source.id, Capture.run_id == run_id, Capture.outcome.in_(bad)
            )
        )
        for url, role, outcome, context in rows:
            status = outcome.value
            if role == "list" and url == source.url:
                for cand in {c for cs in index.names.values() for c in cs}:
                    cells.setdefault((cand.body_id, None), status)
                continue
            title = (context or {}).get("title")
            body = index.match(name_from_title(title))
            year = _YEAR.search(title or "")
            if body and year:
                cells[(body.body_id, int(year.group(1)))] = status
    return cells
