"""GBK pages decode right whatever their label says; UTF-8 pages are left alone."""

from __future__ import annotations

from scrapy.http import HtmlResponse, Request
from scrapy.statscollectors import MemoryStatsCollector
from scrapy.utils.test import get_crawler

from crawler.middlewares.encoding import GB18030Middleware, choose_encoding

TITLE = "民权县人民政府2021年政府信息公开工作年度报告（镕）"  # 镕 is outside GB2312


def _run(body: bytes, content_type: str) -> tuple[HtmlResponse, MemoryStatsCollector]:
    stats = get_crawler().stats
    assert isinstance(stats, MemoryStatsCollector)
    response = HtmlResponse(
        "http://127.0.0.1/a.html", body=body, headers={"Content-Type": content_type}
    )
    fixed = GB18030Middleware(stats).process_response(Request(response.url), response)
    assert isinstance(fixed, HtmlResponse)
    return fixed, stats


def test_gbk_bytes_labelled_utf8_are_read_as_gb18030() -> None:
    body = f"<html><title>{TITLE}</title></html>".encode("gbk")
    fixed, stats = _run(body, "text/html; charset=utf-8")
    assert fixed.css("title::text").get() == TITLE
    assert fixed.body == body  # the bytes are never re-encoded
    assert stats.get_value("nianbao/encoding/fallback") == 1


def test_gb2312_label_is_read_as_gb18030() -> None:
    body = f'<html><meta charset="gb2312"><title>{TITLE}</title></html>'.encode("gb18030")
    fixed, stats = _run(body, "text/html")
    assert fixed.css("title::text").get() == TITLE
    assert stats.get_value("nianbao/encoding/gb_family") == 1


def test_utf8_stays_utf8() -> None:
    fixed, _ = _run(f"<title>{TITLE}</title>".encode(), "text/html; charset=utf-8")
    assert fixed.encoding == "utf-8" and fixed.css("title::text").get() == TITLE


def test_unlabelled_short_gbk_is_not_taken_for_korean() -> None:
    assert choose_encoding("<p>年报</p>".encode("gbk"), None) == ("gb18030", "fallback")


def test_utf8_bytes_under_a_gb2312_label_are_read_as_utf8() -> None:
    body = f'<html><meta charset="gb2312"><title>{TITLE}</title></html>'.encode()
    fixed, stats = _run(body, "text/html; charset=gb2312")
    assert fixed.css("title::text").get() == TITLE
    assert stats.get_value("nianbao/encoding/utf8_under_gb_label") == 1
