"""Re-reading stored documents with the current extractor, without false versions.

When the extractor improves, ``reextract`` runs it again over each version's stored
document bytes and updates that version's figures, text and extractor version in
place. The document did not change, so no version is made; a version whose figures
changed is reported so a person can see what the better extractor reads differently.
The year and body are decided again from all the evidence (``archive/evidence.py``)
against the registry as it is now: a report that now reads as another year or body
moves there (merged with the report already there), and is listed as ``moved``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from .attribution import BodyIndex
from .blobstore import BlobStore
from .extract import EXTRACTOR_VERSION
from .extract_pool import extract_blobs
from .found import decide_found, found_from, version_basis
from .models import Capture, Report, ReportVersion, Source
from .reattribute import reattribute, relocate
from .versions import content_key


@dataclass
class ReextractResult:
    versions: int = 0
    changed: list[dict[str, Any]] = field(default_factory=list)
    failed: list[dict[str, Any]] = field(default_factory=list)
    moved: list[dict[str, Any]] = field(default_factory=list)


def reextract(
    session: Session,
    store: BlobStore,
    report_ids: list[int] | None = None,
    *,
    workers: int | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> ReextractResult:
    """Re-extract the versions of ``report_ids`` (all when None); no commit."""
    reattribute(session)  # the registry may have changed since the reports were found
    query = select(ReportVersion).where(ReportVersion.document_blob_sha256.is_not(None))
    if report_ids is not None:
        query = query.where(ReportVersion.report_id.in_(report_ids))
    versions = list(session.scalars(query.order_by(ReportVersion.id)))
    results = extract_blobs(
        store,
        (v.document_blob_sha256 for v in versions if v.document_blob_sha256),
        workers,
        progress,
    )
    outcome = ReextractResult(versions=len(versions))
    for version in versions:
        kind, value = results[version.document_blob_sha256 or ""]
        if kind != "ok":
            outcome.failed.append({"version": version.id, "error": kind, "message": value})
            continue
        figures, digest = content_key(value["report"], value["text"])
        old_figures, _ = content_key(version.figures or {}, None)
        if old_figures != figures or version.text_hash != digest:
            outcome.changed.append(
                {
                    "report": version.report_id,
                    "version": version.number,
                    "from_extractor": version.extractor_version,
                }
            )
        version.figures = value["report"]
        version.text = value["text"]
        version.text_hash = digest
        version.extractor_version = EXTRACTOR_VERSION
        _redecide(session, store, version, value, outcome)
    return outcome


def _redecide(
    session: Session,
    store: BlobStore,
    version: ReportVersion,
    value: dict[str, Any],
    outcome: ReextractResult,
) -> None:
    """Decide the version's year and body again; move a one-version report that now
    belongs elsewhere (a report with several versions stays, its evidence updated)."""
    capture = session.get(Capture, version.capture_id) if version.capture_id else None
    if capture is None:
        return
    page_url = capture.context.get("article", capture.final_url)
    article = session.execute(
        select(Capture.final_url, Capture.blob_sha256, Capture.context)
        .where(Capture.final_url == page_url, Capture.blob_sha256.is_not(None))
        .order_by(Capture.id.desc())
        .limit(1)
    ).first()
    articles = {article[0]: (article[1], article[2])} if article else {}
    found = found_from(store, capture, value, articles)
    source = session.get(Source, capture.source_id) if capture.source_id else None
    region = source.region_code if source else None
    body_setting = (source.settings or {}).get("body") if source else None
    index = BodyIndex.for_region(session, region)
    found.decision = decision = decide_found(found, index, body_setting)
    for key, basis in version_basis(found).items():
        setattr(version, key, basis)
    report = session.get(Report, version.report_id)
    if report is None or decision.year is None:
        return
    same = (
        decision.body.body_id == report.body_id
        if decision.body is not None
        else report.body_id is None and decision.name == report.body_name
    )
    if same and decision.year == report.year:
        return
    count = session.scalar(
        select(func.count()).where(ReportVersion.report_id == report.id)
    )
    if count != 1:
        return
    before = (report.body_name, report.year)
    name = decision.body.name if decision.body else (decision.name or report.body_name)
    moved_to = relocate(session, report, decision.body, name, region, decision.year)
    outcome.moved.append(
        {
            "from": {"body": before[0], "year": before[1]},
            "to": {"body": moved_to.body_name, "year": moved_to.year},
            "year_basis": decision.year_basis,
            "body_basis": decision.body_basis,
        }
    )
