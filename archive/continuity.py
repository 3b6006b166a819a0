"""Cross-year continuity: what one year carries forward, the next must carry over.

Report Y's row 四、结转下年度继续办理 (``applications.carried_forward``) should equal
report Y+1's row 二、上年结转 (``applications.carried_over``), column by column. When
they differ, a ``continuity`` finding names both reports, both versions and every
differing column. Each report is read in its newest version. A finding identical to
one already recorded (same pair of versions, same differences) is not added again.

``check_continuity`` looks at the pairs around one report (the ingest calls it after a
new version); ``check_all`` makes a whole-archive pass.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from .models import Finding, Report, ReportVersion, Severity

KIND = "continuity"
COLUMNS = (
    "natural_person",
    "enterprise",
    "research",
    "social_org",
    "legal_service",
    "other",
    "total",
)


def _row(version: ReportVersion, key: str) -> dict[str, Any]:
    apps = (version.figures or {}).get("applications") or {}
    row = apps.get(key)
    return row if isinstance(row, dict) else {}


def differences(earlier: ReportVersion, later: ReportVersion) -> list[dict[str, Any]]:
    """Columns where ``earlier``'s carried_forward differs from ``later``'s carried_over.

    A column blank (null or absent) on either side is not compared.
    """
    forward, over = _row(earlier, "carried_forward"), _row(later, "carried_over")
    out = []
    for column in COLUMNS:
        a, b = forward.get(column), over.get(column)
        if a is None or b is None or isinstance(a, str) or isinstance(b, str):
            continue
        if a != b:
            out.append({"column": column, "carried_forward": a, "carried_over": b})
    return out


def _newest(session: Session, report: Report) -> ReportVersion | None:
    return session.scalars(
        select(ReportVersion)
        .where(ReportVersion.report_id == report.id)
        .order_by(ReportVersion.number.desc())
        .limit(1)
    ).first()


def _neighbour(session: Session, report: Report, year: int) -> Report | None:
    query = select(Report).where(Report.year == year)
    if report.body_id is not None:
        query = query.where(Report.body_id == report.body_id)
    else:
        query = query.where(
            Report.body_id.is_(None),
            Report.region_code == report.region_code,
            Report.body_name == report.body_name,
        )
    return session.scalars(query).first()


def _pair(
    session: Session,
    earlier: Report,
    later: Report,
    versions: tuple[ReportVersion, ReportVersion],
    existing: set[tuple[int, int, str]] | None = None,
) -> Finding | None:
    old, new = versions
    diffs = differences(old, new)
    if not diffs:
        return None
    signature = repr(diffs)
    key = (old.id, new.id, signature)
    if existing is None:
        existing = _existing(session, [later.id])
    if key in existing:
        return None
    existing.add(key)
    cols = ", ".join(f"{d['column']} {d['carried_forward']}≠{d['carried_over']}" for d in diffs)
    finding = Finding(
        kind=KIND,
        severity=Severity.WARNING,
        message=(
            f"{later.body_name}: {earlier.year} 结转下年度继续办理 and {later.year} 上年结转"
            f" differ ({cols})"
        )[:1000],
        detail={
            "earlier": {"report_id": earlier.id, "version_id": old.id, "year": earlier.year},
            "later": {"report_id": later.id, "version_id": new.id, "year": later.year},
            "differences": diffs,
        },
        report_id=later.id,
        version_id=new.id,
    )
    session.add(finding)
    return finding


def _existing(session: Session, report_ids: list[int] | None) -> set[tuple[int, int, str]]:
    """Signatures of the continuity findings recorded (for these reports, or all)."""
    query = select(Finding.detail).where(Finding.kind == KIND)
    if report_ids is not None:
        query = query.where(Finding.report_id.in_(report_ids))
    found = set()
    for detail in session.scalars(query):
        try:
            found.add(
                (
                    detail["earlier"]["version_id"],
                    detail["later"]["version_id"],
                    repr(detail["differences"]),
                )
            )
        except (KeyError, TypeError):
            continue
    return found


def check_continuity(session: Session, report: Report) -> list[Finding]:
    """Findings for the pairs (Y-1, Y) and (Y, Y+1) around ``report`` (no commit)."""
    mine = _newest(session, report)
    if mine is None:
        return []
    findings = []
    before = _neighbour(session, report, report.year - 1)
    if before is not None and (old := _newest(session, before)) is not None:
        f = _pair(session, before, report, (old, mine))
        if f:
            findings.append(f)
    after = _neighbour(session, report, report.year + 1)
    if after is not None and (new := _newest(session, after)) is not None:
        f = _pair(session, report, after, (mine, new))
        if f:
            findings.append(f)
    return findings


def check_all(session: Session) -> list[Finding]:
    """A whole-archive pass: every consecutive pair of years of every body (no commit)."""
    newest = (
        select(ReportVersion.report_id, func.max(ReportVersion.number).label("number"))
        .group_by(ReportVersion.report_id)
        .subquery()
    )
    rows = session.execute(
        select(Report, ReportVersion)
        .join(newest, newest.c.report_id == Report.id)
        .join(
            ReportVersion,
            (ReportVersion.report_id == Report.id) & (ReportVersion.number == newest.c.number),
        )
    ).all()
    by_body: dict[tuple[Any, ...], dict[int, tuple[Report, ReportVersion]]] = defaultdict(dict)
    for report, version in rows:
        key = (
            ("id", report.body_id)
            if report.body_id is not None
            else ("name", report.region_code, report.body_name)
        )
        by_body[key][report.year] = (report, version)
    existing = _existing(session, None)
    findings = []
    for years in by_body.values():
        for year, (report, version) in sorted(years.items()):
            nxt = years.get(year + 1)
            if nxt is None:
                continue
            f = _pair(session, report, nxt[0], (version, nxt[1]), existing)
            if f:
                findings.append(f)
    return findings
