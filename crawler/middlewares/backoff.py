"""Retries with exponential backoff: Scrapy's RetryMiddleware, plus a wait before each retry.

Timeouts, resets and 5xx are retried ``RETRY_TIMES`` times; the n-th retry waits
``NIANBAO_RETRY_BACKOFF * 2**(n-1)`` seconds (capped by ``NIANBAO_RETRY_BACKOFF_MAX``),
so a struggling county server gets room instead of a burst.
"""

from __future__ import annotations

import asyncio

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.downloadermiddlewares.retry import RetryMiddleware


class BackoffRetryMiddleware(RetryMiddleware):
    @classmethod
    def from_crawler(cls, crawler: Crawler) -> BackoffRetryMiddleware:
        mw = super().from_crawler(crawler)
        mw.base_delay = crawler.settings.getfloat("NIANBAO_RETRY_BACKOFF", 1.0)
        mw.max_delay = crawler.settings.getfloat("NIANBAO_RETRY_BACKOFF_MAX", 30.0)
        return mw

    def _retry(self, request: Request, reason: str | Exception | type[Exception]) -> Request | None:
        retry = super()._retry(request, reason)
        if retry is not None:
            n = retry.meta.get("retry_times", 1)
            retry.meta["nianbao_retry_delay"] = min(self.base_delay * 2 ** (n - 1), self.max_delay)
        return retry

    async def process_request(self, request: Request) -> None:
        delay = request.meta.pop("nianbao_retry_delay", 0)
        if delay:
            await asyncio.sleep(delay)
