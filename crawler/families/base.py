"""The base of every CMS family: read a column page into links and further list pages."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

from parsel import Selector
from scrapy import Request

from ..links import Link, Scope

_DATE = re.compile(r"((?:19|20)\d{2})[-/.年](\d{1,2})[-/.月](\d{1,2})")


@dataclass
class ListPage:
    """What one column page yields: entries (links with titles) and more list requests."""

    links: list[Link] = field(default_factory=list)
    next_requests: list[Request] = field(default_factory=list)


class Family:
    """One CMS family. Subclasses override ``recognises``, ``default_scope``, ``read``."""

    name = "generic"

    @classmethod
    def recognises(cls, html: str, url: str) -> bool:
        return False

    @classmethod
    def default_scope(cls, source_url: str) -> Scope:
        parts = urlsplit(source_url)
        folder = parts.path.rsplit("/", 1)[0] + "/"
        return Scope(parts.netloc, (folder,))

    def read(self, text: str, url: str, page_meta: dict) -> ListPage:
        """``text`` is the page as text: the HTML, or a dataproxy answer with CDATA."""
        return ListPage(links=self.anchor_links(Selector(text=text), url))

    @staticmethod
    def anchor_links(selector: Selector, base: str) -> list[Link]:
        """Every ``<a href>`` with its title (``title`` attribute or text) and a nearby date."""
        links = []
        for a in selector.css("a[href]"):
            href = (a.attrib.get("href") or "").strip()
            if not href or href.startswith(("javascript:", "#", "mailto:")):
                continue
            title = (a.attrib.get("title") or " ".join(a.css("::text").getall())).strip()
            row_text = " ".join(a.xpath("./ancestor::*[self::li or self::tr][1]//text()").getall())
            date = _DATE.search(row_text)
            links.append(
                Link(
                    urljoin(base, href),
                    re.sub(r"\s+", " ", title),
                    "-".join((date.group(1), date.group(2).zfill(2), date.group(3).zfill(2)))
                    if date
                    else None,
                )
            )
        return links
