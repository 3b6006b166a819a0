"""The archive pipeline: every fetch becomes a capture, its bytes a blob — off the reactor.

``process_item`` only queues; a writer thread stores blobs and writes captures in
batches (one transaction per batch), so a slow disk or database never stalls
downloads. Closing the spider (also on Ctrl-C) drains the queue before returning, so
everything fetched is kept. A URL already captured in this run (a resumed run) is
not captured twice. If the writer fails (disk full, database gone), the crawl stops
with finish reason ``archive_error`` instead of fetching what it cannot keep.
"""

from __future__ import annotations

import logging
import queue
import threading
import time
from typing import Any

from scrapy.crawler import Crawler
from scrapy.statscollectors import StatsCollector
from scrapy.utils.defer import deferred_from_coro
from sqlalchemy import insert, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session, sessionmaker

from archive.blobstore import BlobStore
from archive.db import make_engine, session_factory
from archive.models import Blob, Capture, FetchOutcome, utcnow

from .context import CrawlContext, crawl_context
from .items import Fetched

log = logging.getLogger(__name__)

BATCH = 50
FLUSH_SECONDS = 0.5
_STOP = object()


def insert_ignoring_duplicates(session: Session, model: type[Blob]) -> Any:
    """INSERT … ON CONFLICT DO NOTHING on SQLite and PostgreSQL."""
    if session.get_bind().dialect.name == "postgresql":
        return postgresql.insert(model).on_conflict_do_nothing()
    if session.get_bind().dialect.name == "sqlite":
        return sqlite.insert(model).on_conflict_do_nothing()
    return insert(model)


def _header(headers: dict[str, list[str]], name: str) -> str | None:
    for key, values in headers.items():
        if key.lower() == name.lower() and values:
            return values[0][:500]
    return None


class ArchivePipeline:
    def __init__(self, context: CrawlContext, stats: StatsCollector, crawler: Crawler) -> None:
        self.context = context
        self.stats = stats
        self.crawler = crawler
        self.stopping = False
        self.queue: queue.Queue[object] = queue.Queue(maxsize=2000)
        self.thread = threading.Thread(target=self._write_loop, name="nianbao-writer", daemon=True)
        self.error: BaseException | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ArchivePipeline:
        assert crawler.stats is not None
        return cls(crawl_context(crawler), crawler.stats, crawler)

    def open_spider(self) -> None:
        self.thread.start()

    def close_spider(self) -> None:
        if self.thread.is_alive():
            self.queue.put(_STOP)
        self.thread.join()
        if self.error is not None:
            log.error("archive writer failed: %s", self.error)
            self.stats.set_value("nianbao/archive_error", str(self.error)[:500])

    def _stop_crawl(self) -> None:
        """The writer died: nothing more can be kept, so stop fetching."""
        if not self.stopping:
            self.stopping = True
            log.error("archive writer failed, stopping the crawl: %s", self.error)
            assert self.crawler.engine is not None
            deferred_from_coro(self.crawler.engine.close_spider_async(reason="archive_error"))

    def process_item(self, item: object) -> object:
        if not isinstance(item, Fetched):
            return item
        if item.requested_url in self.context.captured_this_run:
            self.stats.inc_value("nianbao/capture/skipped_resumed")
            return item
        while True:  # never block the reactor on a writer that has died
            if self.error is not None:
                self._stop_crawl()
                return item
            try:
                self.queue.put(item, timeout=0.5)
                break
            except queue.Full:
                continue
        self.context.captured_this_run.add(item.requested_url)
        self.stats.inc_value(f"nianbao/outcome/{item.outcome}")
        return item

    def _write_loop(self) -> None:
        engine = make_engine(self.context.db_url)
        sessions = session_factory(engine)
        store = self.context.blobs
        pending: list[Fetched] = []
        last = time.monotonic()
        try:
            while True:
                try:
                    got = self.queue.get(timeout=FLUSH_SECONDS)
                except queue.Empty:
                    got = None
                if got is not None and got is not _STOP:
                    pending.append(got)  # type: ignore[arg-type]
                due = time.monotonic() - last >= FLUSH_SECONDS
                if pending and (len(pending) >= BATCH or due or got is _STOP):
                    self._write(sessions, store, pending)
                    pending = []
                    last = time.monotonic()
                if got is _STOP:
                    return
        except BaseException as exc:  # keep the reason; close_spider reports it
            self.error = exc
            raise
        finally:
            engine.dispose()

    def _write(
        self, sessions: sessionmaker[Session], store: BlobStore, items: list[Fetched]
    ) -> None:
        """One transaction per batch, with bulk inserts: the reactor shares this process's GIL."""
        rows: list[dict[str, Any]] = []
        blobs: dict[str, dict[str, Any]] = {}
        for item in items:
            sha = None
            etag = _header(item.headers, "ETag")
            last_modified = _header(item.headers, "Last-Modified")
            if item.not_modified:
                # A 304 need not repeat its validators: keep the ones it answered to.
                known = self.context.validators.get(item.requested_url)
                sha = known.blob_sha256 if known else None
                etag = etag or (known.etag if known else None)
                last_modified = last_modified or (known.last_modified if known else None)
            elif item.body is not None:
                stored = store.put(item.body)
                sha = stored.sha256
                blobs.setdefault(
                    sha, {"sha256": sha, "size": stored.size, "stored_size": stored.stored_size}
                )
            rows.append(
                {
                    "run_id": item.run_id,
                    "source_id": item.source_id,
                    "requested_url": item.requested_url,
                    "final_url": item.final_url,
                    "method": "GET",
                    "status": 304 if item.not_modified else item.status,
                    "outcome": FetchOutcome.NOT_MODIFIED if item.not_modified else item.outcome,
                    "headers": item.headers,
                    "content_type": _header(item.headers, "Content-Type"),
                    "etag": etag,
                    "last_modified": last_modified,
                    "blob_sha256": sha,
                    "referer": item.referer,
                    "error": (item.error or None) and item.error[:1000],
                    "role": item.role,
                    "context": item.context,
                    "fetched_at": item.fetched_at,
                }
            )
        with sessions.begin() as session:
            if blobs:
                known = set(
                    session.scalars(select(Blob.sha256).where(Blob.sha256.in_(list(blobs))))
                )
                new = [b | {"created_at": utcnow()} for sha, b in blobs.items() if sha not in known]
                if new:
                    # Another crawl may store the same bytes at the same moment.
                    session.execute(insert_ignoring_duplicates(session, Blob), new)
                    self.stats.inc_value("nianbao/blobs/new", len(new))
            session.execute(insert(Capture), rows)
        self.stats.inc_value("nianbao/capture/written", len(items))
