"""The archive pipeline: every fetch becomes a capture, its bytes a blob — off the reactor.

``process_item`` only hands the fetch to a writer process (``crawler.archive_writer``),
which stores blobs and writes captures in batches, so hashing, compressing, fsyncing
and inserting never stall downloads or take the reactor's GIL. Closing the spider (also
on Ctrl-C) waits for the writer to drain, so everything fetched is kept. A URL already
captured in this run (a resumed run) is not captured twice. If the writer fails (disk
full, database locked, killed), the crawl stops with finish reason ``archive_error``
instead of fetching what it cannot keep, and the process never waits on a queue nobody
reads; what was fetched but not written stays in the pending journal
(``crawler.middlewares.pending``) for ``--resume``.
"""

from __future__ import annotations

import logging
import multiprocessing
import queue

from scrapy.crawler import Crawler
from scrapy.statscollectors import StatsCollector
from scrapy.utils.defer import deferred_from_coro

from .archive_writer import STOP, writer_main
from .context import CrawlContext, crawl_context
from .items import Fetched

log = logging.getLogger(__name__)

QUEUE_SIZE = 2000  # fetches in flight to the writer; a full queue slows the crawl


class ArchivePipeline:
    def __init__(self, context: CrawlContext, stats: StatsCollector, crawler: Crawler) -> None:
        self.context = context
        self.stats = stats
        self.crawler = crawler
        self.stopping = False
        self.error: str | None = None
        # spawn, not fork: the crawl process runs threads (Twisted's, SQLite's)
        mp = multiprocessing.get_context("spawn")
        self.inbox: multiprocessing.Queue = mp.Queue(maxsize=QUEUE_SIZE)
        self.outbox: multiprocessing.Queue = mp.Queue()
        self.process = mp.Process(
            target=writer_main,
            args=(context.db_url, str(context.data_dir / "blobs"), self.inbox, self.outbox),
            name="nianbao-writer",
            daemon=True,
        )

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ArchivePipeline:
        assert crawler.stats is not None
        return cls(crawl_context(crawler), crawler.stats, crawler)

    def open_spider(self) -> None:
        self.process.start()

    def close_spider(self) -> None:
        for _ in range(600):  # the writer drains at most QUEUE_SIZE items: bounded
            if not self.process.is_alive():
                break
            try:
                self.inbox.put(STOP, timeout=0.5)
                break
            except queue.Full:
                continue
        self.process.join()
        self._read_outbox(block=True)
        if self.error is not None:
            # Nobody reads the queue any more: never let exit wait on its feeder thread.
            self.inbox.cancel_join_thread()
            log.error("archive writer failed: %s", self.error)
            self.stats.set_value("nianbao/archive_error", self.error)

    def _read_outbox(self, block: bool = False) -> None:
        try:
            kind, value = self.outbox.get(timeout=5) if block else self.outbox.get_nowait()
        except queue.Empty:
            if block and self.error is None and self.process.exitcode not in (0, None):
                self.error = f"writer process exited with status {self.process.exitcode}"
            return
        if kind == "error":
            self.error = value
        else:
            self.stats.set_value("nianbao/capture/written", value["written"])
            self.stats.set_value("nianbao/blobs/new", value["new_blobs"])

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
        record = dict(vars(item))  # a shallow copy: asdict's deep copy of headers cost more
        known = self.context.validators.get(item.requested_url)
        record["known_sha"] = known.blob_sha256 if known else None
        record["known_etag"] = known.etag if known else None
        record["known_last_modified"] = known.last_modified if known else None
        while True:  # never block the reactor on a writer that has died
            if self.error is None and not self.process.is_alive():
                self._read_outbox(block=True)
            if self.error is not None:
                self._stop_crawl()
                return item
            try:
                self.inbox.put(record, timeout=0.5)
                break
            except queue.Full:
                continue
        self.context.captured_this_run.add(item.requested_url)
        self.stats.inc_value(f"nianbao/outcome/{item.outcome}")
        if item.requested_url in self.context.rescheduled:
            self.stats.inc_value("nianbao/resume/recovered")
        return item
