"""Re-reading stored documents with the current extractor, without false versions.

When the extractor improves, ``reextract`` runs it again over each version's stored
document bytes and updates that version's figures, text and extractor version in
place. The document did not change, so no version is made; a version whose figures
changed is reported so a person can see what the better extractor reads differently.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from .blobstore import BlobStore
from .extract import EXTRACTOR_VERSION
from .extract_pool import extract_blobs
from .models import ReportVersion
from .versions import content_key


@dataclass
class ReextractResult:
    versions: int = 0
    changed: list[dict[str, Any]] = field(default_factory=list)
    failed: list[dict[str, Any]] = field(default_factory=list)


def reextract(
    session: Session,
    store: BlobStore,
    report_ids: list[int] | None = None,
    *,
    workers: int | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> ReextractResult:
    """Re-extract the versions of ``report_ids`` (all when None); no commit."""
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
    return outcome
