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
import tempfile
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from .attribution import BodyIndex, Candidate
from .blobstore import BlobStore
from .continuity import check_continuity
from .extract import EXTRACTOR_VERSION
from .extract_pool import ExtractionPool, extract_blobs
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
from .spill import Spill
from .verdicts import (
    SETTLED,
    earlier_verdicts,
    keep_extractions,
    keep_verdicts,
    known_documents,
    known_extractions,
    settled_verdicts,
    unjudged,
)
from .versions import (
    claimed_date_findings,
    content_key,
    keep_first_claim,
    latest_version,
    same_content,
    sight,
    sight_many,
)
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
    # A resumed run re-reads its captures and must not say the same thing twice: then a
    # finding is written only when the run holds none of its kind for its capture yet
    # (asked of the database, so nothing grows with the run).
    resumed: bool = False

    def note(self, session: Session, finding: Finding, sha: str | None = None) -> None:
        """Add ``finding`` unless already said: for this run and capture (a resumed run),
        or, for a fact about a document's bytes (``ONCE_PER_BLOB``), about these bytes
        in any run."""
        if self.resumed and finding.capture_id is not None:
            said = session.scalars(
                select(Finding.id).where(
                    Finding.run_id == finding.run_id,
                    Finding.kind == finding.kind,
                    Finding.capture_id == finding.capture_id,
                )
            ).first()
            if said is not None:
                return
        if finding.kind in ONCE_PER_BLOB and sha and _said_before(session, finding, sha):
            return
        session.add(finding)

    def count(self, source_id: int | None, what: str, n: int = 1) -> None:
        self.per_source[source_id or 0][what] += n


CHUNK = 1000  # captures read, extracted and written per step: memory stays flat
SIGHT_BATCH = 500  # a group's sightings read and written per step
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


@dataclass(frozen=True)
class _Member:
    """A found document as its group waits for it: where it is spilled and what orders
    the group (the inline table first, then the URL)."""

    ref: tuple[int, int]
    capture_id: int
    role: str
    final_url: str
    body: Candidate | None
    shown: str
    region: str


def ingest_run(
    session: Session,
    store: BlobStore,
    run_id: int,
    *,
    workers: int | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> IngestSummary:
    """Extract every document captured in ``run_id`` and write reports (no commit).

    Captures are taken in chunks, in id order; a chunk's captures are let go once it is
    done, and the documents that hold a report wait for their (body, year) group in a
    temporary file, so a run of 100,000 pages holds neither 100,000 captures nor their
    reports in memory.
    """
    wanted = (
        Capture.run_id == run_id,
        Capture.role.in_(("article", "attachment")),
        Capture.outcome.in_(CONTENT_OUTCOMES),
        Capture.blob_sha256.is_not(None),
    )
    total = session.scalar(select(func.count()).select_from(Capture).where(*wanted)) or 0
    summary = IngestSummary(documents=total)
    # The registry may have changed since the last run: settle earlier reports first,
    # so that this run's reports meet them where they now belong.
    reattribute(session)
    summary.resumed = (
        session.scalars(
            select(Finding.id).where(Finding.run_id == run_id, Finding.capture_id.is_not(None))
        ).first()
        is not None
    )
    indexes: dict[int, tuple[BodyIndex, str, str | None]] = {}
    groups: dict[tuple[Any, ...], list[_Member]] = defaultdict(list)
    read_now: dict[str, tuple[int, int]] = {}  # reports extracted in this run: where spilled
    def next_chunk(after: int) -> list[Capture]:
        return list(
            session.scalars(
                select(Capture).where(*wanted, Capture.id > after).order_by(Capture.id).limit(CHUNK)
            )
        )

    with tempfile.TemporaryFile() as file, ExtractionPool(store, workers) as pool:
        spill = Spill(file)
        done = 0
        chunk = next_chunk(0)
        pool.submit(unjudged(session, _shas(chunk)))
        while chunk:
            shas = _shas(chunk)
            results = known_documents(session, shas)
            results.update(known_extractions(session, shas - set(results)))
            # bytes judged before (this run or an earlier one): counted, not said again
            settled = settled_verdicts(session, shas - set(results))
            todo = shas - set(results) - set(settled)
            summary.extracted += len(todo)
            fresh = pool.results(todo)
            earlier = earlier_verdicts(session, todo)
            keep_verdicts(session, fresh)
            results.update(fresh)
            following = next_chunk(chunk[-1].id)
            # the workers extract the next chunk while this one is written
            pool.submit(unjudged(session, _shas(following)))
            reports = []
            for capture in chunk:
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
                reports.append((capture, value))
            articles = _article_pages(session, wanted, [c for c, _ in reports])
            for capture, value in reports:
                f = found_from(store, capture, value, articles)
                key, member = _decide(session, f, indexes, summary)
                read = key is not None or (f.capture.blob_sha256 in fresh)
                ref = spill.put(f) if read else (0, 0)
                if key is not None:
                    groups[key].append(replace(member, ref=ref))
                sha = f.capture.blob_sha256 or ""
                if sha in fresh and fresh[sha][0] == "ok":
                    read_now.setdefault(sha, ref)  # reports extracted in this run
            del reports, articles, results, fresh, earlier
            session.flush()
            for capture in chunk:  # let go of every capture: groups reload theirs
                session.expunge(capture)
            done += len(chunk)
            if progress:
                progress(done, total)
            chunk = following
        pool.close()  # every document is read: no idle workers while reports are written
        serialize_report_writes(session)  # other nodes may be writing the same reports
        for members in groups.values():
            _write_group(session, store, members, spill, summary)
        # what was read of reports that made no version, for the next crawl
        _keep_extractions(session, spill, read_now)
    return summary


def _shas(chunk: list[Capture]) -> set[str]:
    return {c.blob_sha256 for c in chunk if c.blob_sha256}


def _keep_extractions(
    session: Session, spill: Spill, read_now: dict[str, tuple[int, int]]
) -> None:
    """``keep_extractions`` over the run's fresh reports, read back from the spill a
    chunk at a time."""
    batch: dict[str, tuple[str, Any]] = {}
    for sha, ref in read_now.items():
        f = spill.get(ref, None)  # type: ignore[arg-type]
        batch[sha] = (
            "ok",
            {"report": f.report, "format": f.format, "evidence": f.evidence, "text": f.text},
        )
        if len(batch) >= CHUNK:
            keep_extractions(session, batch)
            batch = {}
    keep_extractions(session, batch)


def _article_pages(
    session: Session, wanted: tuple[Any, ...], captures: list[Capture]
) -> dict[str, tuple[str | None, dict[str, Any]]]:
    """The article page behind each of these documents (URL → blob and context), for
    titles and claimed dates."""
    urls = {c.context.get("article", c.final_url) for c in captures}
    if not urls:
        return {}
    return {
        url: (sha, context)
        for url, sha, context in session.execute(
            select(Capture.final_url, Capture.blob_sha256, Capture.context).where(
                *wanted, Capture.role == "article", Capture.final_url.in_(urls)
            )
        )
    }


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


def _decide(
    session: Session,
    f: Found,
    indexes: dict[int, tuple[BodyIndex, str, str | None]],
    summary: IngestSummary,
) -> tuple[tuple[Any, ...] | None, _Member]:
    """The (body, year) group a found document belongs to, or None (a finding) when
    nothing tells its year."""
    sid = f.capture.source_id or 0
    if sid not in indexes:
        source = session.get(Source, sid)
        region = source.region_code if source else None
        body_setting = (source.settings or {}).get("body") if source else None
        indexes[sid] = (BodyIndex.for_region(session, region), region or "", body_setting)
    index, region, source_body = indexes[sid]
    f.decision = decision = decide_found(f, index, source_body)
    body, year = decision.body, decision.year
    # An unregistered body keeps the name it gives itself; lacking one, the URL (not
    # the title: two unnamed bodies' "2023年…年度报告" must never share one report).
    shown = body.name if body else (decision.name or f.article_url)[:200]
    member = _Member((0, 0), f.capture.id, f.capture.role, f.capture.final_url, body, shown, region)
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
        return None, member
    key = ("body", body.body_id, year) if body else ("name", region, shown, year)
    return key, member


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
    session: Session,
    store: BlobStore,
    members: list[_Member],
    spill: Spill,
    summary: IngestSummary,
) -> None:
    """One (body, year): one report, at most one new version, sightings for the rest.

    Members are read back from the spill in parts of ``SIGHT_BATCH`` (with their
    captures, in one query a part, their sightings written together), so a group of
    thousands of sightings is never in memory at once either."""
    # The inline table is the primary document, then the first URL: a stable choice
    # whatever order the crawl fetched them in.
    members.sort(key=lambda m: (m.role != "article", m.final_url))

    def load(m: _Member) -> Found:
        capture = session.get(Capture, m.capture_id)
        assert capture is not None
        return spill.get(m.ref, capture)

    def let_go(f: Found) -> None:
        session.flush()
        if f.capture in session:
            session.expunge(f.capture)

    first = members[0]
    primary = load(first)
    assert primary.decision is not None and primary.decision.year is not None
    report = _get_report(
        session, first.body, first.shown, first.region, primary.decision.year, primary
    )
    latest = latest_version(session, report.id)
    if latest is not None and not same_content(
        latest, primary.report, primary.text, primary.text_hash
    ):
        # Content already archived, seen through any of these documents, is a sighting.
        for m in members[1:]:
            f = load(m)
            if same_content(latest, f.report, f.text, f.text_hash):
                primary, first = f, m
                break
    version = _version_for(session, store, report, primary, summary)
    if version.id in summary.new_versions:
        check_continuity(session, report)  # 结转 rows against the years either side
    summary.count(primary.capture.source_id, "reports")
    primary_url = primary.capture.final_url
    let_go(primary)
    rest = [m for m in members if m is not first]
    for i in range(0, len(rest), SIGHT_BATCH):
        part = rest[i : i + SIGHT_BATCH]
        # one query for the part's captures, held while the part is read
        held = {
            c.id: c
            for c in session.scalars(
                select(Capture).where(Capture.id.in_([m.capture_id for m in part]))
            )
        }
        same: list[Capture] = []
        for m in part:
            f = spill.get(m.ref, held[m.capture_id])
            if same_content(version, f.report, None):
                same.append(f.capture)
                continue
            summary.note(
                session,
                Finding(
                    kind="documents_disagree",
                    message=(
                        f"{first.shown} {report.year}: {f.capture.final_url} gives other "
                        f"figures than {primary_url}"
                    )[:1000],
                    run_id=f.capture.run_id,
                    source_id=f.capture.source_id,
                    report_id=report.id,
                    capture_id=f.capture.id,
                ),
                f.capture.blob_sha256,
            )
        sight_many(session, version, same)
        session.flush()
        for capture in held.values():
            if capture in session:
                session.expunge(capture)


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
    keep_first_claim(report, version)
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
