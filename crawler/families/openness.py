"""Anhui's government-information platform: ``OpennessContent/showList/{site}/{cat}/page_N.html``.

Lists (also ``BranchOpennessContent`` for departments, under ``/openness/`` on some
sites) page as ``page_1.html``, ``page_2.html`` …; the pager shows ``共N页`` (or a
``totalPage``-style variable) besides its links. Articles are
``/OpennessContent/show/N.html``, ``/XxgkAnnualReport/show/N.html``,
``/OpennessAnnualReport/show/N.html`` or ``/Xxgknb/show/N.html`` beside the list, so
the scope is the site prefix before ``OpennessContent``.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from scrapy import Request

from ..links import Scope
from .base import Family, ListPage, family

_LIST = re.compile(r"(/(?:Branch)?OpennessContent/showList/[\w-]+/[\w-]+/)page_(\d+)\.html", re.I)
_MARKERS = re.compile(
    r"/(?:Branch)?OpennessContent/show(?:List)?/|/(?:Xxgk|Openness)AnnualReport/show/|/Xxgknb/show/",
    re.I,
)
_PAGES = re.compile(
    r"共\s*(\d{1,4})\s*页|\b(?:totalPage|pageCount|countPage)\s*[:=]\s*[\"']?(\d{1,4})", re.I
)
MAX_PAGES = 200


def list_pages(html: str, url: str) -> list[str]:
    """``page_1.html`` … ``page_N.html`` of this list, N from ``共N页`` or a count variable."""
    here = _LIST.search(urlsplit(url).path)
    count = _PAGES.search(html)
    if not here or not count:
        return []
    n = int(count.group(1) or count.group(2))
    parts = urlsplit(url)
    root = f"{parts.scheme}://{parts.netloc}{parts.path[: here.start()]}{here.group(1)}"
    return [f"{root}page_{i}.html" for i in range(1, min(n, MAX_PAGES) + 1)]


@family
class OpennessFamily(Family):
    name = "openness"
    priority = 15
    max_pages = MAX_PAGES

    @classmethod
    def recognises(cls, html: str, url: str) -> bool:
        return bool(_LIST.search(url) or _MARKERS.search(html))

    @classmethod
    def default_scope(cls, source_url: str) -> Scope:
        parts = urlsplit(source_url)
        m = re.search(r"/(?:Branch)?OpennessContent/", parts.path, re.I)
        return Scope(parts.netloc, (parts.path[: m.start()] + "/" if m else "/",))

    def read(self, text: str, url: str, page_meta: dict) -> ListPage:
        page = super().read(text, url, page_meta)
        if not page_meta.get("openness_paged"):
            page.next_requests = [
                Request(u, meta={"openness_paged": True}) for u in list_pages(text, url) if u != url
            ]
        return page
