"""What every family module shares: paging a column, writing its articles, list dates."""

from __future__ import annotations

import random
from datetime import date

from ..site import Site, article_page, item_content
from ..world import Column, Item


def pages(items: list[Item], size: int) -> list[list[Item]]:
    """The column's items cut into display pages (at least one, maybe empty)."""
    return [items[i:i + size] for i in range(0, len(items), size)] or [[]]


def level_of(item: Item) -> str:
    return item.body.level if item.body is not None else "county"


def write_articles(col: Column, site: Site, *, style: str, layout: str,
                   encoding: str = "utf-8") -> None:
    """Every article page of the column (URLs and attachment paths already assigned)."""
    charset = "gb2312" if encoding == "gbk" else "utf-8"
    for item in col.items:
        if item.copy_of is not None:
            item.attachment = item.copy_of.attachment
        content = item_content(site, item, style, level_of(item))
        page = article_page(col, item, content, layout=layout, charset=charset)
        site.put(item.url, page, f"text/html; charset={charset}", encoding=encoding)


def list_text(item: Item, rng: random.Random, limit: int = 0) -> tuple[str, str]:
    """(anchor text, title attribute or '') as a list row shows a title: whole, or cut
    short with the whole title in ``title=``."""
    title = item.title
    if limit and len(title) > limit and rng.random() < 0.7:
        return title[:limit] + "…", title
    if rng.random() < 0.3:
        return title, title
    return title, ""


def ymd(d: date) -> str:
    return d.isoformat()
