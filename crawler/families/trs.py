"""TRS WCM: list pages ``index.html``, ``index_1.html`` … known only to a paging script.

The count comes from ``createPageHTML(count, current, "index", "html")`` (or
``createPage``), with literal numbers or with variables set earlier in the page.
Articles are ``./202201/t20220131_123.html``.
"""

from __future__ import annotations

import re
from urllib.parse import urljoin

from parsel import Selector
from scrapy import Request

from .base import Family, ListPage

_CALL = re.compile(
    r"createPage(?:HTML)?\(\s*([\w.]+)\s*,\s*([\w.]+)\s*,\s*[\"']([\w-]+)[\"']\s*,\s*[\"'](\w+)[\"']"
)
_MARKERS = re.compile(r"createPage(?:HTML)?\(|TRS_Editor|/t\d{8}_\d+(?:_\w+)?\.s?html", re.I)
MAX_PAGES = 5000  # a bound for a mistyped count (5000 pages is 100,000 entries)


def _value(token: str, script: str) -> int | None:
    if token.isdigit():
        return int(token)
    found = re.findall(rf"(?:var|let|const)?\s*\b{re.escape(token)}\s*=\s*[\"']?(\d+)", script)
    return int(found[-1]) if found else None


def page_urls(html: str, url: str) -> list[str]:
    """Every list page the paging script would link, from what the page says."""
    urls: list[str] = []
    for m in _CALL.finditer(html):
        before = html[: m.start()]
        count = _value(m.group(1), before)
        if not count:
            continue
        name, ext = m.group(3), m.group(4)
        for n in range(min(count, MAX_PAGES)):
            urls.append(urljoin(url, f"{name}.{ext}" if n == 0 else f"{name}_{n}.{ext}"))
    return urls


class TrsFamily(Family):
    name = "trs"

    @classmethod
    def recognises(cls, html: str, url: str) -> bool:
        return bool(_MARKERS.search(html))

    def read(self, text: str, url: str, page_meta: dict) -> ListPage:
        """``text`` is the page as text: the HTML, or a dataproxy answer with CDATA."""
        # Every list page repeats the paging script; following it from the first page
        # only keeps a column of N pages at N requests, not N².
        more = [] if page_meta.get("trs_paged") else page_urls(text, url)
        return ListPage(
            links=self.anchor_links(Selector(text=text), url),
            next_requests=[Request(u, meta={"trs_paged": True}) for u in more],
        )
