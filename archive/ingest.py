"""From captures to reports: extract a run's documents, attribute them, keep versions.

Runs after (or beside) a crawl, never inside Scrapy's reactor: documents are extracted
in worker processes, each reading its blob from the store, and the results are written
in one transaction. Per (body, year) one report; an article page and the attachment it
links are the same report, counted once (the inline table wins as the primary document,
the other is a sighting, or a finding when its figures disagree). A new version is made
only when the figures change. Pages the extractor calls "not an annual report" are
recorded as noise findings, not kept as reports.
"""

from __future__ import annotations

import logging
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from .attribution import BodyIndex, Candidate
from .blobstore import BlobStore
from .continuity import check_continuity
from .evidence import Decision, decide
from .extract import EXTRACTOR_VERSION
from .extract_pool import extract_blobs
from .models import (
    Blob,
    Capture,
    FetchOutcome,
    Finding,
    Report,
    ReportStatus,
    ReportVersion,
    Severity,
    Source,
)
from .pagedates import claimed_date, decode_page, list_date, page_title, publisher
from .reattribute import reattribute, settle
from .versions import claimed_date_findings, content_key, latest_version, same_content, sight
from .writelock import serialize_report_writes

log = logging.getLogger(__name__)
CONTENT_OUTCOMES = (FetchOutcome.OK, FetchOutcome.NOT_MODIFIED)


@dataclass
class Found:
    capture: Capture
    report: dict[str, Any]
    text: str | None
    format: str | None
    article_url: str
    title: str | None
    claimed: tuple[date | None, str | None]
    # what the document says of its year and body (archive/extract/meta.py), the title
    # of the article page that linked it, and the date the column listed it under
    evidence: dict[str, Any] = field(default_factory=dict)
    page_title: str | None = None
    list_date: date | None = None
    publisher: str | None = None
    decision: Decision | None = None


@dataclass
class IngestSummary:
    documents: int = 0
    extracted: int = 0
    reports_new: int = 0
    versions_new: int = 0
    new_versions: list[int] = field(default_factory=list)
    per_source: dict[int, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))
    # (kind, capture) of findings already written for this run: a resumed run re-reads
    # its captures and must not say the same thing twice.
    noted: set[tuple[str, int | None]] = field(default_factory=set)

    def note(self, session: Session, finding: Finding) -> None:
        key = (finding.kind, finding.capture_id)
        if key not in self.noted:
            self.noted.add(key)
            session.add(finding)

    def count(self, source_id: int | None, what: str, n: int = 1) -> None:
        self.per_source[source_id or 0][what] += n


def _known_documents(session: Session, shas: set[str]) -> dict[str, tuple[str, Any]]:
    """Blobs that already are a version's document, read by the current extractor:
    their extraction is reused, so an unchanged re-crawl extracts nothing again."""
    known: dict[str, tuple[str, Any]] = {}
    rows = session.scalars(
        select(ReportVersion).where(
            ReportVersion.document_blob_sha256.in_(shas),
            ReportVersion.extractor_version == EXTRACTOR_VERSION,
        )
    )
    for version in rows:
        assert version.document_blob_sha256 is not None
        known[version.document_blob_sha256] = (
            "ok",
            {
                "report": version.figures,
                "text": version.text,
                "format": version.document_format,
                "evidence": document_evidence_of(version),
            },
        )
    return known


def document_evidence_of(version: ReportVersion) -> dict[str, Any]:
    """The document's own evidence kept on a version; for a version made before evidence
    was kept, what its report dict says (its title's year and body)."""
    kept = (version.evidence or {}).get("document")
    if kept is not None:
        return kept
    figures = version.figures or {}
    return {
        "years": {"title": figures["year"]} if figures.get("year") else {},
        "bodies": {"title": figures["body"]} if figures.get("body") else {},
    }


CHUNK = 1000  # captures read, extracted and written per step: memory stays flat
# Verdicts that the same bytes always earn from the same extractor; a LibreOffice time
# limit or an extractor crash may go otherwise next time, so those are tried again.
SETTLED = {"not_a_report", "empty", "corrupt", "encrypted", "unsafe", "unsupported", "needs_ocr"}


def _settled(session: Session, shas: set[str]) -> dict[str, str]:
    """Blobs the current extractor already judged not to be a report (sha → verdict)."""
    if not shas:
        return {}
    rows = session.execute(
        select(Blob.sha256, Blob.verdict).where(
            Blob.sha256.in_(shas),
            Blob.verdict.in_(SETTLED),
            Blob.verdict_extractor == EXTRACTOR_VERSION,
        )
    )
    return {sha: verdict for sha, verdict in rows if verdict}


def _keep_verdicts(session: Session, results: dict[str, tuple[str, Any]]) -> None:
    for sha, (kind, _) in results.items():
        blob = session.get(Blob, sha)
        if blob is not None:
            blob.verdict, blob.verdict_extractor = kind, EXTRACTOR_VERSION


def ingest_run(
    session: Session,
    store: BlobStore,
    run_id: int,
    *,
    workers: int | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> IngestSummary:
    """Extract every document captured in ``run_id`` and write reports (no commit).

    Captures are taken in chunks; only those that hold a report stay in memory until
    the reports are grouped by body and year, so a run of 100,000 pages does not hold
    100,000 captures at once.
    """
    wanted = (
        Capture.run_id == run_id,
        Capture.role.in_(("article", "attachment")),
        Capture.outcome.in_(CONTENT_OUTCOMES),
        Capture.blob_sha256.is_not(None),
    )
    ids = list(session.scalars(select(Capture.id).where(*wanted).order_by(Capture.id)))
    summary = IngestSummary(documents=len(ids))
    # The registry may have changed since the last run: settle earlier reports first,
    # so that this run's reports meet them where they now belong.
    reattribute(session)
    summary.noted = {
        (kind, capture_id)
        for kind, capture_id in session.execute(
            select(Finding.kind, Finding.capture_id).where(
                Finding.run_id == run_id, Finding.capture_id.is_not(None)
            )
        )
    }
    # The article page behind each document, for titles and claimed dates.
    articles = {
        url: (sha, context)
        for url, sha, context in session.execute(
            select(Capture.final_url, Capture.blob_sha256, Capture.context).where(
                *wanted, Capture.role == "article"
            )
        )
    }
    found: list[Found] = []
    done = 0
    for start in range(0, len(ids), CHUNK):
        chunk = list(
            session.scalars(select(Capture).where(Capture.id.in_(ids[start : start + CHUNK])))
        )
        shas = {c.blob_sha256 for c in chunk if c.blob_sha256}
        results = _known_documents(session, shas)
        # bytes judged before (this run or an earlier one): counted, not said again
        settled = _settled(session, shas - set(results))
        todo = shas - set(results) - set(settled)
        summary.extracted += len(todo)
        fresh = extract_blobs(store, todo, workers)
        _keep_verdicts(session, fresh)
        results.update(fresh)
        for capture in sorted(chunk, key=lambda c: c.id):
            sha = capture.blob_sha256 or ""
            if sha in settled:
                summary.count(capture.source_id, _failure_count(settled[sha]))
                continue
            kind, value = results[sha]
            if kind != "ok":
                _record_failure(session, capture, kind, value, summary)
                if kind in SETTLED:
                    settled[sha] = kind  # one finding per blob, not per capture
                continue
            found.append(found_from(store, capture, value, articles))
        keep = {f.capture.id for f in found}
        session.flush()
        for capture in chunk:  # let go of what holds no report
            if capture.id not in keep:
                session.expunge(capture)
        done += len(chunk)
        if progress:
            progress(done, len(ids))
    serialize_report_writes(session)  # other nodes may be writing the same reports
    _write_reports(session, found, summary)
    return summary


def found_from(
    store: BlobStore,
    capture: Capture,
    value: dict[str, Any],
    articles: dict[str, tuple[str | None, dict[str, Any]]],
) -> Found:
    """A document extracted to ``value``, with what its article page (looked up in
    ``articles``: URL → blob and context) says of it."""
    page_url = capture.context.get("article", capture.final_url)
    page_sha, page_context = articles.get(page_url, (None, {}))
    html = decode_page(store.get(page_sha)) if page_sha else ""
    is_page = page_url == capture.final_url
    return Found(
        capture,
        value["report"],
        value["text"],
        value["format"],
        page_url if page_sha else capture.final_url,
        capture.context.get("title") or (page_context or {}).get("title"),
        claimed_date(html, page_url) if html else (None, None),
        value.get("evidence") or {},
        # an attachment's article page names it too; a page's own <title> is evidence
        # the document already holds
        None if is_page or not html else page_title(html),
        list_date(capture.context.get("list_date") or (page_context or {}).get("list_date")),
        publisher(html) if html else None,
    )


def _failure_count(kind: str) -> str:
    return "noise" if kind == "not_a_report" else "extract_failed"


def _record_failure(
    session: Session, capture: Capture, kind: str, message: str, summary: IngestSummary
) -> None:
    summary.count(capture.source_id, _failure_count(kind))
    if kind == "not_a_report":
        severity, finding_kind = Severity.INFO, "not_a_report"
    else:
        severity = Severity.WARNING
        finding_kind = "needs_ocr" if kind == "needs_ocr" else "extract_failed"
    summary.note(
        session,
        Finding(
            kind=finding_kind,
            severity=severity,
            message=f"{capture.final_url}: {message}"[:1000],
            detail={"error": kind, "url": capture.final_url, "role": capture.role},
            run_id=capture.run_id,
            source_id=capture.source_id,
            capture_id=capture.id,
        ),
    )


Member = tuple[Found, Candidate | None, str, str]


def _write_reports(session: Session, found: list[Found], summary: IngestSummary) -> None:
    indexes: dict[int, tuple[BodyIndex, str, str | None]] = {}
    groups: dict[tuple[Any, ...], list[Member]] = defaultdict(list)
    for f in found:
        sid = f.capture.source_id or 0
        if sid not in indexes:
            source = session.get(Source, sid)
            region = source.region_code if source else None
            body_setting = (source.settings or {}).get("body") if source else None
            indexes[sid] = (BodyIndex.for_region(session, region), region or "", body_setting)
        index, region, source_body = indexes[sid]
        f.decision = decision = decide_found(f, index, source_body)
        body, year = decision.body, decision.year
        if year is None:
            summary.note(
                session,
                Finding(
                    kind="no_year",
                    message=(
                        f"{f.capture.final_url}: a report whose year nothing tells "
                        "(no year in its title, period, list title or URL, and no "
                        "publication date in January–June)"
                    ),
                    detail={"evidence": decision.evidence},
                    run_id=f.capture.run_id,
                    source_id=f.capture.source_id,
                    capture_id=f.capture.id,
                ),
            )
            continue
        # An unregistered body keeps the name it gives itself; lacking one, the URL (not
        # the title: two unnamed bodies' "2023年…年度报告" must never share one report).
        shown = body.name if body else (decision.name or f.article_url)[:200]
        key = ("body", body.body_id, year) if body else ("name", region, shown, year)
        groups[key].append((f, body, shown, region))

    for members in groups.values():
        _write_group(session, members, summary)


def decide_found(f: Found, index: BodyIndex, source_body: str | None = None) -> Decision:
    """Year and body of a found document, from all it and its page say."""
    return decide(
        f.evidence,
        list_title=f.title,
        page_title=f.page_title,
        urls=(f.capture.requested_url, f.capture.final_url, f.article_url),
        published=f.claimed[0] or f.list_date,
        index=index,
        publisher=f.publisher,
        source_body=source_body,
    )


def version_basis(found: Found) -> dict[str, Any]:
    """The evidence columns of a version made from ``found``."""
    decision = found.decision
    assert decision is not None
    return {
        "year_basis": decision.year_basis,
        "body_basis": decision.body_basis,
        "evidence": {**decision.evidence, "document": found.evidence},
    }


def _note_conflicts(
    session: Session, f: Found, summary: IngestSummary, version: ReportVersion
) -> None:
    """Rungs that disagree are a finding for a person, raised with the version they
    decided (a re-crawl of the same content says nothing again)."""
    decision = f.decision
    assert decision is not None
    for kind, conflicts, chosen in (
        ("year_conflict", decision.year_conflicts, f"{decision.year} ({decision.year_basis})"),
        ("body_conflict", decision.body_conflicts, f"{decision.name} ({decision.body_basis})"),
    ):
        if not conflicts:
            continue
        said = ", ".join(f"{rung} says {value}" for rung, value in conflicts)
        summary.note(
            session,
            Finding(
                kind=kind,
                severity=Severity.WARNING,
                message=f"{f.capture.final_url}: read as {chosen}, but {said}"[:1000],
                detail={"evidence": decision.evidence},
                run_id=f.capture.run_id,
                source_id=f.capture.source_id,
                capture_id=f.capture.id,
                report_id=version.report_id,
                version_id=version.id,
            ),
        )


def _write_group(session: Session, members: list[Member], summary: IngestSummary) -> None:
    """One (body, year): one report, at most one new version, sightings for the rest."""
    # The inline table is the primary document, then the first URL: a stable choice
    # whatever order the crawl fetched them in.
    members.sort(key=lambda m: (m[0].capture.role != "article", m[0].capture.final_url))
    primary, body, shown, region = members[0]
    assert primary.decision is not None and primary.decision.year is not None
    report = _get_report(session, body, shown, region, primary.decision.year, primary)
    latest = latest_version(session, report.id)
    if latest is not None:
        # Content already archived, seen through any of these documents, is a sighting.
        same = next((m for m in members if same_content(latest, m[0].report, m[0].text)), None)
        if same is not None:
            primary = same[0]
    version = _version_for(session, report, primary, summary)
    if version.id in summary.new_versions:
        check_continuity(session, report)  # 结转 rows against the years either side
    summary.count(primary.capture.source_id, "reports")
    for f, *_ in members:
        if f is primary:
            continue
        if same_content(version, f.report, None):
            sight(session, version, f.capture)
            continue
        summary.note(
            session,
            Finding(
                kind="documents_disagree",
                message=(
                    f"{shown} {report.year}: {f.capture.final_url} gives other figures"
                    f" than {primary.capture.final_url}"
                )[:1000],
                run_id=f.capture.run_id,
                source_id=f.capture.source_id,
                report_id=report.id,
                capture_id=f.capture.id,
            ),
        )


def _get_report(
    session: Session, body: Candidate | None, shown: str, region: str, year: int, primary: Found
) -> Report:
    if body is not None:
        query = select(Report).where(Report.body_id == body.body_id, Report.year == year)
        report = session.scalars(query).one_or_none()
        if report is None:
            # a report kept unattributed before the body was registered is this one
            orphan = session.scalars(
                select(Report).where(
                    Report.body_id.is_(None),
                    Report.region_code.in_({region or None, body.region_code}),
                    Report.body_name.in_({shown, body.name}),
                    Report.year == year,
                )
            ).first()
            if orphan is not None:
                report = settle(session, orphan, body)
    else:
        query = select(Report).where(
            Report.body_id.is_(None),
            Report.region_code == (region or None),
            Report.body_name == shown,
            Report.year == year,
        )
    report = session.scalars(query).one_or_none()
    if report is None:
        report = Report(
            body_id=body.body_id if body else None,
            body_name=shown,
            region_code=(body.region_code if body else region) or None,
            year=year,
            first_seen=primary.capture.fetched_at,
        )
        session.add(report)
        session.flush()
    if report.status == ReportStatus.WITHDRAWN:
        report.status = ReportStatus.ACTIVE
        report.withdrawn_run_id = None
    return report


def _cells(report: dict[str, Any]) -> int:
    """How many figures a report dict holds (blank cells are not figures)."""
    return sum(
        1
        for section in ("active", "applications", "appeals")
        for row in (report.get(section) or {}).values()
        if isinstance(row, dict)
        for value in row.values()
        if value is not None
    )


def _looks_cut(session: Session, latest: ReportVersion, primary: Found) -> bool:
    """A document under 60% of the size of the version before it that also holds under
    80% of its figures: a download cut short, not a revision (a revision keeps the
    template's tables whole)."""
    old = session.get(Blob, latest.document_blob_sha256) if latest.document_blob_sha256 else None
    new = session.get(Blob, primary.capture.blob_sha256) if primary.capture.blob_sha256 else None
    if old is None or new is None or new.size >= 0.6 * old.size:
        return False
    return _cells(primary.report) < 0.8 * _cells(latest.figures or {})


def _version_for(
    session: Session, report: Report, primary: Found, summary: IngestSummary
) -> ReportVersion:
    latest = latest_version(session, report.id)
    if latest is not None and same_content(latest, primary.report, primary.text):
        sight(session, latest, primary.capture)
        return latest
    if latest is not None and _looks_cut(session, latest, primary):
        summary.note(
            session,
            Finding(
                kind="truncated_suspect",
                severity=Severity.WARNING,
                message=(
                    f"{report.body_name} {report.year}: {primary.capture.final_url} is far "
                    f"smaller than version {latest.number} and holds far fewer figures: "
                    "kept as a capture, not made a version"
                )[:1000],
                run_id=primary.capture.run_id,
                source_id=primary.capture.source_id,
                report_id=report.id,
                version_id=latest.id,
                capture_id=primary.capture.id,
            ),
        )
        return latest
    capture = primary.capture
    _, digest = content_key(primary.report, primary.text)
    version = ReportVersion(
        report_id=report.id,
        number=(latest.number + 1) if latest else 1,
        template=primary.report.get("template"),
        figures=primary.report,
        text_hash=digest,
        text=primary.text,
        url=primary.article_url,
        document_url=capture.final_url,
        document_format=primary.format,
        capture_id=capture.id,
        document_blob_sha256=capture.blob_sha256,
        first_seen=capture.fetched_at,
        last_seen=capture.fetched_at,
        claimed_published=primary.claimed[0],
        claimed_date_source=primary.claimed[1],
        extractor_version=EXTRACTOR_VERSION,
        **version_basis(primary),
    )
    session.add(version)
    session.flush()
    sight(session, version, capture)
    _note_conflicts(session, primary, summary, version)
    summary.versions_new += 1
    summary.new_versions.append(version.id)
    if latest is None:
        summary.reports_new += 1
    claimed_date_findings(session, report, latest, version, capture.source_id, capture.run_id)
    for check in primary.report.get("checks", []):
        if not check.get("ok", True):
            session.add(
                Finding(
                    kind="check_failed",
                    message=(
                        f"{report.body_name} {report.year}: {check['rule']}"
                        + (f" at {check['path']}" if check.get("path") else "")
                        + f" expected {check.get('expected')} found {check.get('found')}"
                    )[:1000],
                    detail=check,
                    run_id=capture.run_id,
                    source_id=capture.source_id,
                    report_id=report.id,
                    version_id=version.id,
                    capture_id=capture.id,
                )
            )
    return version
