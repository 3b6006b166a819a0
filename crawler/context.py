"""The archive as the crawl sees it: settings, the blob store, and what earlier runs kept.

One ``CrawlContext`` per crawler, built from Scrapy settings that ``crawler.run`` sets
(``NIANBAO_DB_URL``, ``NIANBAO_DATA_DIR``, ``NIANBAO_RUN_ID``). Reads happen once at
start-up; writes go through the pipeline's writer thread only.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from scrapy.crawler import Crawler
from sqlalchemy import func, select

from archive.blobstore import BlobStore
from archive.db import make_engine, session_factory
from archive.models import Capture, FetchOutcome, Source
from archive.revisits import inherited_columns


@dataclass(frozen=True)
class Validators:
    """What a URL's last good capture said, for a conditional request."""

    etag: str | None
    last_modified: str | None
    blob_sha256: str
    content_type: str | None


@dataclass
class CrawlContext:
    db_url: str
    data_dir: Path
    run_id: int
    sources: list[dict[str, Any]] = field(default_factory=list)
    validators: dict[str, Validators] = field(default_factory=dict)
    captured_this_run: set[str] = field(default_factory=set)
    # URLs a resume fetches again because an earlier attempt never reached the archive.
    rescheduled: set[str] = field(default_factory=set)

    @property
    def blobs(self) -> BlobStore:
        return BlobStore(self.data_dir / "blobs")


_CONTEXTS: dict[int, CrawlContext] = {}


def crawl_context(crawler: Crawler) -> CrawlContext:
    """The context of this crawler, loaded from the archive on first use."""
    key = id(crawler)
    if key not in _CONTEXTS:
        s = crawler.settings
        _CONTEXTS[key] = load_context(
            s.get("NIANBAO_DB_URL"),
            Path(s.get("NIANBAO_DATA_DIR")),
            s.getint("NIANBAO_RUN_ID"),
            s.getlist("NIANBAO_SOURCE_IDS"),
        )
    return _CONTEXTS[key]


def load_context(db_url: str, data_dir: Path, run_id: int, source_ids: list[str]) -> CrawlContext:
    engine = make_engine(db_url)
    try:
        with session_factory(engine)() as session:
            ids = [int(i) for i in source_ids]
            sources = [
                {
                    "id": s.id,
                    "url": s.url,
                    "region": s.region_code,
                    "family": s.family,
                    "settings": dict(s.settings or {}),
                }
                for s in session.scalars(
                    select(Source).where(Source.id.in_(ids)).order_by(Source.id)
                )
            ]
            # The newest capture with content per requested URL gives the validators.
            newest = (
                select(Capture.requested_url, func.max(Capture.id).label("id"))
                .where(
                    Capture.outcome.in_([FetchOutcome.OK, FetchOutcome.NOT_MODIFIED]),
                    Capture.blob_sha256.is_not(None),
                )
                .group_by(Capture.requested_url)
                .subquery()
            )
            # a revisit's validators left empty are its full capture's
            full, onclause, inherited = inherited_columns()
            rows = session.execute(
                select(
                    Capture.requested_url,
                    inherited["etag"],
                    inherited["last_modified"],
                    Capture.blob_sha256,
                    inherited["content_type"],
                )
                .join(newest, newest.c.id == Capture.id)
                .outerjoin(full, onclause)
            )
            validators = {
                url: Validators(etag, lm, sha, ctype)
                for url, etag, lm, sha, ctype in rows
                if sha and (etag or lm)
            }
            done = set(
                session.scalars(select(Capture.requested_url).where(Capture.run_id == run_id))
            )
    finally:
        engine.dispose()
    return CrawlContext(db_url, data_dir, run_id, sources, validators, done)
