"""Hanweb 信息公开 module: one annual-report page per body and year, the year a parameter.

``/module/xxgk/xxgkAnnualReport.jsp?area=<org code>&fbtime=YYYY`` shows one body's
report for one year, mostly as attachments listed as plain links
(``唐村镇2010年政府信息公开工作年度报告.pdf`` / ``.docx``). A source registered at such a
page lists its attachments (entries tied to the page as their article) and the links to
the body's other years (``fbtime=``), which are fetched as article pages in turn; a
search list of the module (``.tr_main_value_odd a``) is read as rows like any list.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from parsel import Selector

from ..links import Link, Scope, is_attachment
from .base import Family, ListPage, family

_MARKERS = re.compile(r"/module/xxgk/|xxgkAnnualReport\.jsp", re.I)
_REPORT_PAGE = re.compile(r"xxgkAnnualReport\.jsp", re.I)


@family
class HanwebXxgkFamily(Family):
    name = "hanweb_xxgk"
    priority = 8
    max_pages = 100

    @classmethod
    def recognises(cls, html: str, url: str) -> bool:
        # By URL only: jcms sites link the module from their menus.
        return bool(_MARKERS.search(urlsplit(url).path))

    @classmethod
    def default_scope(cls, source_url: str) -> Scope:
        parts = urlsplit(source_url)
        m = re.search(r"/module/", parts.path)
        return Scope(parts.netloc, (parts.path[: m.start()] + "/module/" if m else "/",))

    def read(self, text: str, url: str, page_meta: dict) -> ListPage:
        links = self.anchor_links(Selector(text=text), url)
        if not _REPORT_PAGE.search(url):
            return ListPage(links=links)
        read: list[Link] = []
        for link in links:
            if is_attachment(link.url, link.title):
                # This page's own report files: entries with this page as their article.
                read.append(Link(link.url, link.title, link.date, True, url))
            elif _REPORT_PAGE.search(link.url) and link.url != url:
                read.append(Link(link.url, link.title, link.date, True))  # another year
            else:
                read.append(Link(link.url, link.title, link.date, False))
        return ListPage(links=read)
