"""Which alerts to raise and resolve, from the state of the archive.

- ``overdue:<body_id>:<year>`` — a body's deadline passed with no report
  (``archive.overdue``); resolved when the report appears, noting whether it was late.
- ``source_broken:<finding_id>`` — a source's latest run left a ``source_broken``
  finding; one alert per broken spell (keyed by its first finding), resolved when a
  later run finds the source healthy again.
- ``revision:<version_id>`` — a report got a version numbered above 1.

Each key is raised once, ever (``alerts.key`` is unique). No commit.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy import and_, select
from sqlalchemy.orm import Session

from ..models import (
    Alert,
    AlertStatus,
    CrawlRun,
    Finding,
    Report,
    ReportVersion,
    RunStatus,
    Source,
    utcnow,
)
from ..overdue import china_date, overdue
from ..runs import source_health


@dataclass
class CheckResult:
    """The alerts one check raised and resolved (flushed, not committed)."""

    raised: list[Alert] = field(default_factory=list)
    resolved: list[Alert] = field(default_factory=list)


def check_alerts(
    session: Session,
    as_of: date,
    now: datetime | None = None,
    region: str | None = None,
    *,
    require_crawl: bool = False,
) -> CheckResult:
    """Raise new alerts and resolve settled ones as of ``as_of`` (no commit).

    ``require_crawl``: raise an overdue alert only when a healthy crawl of the body's
    region finished after the deadline (someone looked, and the report was not there).
    """
    now = now or utcnow()
    keys = set(session.scalars(select(Alert.key)))
    result = CheckResult()

    def raise_(alert: Alert) -> None:
        if alert.key in keys:
            return
        keys.add(alert.key)
        alert.raised_at = now
        session.add(alert)
        result.raised.append(alert)

    _resolve_overdue(session, now, result)
    for row in overdue(session, as_of, region=region):
        if row["status"] != "missing":
            continue
        if require_crawl and not _looked_after(row):
            continue
        raise_(
            Alert(
                key=f"overdue:{row['body_id']}:{row['year']}",
                kind="overdue",
                body_id=row["body_id"],
                year=row["year"],
                message=(
                    f"{row['body']} ({row['region']}) has not published its {row['year']}"
                    f" report, due {row['deadline']}"
                ),
                detail={k: row[k] for k in ("body", "region", "deadline", "rule", "evidence")},
            )
        )
    _source_alerts(session, now, result, raise_)
    for alert in _revisions(session, keys):
        raise_(alert)
    session.flush()
    return result


def _looked_after(row: dict[str, Any]) -> bool:
    looked = row["evidence"].get("last_crawled")
    if not looked:
        return False
    return china_date(datetime.fromisoformat(looked)) > date.fromisoformat(row["deadline"])


def _resolve_overdue(session: Session, now: datetime, result: CheckResult) -> None:
    rows = session.execute(
        select(Alert, Report, ReportVersion)
        .join(Report, and_(Report.body_id == Alert.body_id, Report.year == Alert.year))
        .join(ReportVersion, and_(ReportVersion.report_id == Report.id, ReportVersion.number == 1))
        .where(Alert.kind == "overdue", Alert.status != AlertStatus.RESOLVED)
    ).all()
    for alert, report, version in rows:
        deadline = date.fromisoformat(alert.detail.get("deadline", "9999-12-31"))
        claimed = version.claimed_published
        timely_claim = claimed is not None and claimed <= deadline
        alert.status = AlertStatus.RESOLVED
        alert.resolved_at = now
        if timely_claim and claimed is not None:
            late_note = f"it claims {claimed.isoformat()}, within the deadline"
        elif claimed is not None:
            late_note = f"late: due {deadline.isoformat()}, claims {claimed.isoformat()}"
        else:
            late_note = f"late: due {deadline.isoformat()}, gives no date"
        alert.detail = {
            **alert.detail,
            "resolution": {
                "report_id": report.id,
                "first_seen": report.first_seen.isoformat(),
                "claimed_published": claimed.isoformat() if claimed else None,
                "late": not timely_claim,
                "note": late_note,
            },
        }
        alert.message = (
            f"{alert.message}; the report appeared (first seen"
            f" {report.first_seen.date().isoformat()}): {late_note}"
        )[:1000]
        result.resolved.append(alert)


def _source_health(session: Session, source_ids: set[int]) -> dict[int, tuple[int, str]]:
    """Per source: (run id, health) of the newest finished run that assessed it."""
    found: dict[int, tuple[int, str]] = {}
    runs = session.execute(
        select(CrawlRun.id, CrawlRun.stats)
        .where(CrawlRun.status == RunStatus.FINISHED)
        .order_by(CrawlRun.id.desc())
    )
    for run_id, stats in runs:
        for sid, seen in source_health(stats).items():
            if sid in source_ids and sid not in found:
                found[sid] = (run_id, seen.health)
        if len(found) == len(source_ids):
            break
    return found


def _source_alerts(session: Session, now: datetime, result: CheckResult, raise_: Any) -> None:
    latest: dict[int, Finding] = {}
    for finding in session.scalars(
        select(Finding)
        .where(Finding.kind == "source_broken", Finding.source_id.is_not(None))
        .order_by(Finding.id)
    ):
        latest[finding.source_id or 0] = finding
    open_alerts: dict[int, Alert] = {}
    for alert in session.scalars(
        select(Alert).where(Alert.kind == "source_broken", Alert.status != AlertStatus.RESOLVED)
    ):
        open_alerts[int(alert.detail.get("source_id", 0))] = alert
    health = _source_health(session, set(latest) | set(open_alerts))

    for sid, alert in open_alerts.items():
        run_id, state = health.get(sid, (0, "unknown"))
        if state == "ok" and run_id > int(alert.detail.get("run_id") or 0):
            alert.status = AlertStatus.RESOLVED
            alert.resolved_at = now
            alert.detail = {**alert.detail, "resolution": {"healthy_in_run": run_id}}
            alert.message = f"{alert.message}; healthy again in run {run_id}"[:1000]
            result.resolved.append(alert)

    for sid, finding in latest.items():
        run_id, state = health.get(sid, (finding.run_id or 0, "broken"))
        healed = state == "ok" and run_id > (finding.run_id or 0)
        if healed or (sid in open_alerts and open_alerts[sid] not in result.resolved):
            continue
        source = session.get(Source, sid)
        raise_(
            Alert(
                key=f"source_broken:{finding.id}",
                kind="source_broken",
                message=f"source broken: {finding.message}"[:1000],
                detail={
                    "source_id": sid,
                    "url": source.url if source else None,
                    "region": source.region_code if source else None,
                    "run_id": finding.run_id,
                    "finding_id": finding.id,
                },
            )
        )


def _revisions(session: Session, keys: set[str]) -> list[Alert]:
    alerts = []
    rows = session.execute(
        select(ReportVersion, Report)
        .join(Report, Report.id == ReportVersion.report_id)
        .where(ReportVersion.number > 1)
        .order_by(ReportVersion.id)
    )
    for version, report in rows:
        key = f"revision:{version.id}"
        if key in keys:
            continue
        alerts.append(
            Alert(
                key=key,
                kind="revision",
                body_id=report.body_id,
                year=report.year,
                message=(
                    f"{report.body_name} {report.year}: revised, version {version.number}"
                    f" first seen {version.first_seen.date().isoformat()}"
                ),
                detail={
                    "report_id": report.id,
                    "version_id": version.id,
                    "version": version.number,
                    "url": version.url,
                    "document_url": version.document_url,
                },
            )
        )
    return alerts
