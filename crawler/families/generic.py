"""Any other portal: follow in-scope links from the column page, and its 下一页 links."""

from __future__ import annotations

import re

from parsel import Selector
from scrapy import Request

from .base import Family, ListPage

_NEXT = re.compile(r"^\s*(?:下一页|下页|后一页|next\s*page|next|>|»)\s*$", re.I)


class GenericFamily(Family):
    name = "generic"

    def read(self, text: str, url: str, page_meta: dict) -> ListPage:
        """``text`` is the page as text: the HTML, or a dataproxy answer with CDATA."""
        links = self.anchor_links(Selector(text=text), url)
        next_pages = [Request(link.url) for link in links if _NEXT.match(link.title)]
        return ListPage(links=links, next_requests=next_pages)
