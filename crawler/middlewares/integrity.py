"""Refuse bodies that were cut short, so a truncated page is never archived as good.

Scrapy already fails a body shorter than its Content-Length (``DOWNLOAD_FAIL_ON_DATALOSS``)
and a chunked body that never ends. Two cuts pass it: a compressed stream that stops
early (Scrapy's gunzip keeps what it could read) and a body without Content-Length whose
connection closed early (Scrapy flags it ``partial``: the close may or may not be the
end). This middleware sits before decompression: it checks that a gzip/deflate stream
reaches its end, and that a ``partial`` body ends the way its format must end (HTML's
closing tag, a PDF's ``%%EOF``, a ZIP's end record). A cut body is retried, and if it
stays cut the request fails with ``TruncatedBody``, recorded as ``unreachable``.
"""

from __future__ import annotations

import zlib

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.downloadermiddlewares.retry import get_retry_request
from scrapy.http import Response

_CHUNK = 1 << 20


class TruncatedBody(Exception):
    """The body received is shorter than the one the server meant to send."""


def compressed_stream_complete(body: bytes, encoding: str, limit: int) -> bool | None:
    """Whether a gzip/deflate body reaches its end marker; None if it is not one or is
    too large to tell (the size limit is the decompression middleware's call)."""
    if encoding in ("gzip", "x-gzip"):
        wbits = 16 + zlib.MAX_WBITS
    elif encoding == "deflate":
        wbits = zlib.MAX_WBITS if body[:1] == b"\x78" else -zlib.MAX_WBITS
    else:
        return None
    d = zlib.decompressobj(wbits)
    data, total = body, 0
    try:
        while data and not d.eof:
            total += len(d.decompress(data, _CHUNK))
            if limit and total > limit:
                return None
            data = d.unconsumed_tail
        if not d.eof:
            total += len(d.flush())
    except zlib.error:
        return False
    return d.eof


def format_complete(body: bytes, content_type: str) -> bool | None:
    """Whether a body ends the way its format ends; None when the format cannot tell."""
    tail = body[-2048:].lower()
    head = body[:1024].lstrip().lower()
    if body[:5] == b"%PDF-":
        return b"%%eof" in tail
    if body[:4] == b"PK\x03\x04":
        return b"PK\x05\x06" in body[-66_000:]
    if "html" in content_type or head.startswith((b"<!doctype html", b"<html")):
        return b"</html>" in tail or b"</body>" in tail
    return None


class TruncationMiddleware:
    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.max_size = crawler.settings.getint("DOWNLOAD_MAXSIZE")

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> TruncationMiddleware:
        return cls(crawler)

    def process_response(self, request: Request, response: Response) -> Request | Response:
        if not 200 <= response.status < 300 or not response.body:
            return response
        why = self.truncation(response)
        if why is None:
            return response
        stats = self.crawler.stats
        if stats is not None:
            stats.inc_value("nianbao/truncated")
        retry = get_retry_request(request, spider=self.crawler.spider, reason="truncated body")
        if retry is not None:
            return retry
        raise TruncatedBody(why)

    def truncation(self, response: Response) -> str | None:
        """Why the body is known to be cut short, or None."""
        encoding = (response.headers.get(b"Content-Encoding") or b"").decode("latin-1")
        encoding = encoding.strip().lower()
        complete = compressed_stream_complete(response.body, encoding, self.max_size)
        if complete is False:
            return f"{encoding} stream cut short after {len(response.body)} bytes"
        if "partial" in response.flags and complete is None:
            ctype = (response.headers.get(b"Content-Type") or b"").decode("latin-1").lower()
            if format_complete(response.body, ctype) is False:
                return (
                    f"connection closed after {len(response.body)} bytes, before the "
                    "document's end (no Content-Length)"
                )
        return None
