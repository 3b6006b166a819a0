"""A document found by a crawl, with what its page says of it, and the decisions made
from that: its year and body (``archive/evidence.py``), the evidence columns of the
version it makes, and whether it looks like a download cut short.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy.orm import Session

from .attribution import BodyIndex
from .blobstore import BlobStore
from .evidence import Decision, decide
from .models import Blob, Capture, ReportVersion
from .pagedates import claimed_date, decode_page, list_date, page_title, publisher


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
    # the text's hash when the text was not read again (archive/verdicts.py)
    text_hash: str | None = None


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
    is_page = page_url == capture.final_url
    page = page_claims(store.get(page_sha), page_url, is_page) if page_sha else PageClaims()
    listed = list_date(capture.context.get("list_date") or (page_context or {}).get("list_date"))
    claimed = page.claimed
    if claimed[0] is None and listed is not None:
        # a document linked straight from its list (no article page), or a page that
        # gives no date: the date the column lists it under is the date it claims
        claimed = (listed, "list")
    return Found(
        capture,
        value["report"],
        value["text"],
        value["format"],
        page_url if page_sha else capture.final_url,
        capture.context.get("title") or (page_context or {}).get("title"),
        claimed,
        value.get("evidence") or {},
        page.title,
        listed,
        page.publisher,
        text_hash=value.get("text_hash"),
    )


@dataclass
class PageClaims:
    """What an article page says of the document it holds or links."""

    claimed: tuple[date | None, str | None] = (None, None)
    title: str | None = None
    publisher: str | None = None


def page_claims(data: bytes, url: str, is_page: bool) -> PageClaims:
    """The claimed date, title and publisher of the article page ``data`` at ``url``;
    ``is_page`` when the page is the document itself (``bench/extract.py`` times this
    with the extraction of an HTML report)."""
    html = decode_page(data)
    if not html:
        return PageClaims()
    return PageClaims(
        claimed_date(html, url),
        # an attachment's article page names it too; a page's own <title> is evidence
        # the document already holds
        None if is_page else page_title(html),
        publisher(html),
    )


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


def figure_count(report: dict[str, Any]) -> int:
    """How many figures a report dict holds (blank cells are not figures)."""
    return sum(
        1
        for section in ("active", "applications", "appeals")
        for row in (report.get(section) or {}).values()
        if isinstance(row, dict)
        for value in row.values()
        if value is not None
    )


def looks_cut(session: Session, latest: ReportVersion, primary: Found) -> bool:
    """A document under 60% of the size of the version before it that also holds under
    80% of its figures: a download cut short, not a revision (a revision keeps the
    template's tables whole)."""
    old = session.get(Blob, latest.document_blob_sha256) if latest.document_blob_sha256 else None
    new = session.get(Blob, primary.capture.blob_sha256) if primary.capture.blob_sha256 else None
    if old is None or new is None or new.size >= 0.6 * old.size:
        return False
    return figure_count(primary.report) < 0.8 * figure_count(latest.figures or {})
