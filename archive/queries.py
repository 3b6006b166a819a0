"""Read-only questions the CLI and the dashboard ask of the archive (rows as dicts)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from .attribution import region_scope
from .models import Body, CrawlRun, Finding, Region, Report, ReportVersion, Source
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
                # a cluster run (docs/scale.md): where its latest attempt ran, and how it went
                "node": run.node,
                "job_id": run.job_id,
                "outcome": run.outcome,
                "attempts": run.attempts,
            }
        )
    return rows


def finding_rows(
    session: Session,
    kind: str | None = None,
    *,
    report_ids: list[int] | None = None,
    limit: int | None = None,
    offset: int = 0,
) -> list[dict[str, Any]]:
    """Findings, newest first, with the body and year of their report when they have one."""
    query = (
        select(Finding, Report.body_name, Report.year, Report.body_id)
        .outerjoin(Report, Report.id == Finding.report_id)
        .order_by(Finding.id.desc())
    )
    if kind:
        query = query.where(Finding.kind == kind)
    if report_ids is not None:
        query = query.where(Finding.report_id.in_(report_ids))
    if limit:
        query = query.limit(limit).offset(offset)
    return [
        {
            "id": f.id,
            "kind": f.kind,
            "severity": f.severity.value,
            "message": f.message,
            "body": body,
            "body_id": body_id,
            "year": year,
            "report_id": f.report_id,
            "version_id": f.version_id,
            "capture_id": f.capture_id,
            "run_id": f.run_id,
            "source_id": f.source_id,
            "created_at": f.created_at.isoformat(),
            "detail": f.detail,
        }
        for f, body, year, body_id in session.execute(query)
    ]


def finding_kinds(session: Session) -> list[tuple[str, int]]:
    """Each finding kind and how many findings it has."""
    return [
        (kind, count)
        for kind, count in session.execute(
            select(Finding.kind, func.count()).group_by(Finding.kind).order_by(Finding.kind)
        )
    ]


def source_rows(session: Session, show_all: bool = False) -> list[dict[str, Any]]:
    """Registered sources with their region and the bodies registered at and below it;
    removed ones (``sources remove``) only with ``show_all``."""
    body_counts = dict(
        session.execute(select(Body.region_code, func.count()).group_by(Body.region_code)).all()
    )
    children: dict[str, list[str]] = {}
    for code, parent in session.execute(select(Region.code, Region.parent_code)):
        if parent:
            children.setdefault(parent, []).append(code)

    def bodies_under(code: str, seen: frozenset[str] = frozenset()) -> int:
        if code in seen:
            return 0
        return body_counts.get(code, 0) + sum(
            bodies_under(c, seen | {code}) for c in children.get(code, [])
        )

    return [
        {
            "id": s.id,
            "url": s.url,
            "region": s.region_code,
            "region_name": s.region.name,
            "family": s.family,
            "name": s.name,
            "bodies": bodies_under(s.region_code),
            "enabled": s.enabled,
            "removed": s.removed_at.isoformat() if s.removed_at else None,
            "settings": s.settings,
        }
        for s in session.scalars(select(Source).order_by(Source.region_code, Source.url))
        if show_all or s.removed_at is None
    ]
