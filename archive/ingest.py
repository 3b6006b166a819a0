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
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from .attribution import BodyIndex, Candidate
from .blobstore import BlobStore
from .continuity import check_continuity
from .extract import EXTRACTOR_VERSION
from .extract_pool import extract_blobs
from .found import Found, decide_found, found_from, looks_cut, version_basis
from .models import (
    Capture,
    FetchOutcome,
    Finding,
    Report,
    ReportStatus,
    ReportVersion,
    Severity,
    Source,
)
from .reattribute import reattribute, settle
from .verdicts import (
    SETTLED,
    earlier_verdicts,
    keep_extractions,
    keep_verdicts,
    known_documents,
    known_extractions,
    settled_verdicts,
)
from .versions import claimed_date_findings, content_key, latest_version, same_content, sight
from .writelock import serialize_report_writes

log = logging.getLogger(__name__)
CONTENT_OUTCOMES = (FetchOutcome.OK, FetchOutcome.NOT_MODIFIED)



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

    def note(self, session: Session, finding: Finding, sha: str | None = None) -> None:
        """Add ``finding`` unless already said: for this run and capture, or, for a fact
        about a document's bytes (``ONCE_PER_BLOB``), about these bytes in any run."""
        key = (finding.kind, finding.capture_id)
        if key in self.noted:
            return
        self.noted.add(key)
        if finding.kind in ONCE_PER_BLOB and sha and _said_before(session, finding, sha):
            return
        session.add(finding)

    def count(self, source_id: int | None, what: str, n: int = 1) -> None:
        self.per_source[source_id or 0][what] += n


CHUNK = 1000  # captures read, extracted and written per step: memory stays flat
# Findings about what a document's bytes say: raised once per blob, not once per crawl.
# (not_a_report and unreadable documents are settled per blob before extraction; a
# version's own findings come with the version.)
ONCE_PER_BLOB = frozenset({"no_year", "documents_disagree", "truncated_suspect"})


def _said_before(session: Session, finding: Finding, sha: str) -> bool:
    """An earlier finding of this kind on these bytes (and this report and version)."""
    said = session.scalars(
        select(Finding.id)
        .join(Capture, Capture.id == Finding.capture_id)
        .where(
            Finding.kind == finding.kind,
            Capture.blob_sha256 == sha,
            Finding.report_id.is_(None)
            if finding.report_id is None
            else Finding.report_id == finding.report_id,
            Finding.version_id.is_(None)
            if finding.version_id is None
            else Finding.version_id == finding.version_id,
        )
        .limit(1)
    ).first()
    return said is not None


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
    read_now: dict[str, tuple[str, Any]] = {}  # reports extracted in this run
    done = 0
    for start in range(0, len(ids), CHUNK):
        chunk = list(
            session.scalars(select(Capture).where(Capture.id.in_(ids[start : start + CHUNK])))
        )
        shas = {c.blob_sha256 for c in chunk if c.blob_sha256}
        results = known_documents(session, shas)
        results.update(known_extractions(session, shas - set(results)))
        # bytes judged before (this run or an earlier one): counted, not said again
        settled = settled_verdicts(session, shas - set(results))
        todo = shas - set(results) - set(settled)
        summary.extracted += len(todo)
        fresh = extract_blobs(store, todo, workers)
        earlier = earlier_verdicts(session, todo)
        keep_verdicts(session, fresh)
        results.update(fresh)
        read_now.update((sha, r) for sha, r in fresh.items() if r[0] == "ok")
        for capture in sorted(chunk, key=lambda c: c.id):
            sha = capture.blob_sha256 or ""
            if sha in settled:
                summary.count(capture.source_id, _failure_count(settled[sha]))
                continue
            kind, value = results[sha]
            if kind != "ok" and earlier.get(sha) == kind:
                # a new extractor said what the last one did of these bytes
                summary.count(capture.source_id, _failure_count(kind))
                settled[sha] = kind
                continue
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
    _write_reports(session, store, found, summary)
    # what was read of reports that made no version, for the next crawl
    keep_extractions(session, read_now)
    return summary


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


def _write_reports(
    session: Session, store: BlobStore, found: list[Found], summary: IngestSummary
) -> None:
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
                f.capture.blob_sha256,
            )
            continue
        # An unregistered body keeps the name it gives itself; lacking one, the URL (not
        # the title: two unnamed bodies' "2023年…年度报告" must never share one report).
        shown = body.name if body else (decision.name or f.article_url)[:200]
        key = ("body", body.body_id, year) if body else ("name", region, shown, year)
        groups[key].append((f, body, shown, region))

    for members in groups.values():
        _write_group(session, store, members, summary)


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


def _write_group(
    session: Session, store: BlobStore, members: list[Member], summary: IngestSummary
) -> None:
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
        same = next(
            (m for m in members if same_content(latest, m[0].report, m[0].text, m[0].text_hash)),
            None,
        )
        if same is not None:
            primary = same[0]
    version = _version_for(session, store, report, primary, summary)
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
            f.capture.blob_sha256,
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


def _version_for(
    session: Session, store: BlobStore, report: Report, primary: Found, summary: IngestSummary
) -> ReportVersion:
    latest = latest_version(session, report.id)
    if latest is not None and same_content(
        latest, primary.report, primary.text, primary.text_hash
    ):
        sight(session, latest, primary.capture)
        return latest
    if latest is not None and looks_cut(session, latest, primary):
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
            primary.capture.blob_sha256,
        )
        return latest
    capture = primary.capture
    if primary.text is None and primary.text_hash is not None and capture.blob_sha256:
        # known bytes that now make a version: the version keeps their text
        kind, value = extract_blobs(store, {capture.blob_sha256}, 1)[capture.blob_sha256]
        if kind == "ok":
            primary.text = value["text"]
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
