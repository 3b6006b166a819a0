"""Run health: per source, what a crawl saw, and a loud finding when a source broke.

A blocked, broken or unreachable column is counted as such and never read as "this
body published nothing". A column that yields no report links, or far fewer reports
than its last good run, is a ``source_broken`` finding.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from .ingest import IngestSummary
from .models import Capture, CrawlRun, Finding, RunStatus, Severity, Source
from .runs import source_health

DROP_RATIO = 0.5  # fewer than half the reports of the last good run is a broken source


def _previous_reports(session: Session, run: CrawlRun, source_id: int) -> int | None:
    runs = session.scalars(
        select(CrawlRun)
        .where(CrawlRun.id < run.id, CrawlRun.status == RunStatus.FINISHED)
        .order_by(CrawlRun.id.desc())
    )
    for previous in runs:
        seen = source_health(previous.stats).get(source_id)
        if seen is not None and seen.healthy:
            return seen.reports
    return None


def assess_run(
    session: Session, run: CrawlRun, source_ids: list[int], summary: IngestSummary
) -> dict[str, dict[str, Any]]:
    """Per-source counts and health for ``run``; adds findings (no commit)."""
    result: dict[str, dict[str, Any]] = {}
    for sid in source_ids:
        source = session.get(Source, sid)
        if source is None:
            continue
        # counted in the database: a source of 100,000 pages is not read into memory
        of_source = (Capture.run_id == run.id, Capture.source_id == sid)
        outcomes: Counter[str] = Counter()
        roles: Counter[str] = Counter()
        for role, outcome, n in session.execute(
            select(Capture.role, Capture.outcome, func.count())
            .where(*of_source)
            .group_by(Capture.role, Capture.outcome)
        ):
            outcomes[outcome.value] += n
            roles[role] += n
        column = session.scalars(
            select(Capture.outcome).where(*of_source, Capture.requested_url == source.url)
        ).first()
        counts = summary.per_source.get(sid, Counter())
        stats: dict[str, Any] = {
            "url": source.url,
            "pages": sum(roles.values()),
            "lists": roles["list"],
            "candidates": roles["article"] + roles["attachment"],
            "reports": counts["reports"],
            "noise": counts["noise"],
            "extract_failed": counts["extract_failed"],
            **{k: outcomes[k] for k in ("blocked", "broken", "unreachable", "too_large")},
            "not_modified": outcomes["not_modified"],
        }
        health, message = "ok", None
        if column is None:
            health, message = "unreachable", "the column page was never fetched"
        elif column.value in ("blocked", "broken", "unreachable", "too_large"):
            health, message = column.value, f"the column page is {column.value}"
        elif roles["article"] + roles["attachment"] == 0:
            health, message = "broken", "the column yields no report links"
        else:
            previous = _previous_reports(session, run, sid)
            if previous and counts["reports"] < previous * DROP_RATIO:
                health = "broken"
                message = f"{counts['reports']} reports, down from {previous} in the last good run"
        stats["health"] = health
        if message:
            session.add(
                Finding(
                    kind="source_broken",
                    severity=Severity.ERROR,
                    message=f"{source.url}: {message}",
                    detail=stats,
                    run_id=run.id,
                    source_id=sid,
                )
            )
        result[str(sid)] = stats
    return result
