"""Decode Chinese portal pages right: the GB family as GB18030, and trust bytes over labels.

Scrapy believes the HTTP header first and falls back to detection that can take short GBK
pages for cp949. Portals declare gb2312 and send GBK characters outside it, declare
utf-8 and send GBK, or declare gb2312 and send UTF-8. This middleware fixes the
response's encoding; the raw bytes (what the archive keeps) are never touched. Every
change is counted in ``nianbao/encoding/<what>`` stats.
"""

from __future__ import annotations

import codecs

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.http import Response, TextResponse
from scrapy.statscollectors import StatsCollector

GB_FAMILY = {"gb2312", "gbk", "gb18030", "hz", "euc_cn", "cp936"}


def _canonical(name: str | None) -> str | None:
    if not name:
        return None
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def _decodes(body: bytes, encoding: str) -> bool:
    try:
        body.decode(encoding)
    except UnicodeDecodeError:
        return False
    return True


def choose_encoding(body: bytes, declared: str | None) -> tuple[str, str]:
    """The encoding to read ``body`` with, and why (a stats key)."""
    canon = _canonical(declared)
    if canon in GB_FAMILY:
        # GB text is (almost) never valid UTF-8: UTF-8 bytes under a GB label are UTF-8.
        if not body.isascii() and _decodes(body, "utf-8"):
            return "utf-8", "utf8_under_gb_label"
        return "gb18030", "gb_family"
    if canon in ("utf-8", None) and _decodes(body, "utf-8"):
        return "utf-8", "utf8"
    if _decodes(body, "gb18030"):
        return "gb18030", "fallback"
    return canon or "utf-8", "undecodable"


class GB18030Middleware:
    def __init__(self, stats: StatsCollector) -> None:
        self.stats = stats

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> GB18030Middleware:
        assert crawler.stats is not None
        return cls(crawler.stats)

    def process_response(self, request: Request, response: Response) -> Response:
        if not isinstance(response, TextResponse):
            return response
        declared = response._declared_encoding()  # header, BOM or <meta>, as Scrapy reads them
        encoding, why = choose_encoding(response.body, declared)
        self.stats.inc_value(f"nianbao/encoding/{why}")
        if _canonical(encoding) == _canonical(response.encoding):
            return response
        return response.replace(encoding=encoding)
