"""What the archive already knows about a blob's bytes, so that they are not read again.

A blob that is a version's document under the current extractor reuses that version's
figures, text and evidence; a readable report whose bytes made no version (an
attachment repeating its page, a report whose year nothing tells) reuses what the
extractor read of it (``blobs.extraction``: figures, evidence and the text's hash); a
blob the current extractor judged not to be a report (or unreadable for good) keeps
that verdict. So an unchanged re-crawl extracts nothing again and repeats no finding.
A LibreOffice time limit or an extractor crash may go otherwise next time, so those
verdicts are not kept.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import and_, bindparam, null, or_, select, update
from sqlalchemy.orm import Session

from .extract import EXTRACTOR_VERSION
from .models import Blob, ReportVersion
from .versions import content_key


def known_documents(session: Session, shas: set[str]) -> dict[str, tuple[str, Any]]:
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


def known_extractions(session: Session, shas: set[str]) -> dict[str, tuple[str, Any]]:
    """Readable reports whose bytes made no version, as the current extractor read them:
    ``text`` is None (not kept) and ``text_hash`` stands for it."""
    if not shas:
        return {}
    rows = session.execute(
        select(Blob.sha256, Blob.extraction).where(
            Blob.sha256.in_(shas),
            Blob.verdict == "ok",
            Blob.verdict_extractor == EXTRACTOR_VERSION,
            Blob.extraction.is_not(None),
        )
    )
    return {sha: ("ok", {**kept, "text": None}) for sha, kept in rows if kept}


def keep_extractions(session: Session, results: dict[str, tuple[str, Any]]) -> None:
    """Keep what was read of the readable reports in ``results`` that made no version."""
    fresh = {sha: value for sha, (kind, value) in results.items() if kind == "ok"}
    if not fresh:
        return
    documents = set(
        session.scalars(
            select(ReportVersion.document_blob_sha256).where(
                ReportVersion.document_blob_sha256.in_(fresh),
                ReportVersion.extractor_version == EXTRACTOR_VERSION,
            )
        )
    )
    _update_blobs(
        session,
        [
            {
                "sha": sha,
                "extraction": {
                    "report": value["report"],
                    "format": value["format"],
                    "evidence": value.get("evidence") or {},
                    "text_hash": content_key(value["report"], value["text"])[1],
                },
            }
            for sha, value in fresh.items()
            if sha not in documents and value.get("text") is not None
        ],
    )


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


# Verdicts that the same bytes always earn from the same extractor; a LibreOffice time
# limit or an extractor crash may go otherwise next time, so those are tried again.
SETTLED = {"not_a_report", "empty", "corrupt", "encrypted", "unsafe", "unsupported", "needs_ocr"}


def settled_verdicts(session: Session, shas: set[str]) -> dict[str, str]:
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


def earlier_verdicts(session: Session, shas: set[str]) -> dict[str, str]:
    """What an earlier extractor said of these blobs (sha → verdict): a new extractor
    that says the same is no news, and raises no finding again."""
    if not shas:
        return {}
    rows = session.execute(
        select(Blob.sha256, Blob.verdict).where(Blob.sha256.in_(shas), Blob.verdict.is_not(None))
    )
    return {sha: verdict for sha, verdict in rows if verdict}


def keep_verdicts(session: Session, results: dict[str, tuple[str, Any]]) -> None:
    """Each blob's verdict under the current extractor, in one UPDATE per batch; what
    an earlier extractor read of it is dropped (``keep_extractions`` keeps the new)."""
    _update_blobs(
        session,
        [
            {
                "sha": sha,
                "verdict": kind,
                "verdict_extractor": EXTRACTOR_VERSION,
            }
            for sha, (kind, _) in results.items()
        ],
        extraction=null(),  # SQL NULL (a None bound to a JSON column is JSON 'null')
    )


def unjudged(session: Session, shas: set[str]) -> set[str]:
    """The blobs among ``shas`` that the current extractor has not read yet: neither a
    version's document nor with a kept verdict (what ingest will extract, asked
    cheaply, ahead of time)."""
    if not shas:
        return set()
    judged = set(
        session.scalars(
            select(ReportVersion.document_blob_sha256).where(
                ReportVersion.document_blob_sha256.in_(shas),
                ReportVersion.extractor_version == EXTRACTOR_VERSION,
            )
        )
    )
    judged.update(
        session.scalars(
            select(Blob.sha256).where(
                Blob.sha256.in_(shas - judged),
                Blob.verdict_extractor == EXTRACTOR_VERSION,
                # as ingest decides (known_extractions, settled_verdicts)
                or_(
                    Blob.verdict.in_(SETTLED),
                    and_(Blob.verdict == "ok", Blob.extraction.is_not(None)),
                ),
            )
        )
    )
    return shas - judged


def _update_blobs(session: Session, rows: list[dict[str, Any]], **fixed: Any) -> None:
    """UPDATE blobs by hash, many rows in one executemany (``fixed``: values set alike
    in every row): the ORM loading each blob to set two columns cost more than
    extracting a page."""
    if not rows:
        return
    table = Blob.__table__
    columns: dict[str, Any] = {key: bindparam(key) for key in rows[0] if key != "sha"}
    session.execute(
        update(table).where(table.c.sha256 == bindparam("sha")).values({**columns, **fixed}),
        rows,
    )
