"""Conditional GET against the archive: ask only for what changed.

Every request for a URL the archive already holds gets ``If-None-Match`` /
``If-Modified-Since`` from its last good capture. A 304 stores no new bytes: the
response handed on to the spider carries the archived body (so list pages can still be
followed) and ``meta["nianbao_not_modified"] = True`` so the pipeline records a 304.
A URL whose archived body is gone (quarantined by ``nianbao fsck --repair``) gets no
validators; a 304 whose archived body turns out corrupt is asked again without them,
so the portal's body replaces the damaged copy instead of the fetch failing.
"""

from __future__ import annotations

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.http import Response
from scrapy.http.response.html import HtmlResponse
from scrapy.responsetypes import responsetypes
from scrapy.statscollectors import StatsCollector

from archive.errors import BlobError

from ..context import CrawlContext, crawl_context


class ConditionalGetMiddleware:
    def __init__(self, context: CrawlContext, stats: StatsCollector) -> None:
        self.context = context
        self.stats = stats

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ConditionalGetMiddleware:
        assert crawler.stats is not None
        return cls(crawl_context(crawler), crawler.stats)

    def process_request(self, request: Request) -> None:
        # A redirect copies the request, headers and meta included: validators meant for
        # the first URL must not go to the next one.
        if request.meta.get("nianbao_conditional_for") not in (None, request.url):
            request.headers.pop(b"If-None-Match", None)
            request.headers.pop(b"If-Modified-Since", None)
            del request.meta["nianbao_conditional_for"]
        known = self.context.validators.get(request.url)
        if known is None or request.method != "GET" or request.meta.get("nianbao_unconditional"):
            return
        if not self.context.blobs.exists(known.blob_sha256):
            self.stats.inc_value("nianbao/conditional/blob_gone")
            return
        if known.etag:
            request.headers[b"If-None-Match"] = known.etag.encode("latin-1")
        if known.last_modified:
            request.headers[b"If-Modified-Since"] = known.last_modified.encode("latin-1")
        request.meta["nianbao_conditional_for"] = request.url
        self.stats.inc_value("nianbao/conditional/sent")

    def process_response(self, request: Request, response: Response) -> Request | Response:
        if response.status != 304:
            return response
        known = self.context.validators.get(request.meta.get("nianbao_conditional_for", ""))
        if known is None:  # a 304 to a request we made unconditional: nothing to fill in
            return response
        try:
            body = self.context.blobs.get(known.blob_sha256)
        except BlobError:
            self.stats.inc_value("nianbao/conditional/blob_damaged")
            retry = request.replace(
                meta={**request.meta, "nianbao_unconditional": True}, dont_filter=True
            )
            retry.headers.pop(b"If-None-Match", None)
            retry.headers.pop(b"If-Modified-Since", None)
            retry.meta.pop("nianbao_conditional_for", None)
            return retry
        self.stats.inc_value("nianbao/conditional/not_modified")
        request.meta["nianbao_not_modified"] = True
        headers = response.headers.copy()
        if known.content_type:
            headers[b"Content-Type"] = known.content_type.encode("latin-1")
        cls = responsetypes.from_args(headers=headers, url=response.url, body=body)
        if cls is Response and body.lstrip()[:1] == b"<":
            cls = HtmlResponse
        return cls(
            url=response.url,
            status=200,
            headers=headers,
            body=body,
            request=request,
            flags=["not_modified"],
        )
