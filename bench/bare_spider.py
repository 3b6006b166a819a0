"""The baseline of ``bench/crawl.py``: a do-nothing Scrapy spider over the same column.

    python bench/bare_spider.py URL SETTINGS_JSON

It follows the same list pages and fetches the same articles and the attachments they
link, and does nothing with them; prints ``RESULT <responses> <seconds> <peak RSS KB>``.
"""

from __future__ import annotations

import json
import re
import resource
import sys
import time
from collections.abc import AsyncIterator, Iterator

import scrapy
from scrapy.crawler import CrawlerProcess
from scrapy.http import Response

ATTACHMENT = re.compile(rb"""href=["']([^"']+\.(?:pdf|docx?))["']""")


class Bare(scrapy.Spider):
    name = "bare"

    async def start(self) -> AsyncIterator[scrapy.Request]:
        yield scrapy.Request(sys.argv[1], callback=self.parse_list)

    def parse_list(self, response: Response) -> Iterator[scrapy.Request]:
        if response.meta.get("paged") is None:  # fan out from the first page, as nianbao does
            for m in re.finditer(r"createPageHTML\((\d+)", response.text):
                for n in range(int(m.group(1))):
                    page = "index.html" if n == 0 else f"index_{n}.html"
                    yield response.follow(page, self.parse_list, meta={"paged": True})
        for href in response.css(".list a::attr(href)").getall():  # the entries, not chrome
            yield response.follow(href, self.parse_article)

    def parse_article(self, response: Response) -> Iterator[scrapy.Request]:
        # the attachments an article links, found as cheaply as a spider can
        for m in ATTACHMENT.finditer(response.body):
            yield response.follow(m.group(1).decode(), self.parse_attachment)

    def parse_attachment(self, response: Response) -> None:
        return None


def main() -> None:
    process = CrawlerProcess(json.loads(sys.argv[2]))
    crawler = process.create_crawler(Bare)
    process.crawl(crawler)
    started = time.perf_counter()
    process.start()
    elapsed = time.perf_counter() - started
    assert crawler.stats is not None
    pages = crawler.stats.get_value("response_received_count", 0)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(f"RESULT {pages} {elapsed} {peak}")


if __name__ == "__main__":
    main()
