"""The pending journal: every request that reaches the downloader, so nothing fetched is lost.

Scrapy's duplicate filter (``JOBDIR/requests.seen``) remembers a request as soon as it
is scheduled, but the capture reaches the archive only later, through the writer
process. A crash, a ``kill -9`` or a failed writer in between would leave the URL seen
and never archived, so ``--resume`` would skip it for good; and a ``kill -9`` can leave
Scrapy's disk queue (``JOBDIR/requests.queue``) unreadable. The extension here appends
each request (URL, callback, meta) to ``JOBDIR/pending.jsonl`` the moment it is
scheduled, so the journal holds everything the queue held and everything in flight.
On a resume ``crawler.run`` drops Scrapy's queue and the spider middleware schedules
again every journalled URL that has no capture in the run. The journal is only
appended to (one line per URL) and is removed with the JOBDIR when the run finishes.
"""

from __future__ import annotations

import base64
import json
import logging
import pickle
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import IO, Any

from scrapy import Request, Spider, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.utils.request import request_from_dict

from ..context import crawl_context

log = logging.getLogger(__name__)

JOURNAL = "pending.jsonl"
# Meta that describes the request; Scrapy's own bookkeeping (retries, redirects,
# download slots) starts afresh.
_SKIP_META = {
    "redirect_urls",
    "redirect_times",
    "redirect_ttl",
    "redirect_reasons",
    "retry_times",
    "download_slot",
    "download_latency",
    "depth",
    "nianbao_conditional_for",
    "nianbao_not_modified",
    "_scheme_proxy",
}


def original_url(request: Request) -> str:
    """The URL the spider asked for, before redirects: what the capture is keyed on."""
    return request.meta.get("redirect_urls", [request.url])[0]


def journal_entry(request: Request, spider: Spider | None) -> dict[str, Any]:
    """The URL a capture will name, and the whole request (method, body, headers,
    callback, meta) as Scrapy serialises it for its own disk queue."""
    as_dict = request.to_dict(spider=spider)
    as_dict["meta"] = {k: v for k, v in (as_dict.get("meta") or {}).items() if k not in _SKIP_META}
    return {
        "url": original_url(request),
        "request": base64.b64encode(pickle.dumps(as_dict, protocol=4)).decode("ascii"),
    }


def request_from_entry(entry: dict[str, Any], spider: Spider | None) -> Request | None:
    try:
        as_dict = pickle.loads(base64.b64decode(entry["request"]))
        request = request_from_dict(as_dict, spider=spider)
    except Exception as exc:  # a line from another version of the spider: skip it, say so
        log.warning("pending journal: cannot rebuild the request for %s: %s", entry["url"], exc)
        return None
    return request.replace(dont_filter=True)  # requests.seen already holds it


def read_journal(jobdir: Path) -> Iterator[dict[str, Any]]:
    """The journal's entries, first per URL; a line cut by a kill is skipped."""
    path = jobdir / JOURNAL
    if not path.exists():
        return
    seen: set[str] = set()
    with path.open(encoding="utf-8") as f:
        for line in f:
            try:
                entry = json.loads(line)
            except json.JSONDecodeError:
                continue
            if isinstance(entry, dict) and entry.get("url") and entry["url"] not in seen:
                seen.add(entry["url"])
                yield entry


class PendingJournal:
    """Extension: journal each request when it is scheduled."""

    def __init__(self, jobdir: Path, crawler: Crawler | None = None) -> None:
        self.crawler = crawler
        jobdir.mkdir(parents=True, exist_ok=True)
        self.seen = {entry["url"] for entry in read_journal(jobdir)}
        self.file: IO[str] = (jobdir / JOURNAL).open("a", encoding="utf-8")

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> PendingJournal:
        jobdir = crawler.settings.get("JOBDIR")
        if not jobdir:
            raise NotConfigured
        ext = cls(Path(jobdir), crawler)
        crawler.signals.connect(ext.scheduled, signal=signals.request_scheduled)
        crawler.signals.connect(ext.close, signal=signals.spider_closed)
        return ext

    def scheduled(self, request: Request) -> None:
        url = original_url(request)
        if url in self.seen or request.callback is None:
            return  # robots.txt and the like are Scrapy's, not captures
        self.seen.add(url)
        # Flushed, not fsynced: the line must survive a killed process, not a power cut.
        spider = self.crawler.spider if self.crawler else None
        self.file.write(json.dumps(journal_entry(request, spider)) + "\n")
        self.file.flush()

    def close(self) -> None:
        self.file.close()


class ResumePendingMiddleware:
    """Spider middleware: on a resume, schedule again what was sent but never archived."""

    def __init__(self, crawler: Crawler, jobdir: Path) -> None:
        self.crawler = crawler
        self.jobdir = jobdir

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ResumePendingMiddleware:
        jobdir = crawler.settings.get("JOBDIR")
        if not jobdir:
            raise NotConfigured
        return cls(crawler, Path(jobdir))

    async def process_start(self, start: AsyncIterator[Any]) -> AsyncIterator[Any]:
        context = crawl_context(self.crawler)
        spider = self.crawler.spider
        stats = self.crawler.stats
        for entry in read_journal(self.jobdir):
            if entry["url"] in context.captured_this_run:
                continue
            request = request_from_entry(entry, spider)
            if request is None:
                continue
            context.rescheduled.add(entry["url"])
            if stats is not None:
                stats.inc_value("nianbao/resume/rescheduled")
            yield request
        if context.rescheduled:
            log.warning(
                "resume: fetching again %d URL(s) fetched earlier but never archived",
                len(context.rescheduled),
            )
        async for item in start:
            yield item
