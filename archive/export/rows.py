"""One row per report version: who, which year, when seen, and every figure by path.

>>> flatten({"active": {"fees": {"amount": 2.5}}, "checks": []})
{'active.fees.amount': 2.5}
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from sqlalchemy import String, select, type_coerce
from sqlalchemy.orm import Session

from ..attribution import region_scope
from ..figure_labels import SECTIONS, all_paths
from ..models import Body, Report, ReportVersion

BASE_COLUMNS = (
    "report_id",
    "version",
    "body",
    "body_id",
    "region",
    "level",
    "year",
    "template",
    "status",
    "claimed_published",
    "claimed_date_source",
    "first_seen",
    "last_seen",
    "url",
    "document_url",
    "document_format",
    "checks_failed",
)
_BATCH = 2000


def flatten(figures: dict[str, Any]) -> dict[str, Any]:
    """The figures of the schema's three tables as ``{path: value}``."""
    out: dict[str, Any] = {}
    for section in SECTIONS:
        rows = figures.get(section)
        if not isinstance(rows, dict):
            continue
        for row, cells in rows.items():
            if isinstance(cells, dict):
                for column, value in cells.items():
                    out[f"{section}.{row}.{column}"] = value
    return out


def export_columns() -> list[str]:
    """The base columns, then every figure path of either template."""
    return [*BASE_COLUMNS, *all_paths()]


def version_rows(
    session: Session,
    *,
    region: str | None = None,
    years: list[int] | None = None,
    level: str | None = None,
) -> Iterator[dict[str, Any]]:
    """Every version of every report (registered body or not, filters permitting), by
    region, body, year and version; read in batches so memory stays flat."""
    query = (
        select(
            Report.id,
            ReportVersion.number,
            Report.body_name,
            Report.body_id,
            Report.region_code,
            type_coerce(Body.level, String),
            Report.year,
            ReportVersion.template,
            type_coerce(Report.status, String),
            ReportVersion.claimed_published,
            ReportVersion.claimed_date_source,
            ReportVersion.first_seen,
            ReportVersion.last_seen,
            ReportVersion.url,
            ReportVersion.document_url,
            ReportVersion.document_format,
            ReportVersion.figures,
        )
        .join(Report, Report.id == ReportVersion.report_id)
        .outerjoin(Body, Body.id == Report.body_id)
        .order_by(Report.region_code, Report.body_name, Report.year, ReportVersion.number)
        .execution_options(yield_per=_BATCH)
    )
    if region:
        query = query.where(Report.region_code.in_(region_scope(region)))
    if years:
        query = query.where(Report.year.in_(years))
    if level:
        query = query.where(Body.level == level)
    for row in session.execute(query):
        *base, figures = row
        figures = figures or {}
        record = dict(zip(BASE_COLUMNS, [*base, None], strict=True))
        record["checks_failed"] = sum(
            1 for c in figures.get("checks") or [] if isinstance(c, dict) and not c.get("ok")
        )
        for key in ("claimed_published", "first_seen", "last_seen"):
            if record[key] is not None:
                record[key] = record[key].isoformat()
        record.update(flatten(figures))
        yield record
