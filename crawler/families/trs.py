"""TRS WCM: list pages ``index.html``, ``index_1.html`` … often known only to a script.

Rows are ``<li>``/``<tr>`` with the title in the anchor text or its ``title``
attribute, and the date inside the anchor (``<a>title<span>2023-01-05</span></a>``) or
beside it (its own ``<td>``/``<span>``), with or without a year. The page count comes
from ``createPageHTML(count, current, "index", "html")`` / ``createPage(…)`` (literal
numbers or variables set earlier in the page) or a bare ``var countPage = N``; the
page name may be ``column_index`` and the extension ``shtml``. Articles are
``./202201/t20220131_123.html``.
"""

from __future__ import annotations

import re

from scrapy import Request

from ..paging import script_pages
from .base import Family, ListPage, family

_MARKERS = re.compile(
    r"createPage(?:HTML)?\(|\bcountPage\s*=|TRS_Editor|trs_editor_view|/t\d{8}_\d+(?:_\w+)?\.s?html",
    re.I,
)
MAX_PAGES = 500


def page_urls(html: str, url: str) -> list[str]:
    """Every list page the paging script would link, from what the page says."""
    return script_pages(html, url, MAX_PAGES)


@family
class TrsFamily(Family):
    name = "trs"
    priority = 20
    max_pages = MAX_PAGES

    @classmethod
    def recognises(cls, html: str, url: str) -> bool:
        return bool(_MARKERS.search(html))

    def read(self, text: str, url: str, page_meta: dict) -> ListPage:
        page = super().read(text, url, page_meta)
        # Every list page repeats the paging script; following it from the first page
        # only keeps a column of N pages at N requests, not N².
        if not page_meta.get("trs_paged"):
            page.next_requests = [
                Request(u, meta={"trs_paged": True}) for u in page_urls(text, url)
            ]
        return page
