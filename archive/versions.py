"""Versions of a report: when a new one is made, sightings, withdrawals, claimed dates.

A report (body, year) gets a new version when its figures or its normalized text
change (``archive/normalize.py``); the same content seen again — at the same URL, a new
URL, or as a new attachment — is a sighting of the current version. A report no longer
listed by a healthy, fully crawled source is withdrawn (never deleted). A claimed
publication date that changes between versions, or that lies before an earlier crawl
that showed the report absent, is a finding. A report carries version 1's claimed
date itself (``keep_first_claim``), for ``overdue``.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import or_, select, union
from sqlalchemy.orm import Session

from .models import (
    Capture,
    CrawlRun,
    FetchOutcome,
    Finding,
    Report,
    ReportStatus,
    ReportVersion,
    RunStatus,
    Severity,
    Sighting,
)
from .normalize import normalize_url, text_hash
from .runs import source_health


def content_key(report: dict[str, Any], text: str | None) -> tuple[dict[str, Any], str | None]:
    """What makes a version: the figures (checks are derived) and the text hash."""
    figures = {k: v for k, v in report.items() if k != "checks"}
    return figures, text_hash(text) if text is not None else None


def same_content(
    version: ReportVersion,
    report: dict[str, Any],
    text: str | None,
    digest: str | None = None,
) -> bool:
    """Same figures and text; ``digest`` stands for the text's hash when the text
    itself was not read again (``blobs.extraction``)."""
    figures, text_digest = content_key(report, text)
    digest = text_digest or digest
    old_figures, _ = content_key(version.figures or {}, None)
    if old_figures != figures:
        return False
    # A version made before texts were kept compares on figures alone.
    return version.text_hash is None or digest is None or version.text_hash == digest


def latest_version(session: Session, report_id: int) -> ReportVersion | None:
    return session.scalars(
        select(ReportVersion)
        .where(ReportVersion.report_id == report_id)
        .order_by(ReportVersion.number.desc())
    ).first()


def keep_first_claim(report: Report, version: ReportVersion) -> None:
    """Give ``report`` the claimed date and its source of ``version`` when that is its
    version 1 (``reports.claimed_published`` repeats version 1's); else nothing."""
    if version.number == 1:
        report.claimed_published = version.claimed_published
        report.claimed_date_source = version.claimed_date_source


def sight(session: Session, version: ReportVersion, capture: Capture) -> None:
    """Record that ``capture`` showed ``version`` (once per capture)."""
    sight_many(session, version, [capture])


def sight_many(session: Session, version: ReportVersion, captures: list[Capture]) -> None:
    """Record that each of ``captures`` showed ``version`` (once per capture), with one
    query for those already recorded."""
    if not captures:
        return
    recorded = set(
        session.scalars(
            select(Sighting.capture_id).where(
                Sighting.version_id == version.id,
                Sighting.capture_id.in_([c.id for c in captures]),
            )
        )
    )
    for capture in captures:
        if capture.id not in recorded:
            recorded.add(capture.id)
            session.add(
                Sighting(
                    version_id=version.id,
                    capture_id=capture.id,
                    url=normalize_url(capture.final_url),
                    seen_at=capture.fetched_at,
                )
            )
        version.last_seen = max(version.last_seen, capture.fetched_at)


def claimed_date_findings(
    session: Session,
    report: Report,
    previous: ReportVersion | None,
    version: ReportVersion,
    source_id: int | None,
    run_id: int | None,
) -> None:
    """Findings when the claimed date moved, or contradicts an earlier crawl's evidence."""
    claimed = version.claimed_published
    if previous is not None and previous.claimed_published != claimed and claimed is not None:
        session.add(
            Finding(
                kind="claimed_date_changed",
                message=(
                    f"{report.body_name} {report.year}: claimed publication date moved from "
                    f"{previous.claimed_published} to {claimed} (version {version.number})"
                ),
                detail={"old": str(previous.claimed_published), "new": str(claimed)},
                run_id=run_id,
                source_id=source_id,
                report_id=report.id,
                version_id=version.id,
            )
        )
    if claimed is not None and previous is None and source_id is not None:
        absent = _absent_after(session, report, source_id, claimed)
        if absent is not None:
            session.add(
                Finding(
                    kind="claimed_date_contradicted",
                    severity=Severity.WARNING,
                    message=(
                        f"{report.body_name} {report.year}: claims publication on {claimed}, but "
                        f"run {absent.id} on {absent.started_at:%Y-%m-%d} found it absent"
                    ),
                    detail={"claimed": str(claimed), "absent_run": absent.id},
                    run_id=run_id,
                    source_id=source_id,
                    report_id=report.id,
                    version_id=version.id,
                )
            )


def _absent_after(
    session: Session, report: Report, source_id: int, claimed: date
) -> CrawlRun | None:
    """An earlier finished run of this source, after ``claimed``, that saw no such report."""
    first_capture_run = session.scalars(
        select(Capture.run_id)
        .join(Sighting, Sighting.capture_id == Capture.id)
        .join(ReportVersion, ReportVersion.id == Sighting.version_id)
        .where(ReportVersion.report_id == report.id)
        .order_by(Capture.run_id)
    ).first()
    # DISTINCT on ids: PostgreSQL cannot compare the runs' JSON stats for equality.
    run_ids = (
        select(Capture.run_id)
        .where(Capture.source_id == source_id, Capture.run_id < (first_capture_run or 0))
        .distinct()
    )
    runs = session.scalars(
        select(CrawlRun)
        .where(CrawlRun.id.in_(run_ids), CrawlRun.status == RunStatus.FINISHED)
        .order_by(CrawlRun.id)
    )
    # The report's own URLs: a run that tried one of them and failed did not see it
    # absent, it saw nothing (an unreachable page in run 1 that recovers in run 2).
    own = ReportVersion.report_id == report.id
    urls = union(
        select(Sighting.url)
        .join(ReportVersion, ReportVersion.id == Sighting.version_id)
        .where(own),
        select(ReportVersion.url).where(own, ReportVersion.url.is_not(None)),
        select(ReportVersion.document_url).where(own, ReportVersion.document_url.is_not(None)),
    ).subquery()
    url_list = select(urls.c[0])
    for run in runs:
        seen = source_health(run.stats).get(source_id)
        if seen is None or not seen.healthy or run.started_at.date() <= claimed:
            continue
        failed = session.scalars(
            select(Capture.id)
            .where(
                Capture.run_id == run.id,
                Capture.source_id == source_id,
                Capture.outcome.not_in([FetchOutcome.OK, FetchOutcome.NOT_MODIFIED]),
                or_(Capture.requested_url.in_(url_list), Capture.final_url.in_(url_list)),
            )
            .limit(1)
        ).first()
        if failed is None:
            return run
    return None


def mark_withdrawn(session: Session, run: CrawlRun, healthy_sources: list[int]) -> list[Report]:
    """Reports once seen through a source that this run read in full, and no longer saw.

    Only evidence of absence counts: the source's list pages all answered, and none of
    the report's own URLs failed in a way that hides it (blocked, unreachable, too large,
    an extraction error). A report whose URL now answers 404, or that is no longer
    listed, is withdrawn; one the crawler could not see stays as it was.
    """
    withdrawn: list[Report] = []
    for source_id in healthy_sources:
        # asked of the database: only the failed captures are read, not the source's all
        of_source = (Capture.run_id == run.id, Capture.source_id == source_id)
        list_failed = session.scalars(
            select(Capture.id).where(
                *of_source, Capture.role == "list", Capture.outcome.in_(UNSEEN)
            )
        ).first()
        if list_failed is not None:
            continue  # a list page failed: absence proves nothing
        failed_ids = select(Finding.capture_id).where(
            Finding.run_id == run.id,
            Finding.kind.in_(("extract_failed", "needs_ocr")),
            Finding.capture_id.is_not(None),
        )
        hidden = {
            normalize_url(url)
            for requested, final in session.execute(
                select(Capture.requested_url, Capture.final_url).where(
                    *of_source, or_(Capture.outcome.in_(UNSEEN), Capture.id.in_(failed_ids))
                )
            )
            for url in (requested, final)
        }
        withdrawn += _withdraw_unseen(session, run, source_id, hidden)
    return withdrawn


UNSEEN = (
    FetchOutcome.BLOCKED,
    FetchOutcome.UNREACHABLE,
    FetchOutcome.TOO_LARGE,
    FetchOutcome.ERROR,
)


def _withdraw_unseen(
    session: Session, run: CrawlRun, source_id: int, hidden: set[str]
) -> list[Report]:
    seen_now = set(
        session.scalars(
            select(ReportVersion.report_id)
            .join(Sighting, Sighting.version_id == ReportVersion.id)
            .join(Capture, Capture.id == Sighting.capture_id)
            .where(Capture.run_id == run.id)
        )
    )
    candidates = session.scalars(
        select(Report)
        .where(
            Report.status == ReportStatus.ACTIVE,
            Report.id.in_(
                select(ReportVersion.report_id)
                .join(Sighting, Sighting.version_id == ReportVersion.id)
                .join(Capture, Capture.id == Sighting.capture_id)
                .where(Capture.source_id == source_id, Capture.run_id != run.id)
            ),
        )
        .order_by(Report.id)
    )
    withdrawn = []
    for report in candidates:
        if report.id in seen_now:
            continue
        urls = set(
            session.scalars(
                select(Sighting.url)
                .join(ReportVersion, ReportVersion.id == Sighting.version_id)
                .where(ReportVersion.report_id == report.id)
            )
        )
        for page, document in session.execute(
            select(ReportVersion.url, ReportVersion.document_url).where(
                ReportVersion.report_id == report.id
            )
        ):
            urls.update(normalize_url(u) for u in (page, document) if u)
        if urls & hidden:
            continue  # its page or document could not be read this time
        report.status = ReportStatus.WITHDRAWN
        report.withdrawn_run_id = run.id
        withdrawn.append(report)
        session.add(
            Finding(
                kind="withdrawn",
                message=f"{report.body_name} {report.year}: no longer on its portal (run {run.id})",
                run_id=run.id,
                source_id=source_id,
                report_id=report.id,
            )
        )
    return withdrawn
