"""Read-only questions the CLI and the dashboard ask of the archive (rows as dicts)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from .attribution import region_scope
from .models import CrawlRun, Report, ReportVersion
from .runs import source_health


def report_rows(session: Session, region: str | None = None) -> list[dict[str, Any]]:
    """One row per (body, year) report, described by its newest version."""
    latest = (
        select(ReportVersion.report_id, func.max(ReportVersion.number).label("number"))
        .group_by(ReportVersion.report_id)
        .subquery()
    )
    query = (
        select(Report, ReportVersion, latest.c.number)
        .join(latest, latest.c.report_id == Report.id)
        .join(
            ReportVersion,
            (ReportVersion.report_id == Report.id) & (ReportVersion.number == latest.c.number),
        )
        .order_by(Report.region_code, Report.body_name, Report.year)
    )
    if region:
        query = query.where(Report.region_code.in_(region_scope(region)))
    return [
        {
            "body": report.body_name,
            "body_id": report.body_id,
            "region": report.region_code,
            "year": report.year,
            "template": version.template,
            "url": version.url,
            "document_url": version.document_url,
            "format": version.document_format,
            "published": version.claimed_published.isoformat()
            if version.claimed_published
            else None,
            "first_seen": report.first_seen.isoformat(),
            "versions": number,
            "status": report.status.value,
            # which rung of the evidence ladder decided year and body (archive/evidence.py)
            "year_basis": version.year_basis,
            "body_basis": version.body_basis,
        }
        for report, version, number in session.execute(query)
    ]


def run_rows(session: Session, limit: int = 50) -> list[dict[str, Any]]:
    rows = []
    for run in session.scalars(select(CrawlRun).order_by(CrawlRun.id.desc()).limit(limit)):
        sources = source_health(run.stats)
        rows.append(
            {
                "id": run.id,
                "started": run.started_at.isoformat(),
                "finished": run.finished_at.isoformat() if run.finished_at else None,
                "status": run.status.value,
                "region": run.region_code,
                "source": run.source_url,
                "pages": sum(s.pages for s in sources.values()),
                "reports": sum(s.reports for s in sources.values()),
                "blocked": sum(s.blocked for s in sources.values()),
                "broken": sum(s.broken for s in sources.values()),
                "unreachable": sum(s.unreachable for s in sources.values()),
                "sources_broken": sum(1 for s in sources.values() if not s.healthy),
            }
        )
    return rows
