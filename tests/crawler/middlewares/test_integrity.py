"""Bodies cut short are refused (retried, then failed), whole ones pass untouched."""

from __future__ import annotations

import gzip

import pytest
from scrapy import Request
from scrapy.http import Response
from scrapy.utils.test import get_crawler

from crawler.middlewares.integrity import (
    TruncatedBody,
    TruncationMiddleware,
    compressed_stream_complete,
    format_complete,
)
from crawler.spiders.portals import PortalSpider

PAGE = ("<html><body>" + "<p>政府信息公开工作年度报告</p>" * 200 + "</body></html>").encode()


def _middleware() -> TruncationMiddleware:
    crawler = get_crawler(PortalSpider, {"RETRY_TIMES": 1})
    crawler.spider = crawler._create_spider("portals")
    return TruncationMiddleware(crawler)


def _response(body: bytes, flags: list[str] | None = None, **headers: str) -> Response:
    return Response(
        "http://127.0.0.1/a.html",
        body=body,
        flags=flags or [],
        headers={"Content-Type": "text/html", **headers},
        request=Request("http://127.0.0.1/a.html"),
    )


def test_a_cut_gzip_stream_is_retried_then_fails() -> None:
    mw = _middleware()
    whole = gzip.compress(PAGE)
    cut = whole[: len(whole) - 8]  # everything but the trailer
    request = Request("http://127.0.0.1/a.html")
    retry = mw.process_response(request, _response(cut, **{"Content-Encoding": "gzip"}))
    assert isinstance(retry, Request) and retry.meta["retry_times"] == 1
    with pytest.raises(TruncatedBody, match="gzip stream cut short"):
        mw.process_response(retry, _response(cut, **{"Content-Encoding": "gzip"}))


def test_a_whole_gzip_stream_and_a_whole_partial_page_pass() -> None:
    mw = _middleware()
    whole = _response(gzip.compress(PAGE), **{"Content-Encoding": "gzip"})
    assert mw.process_response(Request(whole.url), whole) is whole
    legacy = _response(PAGE, flags=["partial"])  # HTTP/1.0 style: no length, ends at close
    assert mw.process_response(Request(legacy.url), legacy) is legacy


def test_a_page_cut_without_content_length_fails() -> None:
    mw = _middleware()
    cut = _response(PAGE[: len(PAGE) // 2], flags=["partial"])
    request = Request(cut.url, meta={"retry_times": 1})
    with pytest.raises(TruncatedBody, match="connection closed"):
        mw.process_response(request, cut)


def test_formats_tell_their_own_end() -> None:
    assert format_complete(b"%PDF-1.4\n...\n%%EOF\n", "application/pdf") is True
    assert format_complete(b"%PDF-1.4\n... stream", "application/pdf") is False
    assert format_complete(b"PK\x03\x04....", "application/zip") is False
    assert format_complete(b"plain words", "text/plain") is None
    assert compressed_stream_complete(b"not gzip at all", "gzip", 0) is False
    assert compressed_stream_complete(PAGE, "identity", 0) is None
