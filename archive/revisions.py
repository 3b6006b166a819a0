"""Finding revisions and the versions to diff: the archive side of the diff job."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from .attribution import normalize_name, region_scope
from .diff import diff_versions, figure_changes
from .errors import InputError
from .lookups import require_report, unknown_body
from .models import Body, Report, ReportVersion


def find_report(session: Session, body_or_report: str, year: int | None) -> Report:
    """A report by id, or by body name / alias (registered or as found) and year."""
    if body_or_report.isdigit() and year is None:
        return require_report(session, int(body_or_report))
    if year is None:
        raise InputError("give a YEAR with a body name (or a report id alone)")
    wanted = normalize_name(body_or_report)
    body_ids = [
        b.id
        for b in session.scalars(select(Body))
        if wanted in {normalize_name(n) for n in (b.name, *(b.aliases or []))}
    ]
    query = select(Report).where(Report.year == year)
    reports = list(
        session.scalars(
            query.where(Report.body_id.in_(body_ids))
            if body_ids
            else query.where(Report.body_name == body_or_report)
        )
    )
    if not reports:
        raise unknown_body(session, body_or_report, year)
    if len(reports) > 1:
        ids = ", ".join(str(r.id) for r in reports)
        raise InputError(f"{body_or_report} {year} names several reports ({ids}): give the id")
    return reports[0]


def version_data(version: ReportVersion) -> dict[str, Any]:
    return {"figures": version.figures, "text": version.text}


def report_diff(
    session: Session, report: Report, old: int | None = None, new: int | None = None
) -> dict[str, Any]:
    versions = {v.number: v for v in report.versions}
    if not versions:
        raise InputError(f"report {report.id} has no versions")
    new = new or max(versions)
    old = old or max(new - 1, 1)
    for n in (old, new):
        if n not in versions:
            raise InputError(f"report {report.id} has no version {n} (it has 1-{max(versions)})")
    a, b = versions[old], versions[new]
    return {
        "report": report.id,
        "body": report.body_name,
        "year": report.year,
        "from": _describe(a),
        "to": _describe(b),
        **diff_versions(version_data(a), version_data(b)),
    }


def _describe(v: ReportVersion) -> dict[str, Any]:
    return {
        "version": v.number,
        "url": v.url,
        "document_url": v.document_url,
        "first_seen": v.first_seen.isoformat(),
        "last_seen": v.last_seen.isoformat(),
        "published": v.claimed_published.isoformat() if v.claimed_published else None,
    }


def revision_rows(
    session: Session, since: date | None = None, region: str | None = None
) -> list[dict[str, Any]]:
    """Every version after a report's first: what changed and when it was first seen."""
    query = (
        select(ReportVersion, Report)
        .join(Report, Report.id == ReportVersion.report_id)
        .where(ReportVersion.number > 1)
        .order_by(ReportVersion.first_seen, ReportVersion.id)
    )
    if since:
        query = query.where(ReportVersion.first_seen >= datetime.combine(since, time(), UTC))
    if region:
        query = query.where(Report.region_code.in_(region_scope(region)))
    rows = []
    for version, report in session.execute(query):
        previous = session.scalars(
            select(ReportVersion).where(
                ReportVersion.report_id == report.id, ReportVersion.number == version.number - 1
            )
        ).one()
        diff = diff_versions(version_data(previous), version_data(version))
        rows.append(
            {
                "body": report.body_name,
                "body_id": report.body_id,
                "year": report.year,
                "url": version.url,
                "document_url": version.document_url,
                "version": version.number,
                "previous_version": previous.number,
                "seen": version.first_seen.isoformat(),
                "figures": figure_changes(previous.figures or {}, version.figures or {}),
                "text_changed": diff["text_changed"],
                "published": version.claimed_published.isoformat()
                if version.claimed_published
                else None,
                "previous_published": previous.claimed_published.isoformat()
                if previous.claimed_published
                else None,
            }
        )
    return rows
