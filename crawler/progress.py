"""A progress line while Scrapy crawls (pages fetched, by outcome), on stderr.

Enabled by the ``NIANBAO_PROGRESS`` setting; ``nianbao crawl`` and ``nianbao demo``
turn it on when stderr is a terminal.
"""

from __future__ import annotations

from collections import Counter

from rich.console import Console
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured

from .items import Fetched


class CrawlProgress:
    def __init__(self) -> None:
        self.counts: Counter[str] = Counter()
        self.progress = Progress(
            SpinnerColumn(),
            TextColumn("{task.description}"),
            TimeElapsedColumn(),
            console=Console(stderr=True),
            transient=True,
        )
        self.task = self.progress.add_task("crawling", total=None)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> CrawlProgress:
        if not crawler.settings.getbool("NIANBAO_PROGRESS"):
            raise NotConfigured
        ext = cls()
        crawler.signals.connect(ext.opened, signal=signals.spider_opened)
        crawler.signals.connect(ext.closed, signal=signals.spider_closed)
        crawler.signals.connect(ext.scraped, signal=signals.item_scraped)
        return ext

    def opened(self) -> None:
        self.progress.start()

    def closed(self) -> None:
        self.progress.stop()

    def scraped(self, item: object) -> None:
        if isinstance(item, Fetched):
            self.counts[item.outcome] += 1
            fetched = sum(self.counts.values())
            detail = ", ".join(f"{k} {v}" for k, v in sorted(self.counts.items()))
            self.progress.update(self.task, description=f"crawling: {fetched} fetched ({detail})")
