"""Any other portal: follow in-scope links from the column page, and its 下一页 links."""

from __future__ import annotations

import re

from parsel import Selector
from scrapy import Request

from .base import Family, ListPage

_NEXT = re.compile(r"^\s*(?:下一页|下页|后一页|next\s*page|next|>|»)\s*$", re.I)


class GenericFamily(Family):
    name = "generic"

    def read(self, selector: Selector, url: str, page_meta: dict) -> ListPage:
        links = self.anchor_links(selector, url)
        next_pages = [Request(link.url) for link in links if _NEXT.match(link.title)]
        return ListPage(links=links, next_requests=next_pages)
