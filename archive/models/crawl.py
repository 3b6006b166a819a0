"""What was fetched: crawl runs, stored blobs, and captures (one HTTP fetch each)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, BigInteger, ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base, str_enum, utcnow
from .enums import FetchOutcome, RunStatus


class CrawlRun(Base):
    __tablename__ = "crawl_runs"

    id: Mapped[int] = mapped_column(primary_key=True)
    started_at: Mapped[datetime] = mapped_column(default=utcnow)
    finished_at: Mapped[datetime | None]
    status: Mapped[RunStatus] = mapped_column(
        str_enum(RunStatus, "run_status"), default=RunStatus.RUNNING
    )
    region_code: Mapped[str | None] = mapped_column(String(12))
    source_url: Mapped[str | None] = mapped_column(String(2000))
    jobdir: Mapped[str | None] = mapped_column(String(500))
    stats: Mapped[dict[str, Any]] = mapped_column(default=dict)
    # Set when the cluster scheduler (archive/scheduler/dispatch.py) ran this crawl as a
    # Scrapyd job: the node's URL and job id of the latest attempt, the dispatch outcome
    # (queued, dispatched, finished, interrupted, failed, lost, gave_up, dropped, …) and how
    # many attempts.
    node: Mapped[str | None] = mapped_column(String(300))
    job_id: Mapped[str | None] = mapped_column(String(64), index=True)
    outcome: Mapped[str | None] = mapped_column(String(20))
    attempts: Mapped[int] = mapped_column(default=0, server_default="0")


class Blob(Base):
    """Metadata of one stored body; the bytes live in the blob store under ``sha256``."""

    __tablename__ = "blobs"

    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    size: Mapped[int] = mapped_column(BigInteger)
    stored_size: Mapped[int] = mapped_column(BigInteger)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # What the extractor made of these bytes (``ok``, ``not_a_report``, ``corrupt``, …)
    # and which extractor said so: the same bytes are not extracted again, and their
    # finding is raised once, not once per crawl.
    verdict: Mapped[str | None] = mapped_column(String(32))
    verdict_extractor: Mapped[str | None] = mapped_column(String(32))
    # A readable report whose bytes made no version (an attachment that repeats its
    # page, a report whose year nothing tells, a disagreeing or cut-short copy): what
    # the extractor read ({report, format, evidence, text_hash}), so a re-crawl decides
    # on it again without extracting it again.
    extraction: Mapped[dict[str, Any] | None] = mapped_column(JSON)


class Capture(Base):
    """One HTTP fetch: what was asked, what came back, and where its bytes are."""

    __tablename__ = "captures"
    __table_args__ = (
        Index(None, "final_url", "fetched_at"),
        # A URL is captured once per run; a run redone on another node (docs/scale.md)
        # inserts ON CONFLICT DO NOTHING, so two nodes never capture it twice.
        UniqueConstraint("run_id", "requested_url"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    run_id: Mapped[int | None] = mapped_column(ForeignKey("crawl_runs.id"), index=True)
    source_id: Mapped[int | None] = mapped_column(ForeignKey("sources.id"), index=True)
    requested_url: Mapped[str] = mapped_column(String(2000))
    final_url: Mapped[str] = mapped_column(String(2000))
    method: Mapped[str] = mapped_column(String(8), default="GET")
    status: Mapped[int | None]
    outcome: Mapped[FetchOutcome] = mapped_column(str_enum(FetchOutcome, "fetch_outcome"))
    headers: Mapped[dict[str, Any]] = mapped_column(default=dict)
    content_type: Mapped[str | None] = mapped_column(String(200))
    etag: Mapped[str | None] = mapped_column(String(500))
    last_modified: Mapped[str | None] = mapped_column(String(100))
    fetched_at: Mapped[datetime] = mapped_column(default=utcnow)
    blob_sha256: Mapped[str | None] = mapped_column(ForeignKey("blobs.sha256"), index=True)
    referer: Mapped[str | None] = mapped_column(String(2000))
    error: Mapped[str | None] = mapped_column(String(1000))
    # Why it was fetched (list, article, attachment) and what the crawler knew then:
    # the link title, the list page's date, the article an attachment belongs to.
    role: Mapped[str] = mapped_column(String(20), default="page")
    context: Mapped[dict[str, Any]] = mapped_column(default=dict)
    # A revisit: this fetch found the same bytes (a 304, or a 200 with the same sha256)
    # as the full capture named here, the first at this URL with these bytes. It keeps
    # when, its status and context, but no response headers, and leaves empty the
    # content type, ETag, Last-Modified and referer where they equal the full capture's:
    # readers take those from it (archive/revisits.py; a WARC export writes a
    # ``revisit`` record).
    revisit_of: Mapped[int | None] = mapped_column(ForeignKey("captures.id"))

    blob: Mapped[Blob | None] = relationship()
    run: Mapped[CrawlRun | None] = relationship()
