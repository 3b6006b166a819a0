"""The base of every CMS family: read a list page into entries and further list pages.

A family is one module under ``crawler/families/`` whose class carries the
:func:`family` decorator: that registers it for ``family: auto`` detection and its name
with ``archive.families`` (``Source.family`` is validated against that registry).

What every family shares lives here: telling listed entries from page chrome
(:meth:`Family.anchor_links`) and reading listed dates, with or without a year.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TypeVar
from urllib.parse import urljoin, urlsplit

from lxml import etree
from parsel import Selector
from scrapy import Request

from archive.families import register_family

from ..links import (
    Link,
    Scope,
    anchor_text,
    anchors,
    is_article_url,
    is_attachment,
    is_list_url,
    names_a_report,
)

# A full date (spaces and newlines allowed inside, as jpage answers have them), not
# an index number such as 2026-02-00018.
_DATE = re.compile(r"(?<!\d)((?:19|20)\d{2})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})(?!\d)")
# A date without a year (``09-25``, ``[09-25]``, ``9月25日``).
_SHORT_DATE = re.compile(r"(?<![\d-])(\d{1,2})\s*[-/.月]\s*(\d{1,2})日?(?![\d-])")
_ROWS = ("li", "tr", "dd", "dt", "p")

REGISTRY: dict[str, type[Family]] = {}
F = TypeVar("F", bound="type[Family]")


def family(cls: F) -> F:
    """Register a family class under its ``name`` (crawler and archive registries)."""
    REGISTRY[cls.name] = cls
    register_family(cls.name)
    return cls


@dataclass
class ListPage:
    """What one list page yields: links (entries and chrome) and more list requests."""

    links: list[Link] = field(default_factory=list)
    next_requests: list[Request] = field(default_factory=list)


def listed_date(text: str) -> str | None:
    """``YYYY-MM-DD`` from a row's text, or ``MM-DD`` when the row shows no year."""
    m = _DATE.search(text)
    if m:
        month, day = int(m.group(2)), int(m.group(3))
        if 1 <= month <= 12 and 1 <= day <= 31:
            return f"{m.group(1)}-{month:02d}-{day:02d}"
    m = _SHORT_DATE.search(text)
    if m:
        month, day = int(m.group(1)), int(m.group(2))
        if 1 <= month <= 12 and 1 <= day <= 31:
            return f"{month:02d}-{day:02d}"
    return None


def strip_dates(text: str) -> str:
    """A title taken from anchor text that also holds the date (``<a>title<span>date``)."""
    text = _DATE.sub(" ", text)
    text = re.sub(r"[\[【(（]?\s*\d{1,2}[-/.]\d{1,2}\s*[\]】)）]?\s*$", " ", text)
    text = re.sub(r"[\[【(（]\s*[\]】)）]", " ", text)
    return re.sub(r"\s+", " ", text).strip()


def _links_in(node: etree._Element) -> int:
    return int(node.tag == "a") + len(node.findall(".//a[@href]"))


def _repeats(node: etree._Element) -> bool:
    """Siblings of the same tag (and class, for non-row tags) also hold links."""
    parent = node.getparent()
    if parent is None:
        return False
    key = node.get("class") if node.tag not in _ROWS else None
    same = (
        c
        for c in parent
        if c.tag == node.tag
        and (key is None or c.get("class") == key)
        and (c.tag == "a" or c.find(".//a[@href]") is not None)
    )
    return next(same, None) is not None and next(same, None) is not None  # two, not all


def _row(a: etree._Element) -> tuple[etree._Element | None, bool]:
    """The list row holding an anchor, and whether that row repeats among its siblings.

    A row is the nearest ``li/tr/dd/dt/p`` ancestor; else a repeated ancestor with at
    most three links (``<div class="item">``); else the anchor itself when anchors are
    listed bare, each followed by text (``<a>…</a> 2023-01-05<br>``). A row holding
    more than three links is a menu or a layout block, not a list row.
    """
    node = a
    for depth in range(4):
        if node.getparent() is None:
            break
        if node.tag in _ROWS:
            return (node, _repeats(node)) if _links_in(node) <= 3 else (None, False)
        if depth == 0:
            parent = node.getparent()
            bare = [c for c in parent if c.tag == "a"]
            if len(bare) >= 2 and any((c.tail or "").strip(" |>&;\xa0\n\t") for c in bare):
                return node, True
        elif _links_in(node) <= 3 and _repeats(node):
            return node, True
        node = node.getparent()
    return None, False


def _row_text(row: etree._Element) -> str:
    text = " ".join(row.itertext())
    if row.tag == "a":
        text += " " + (row.tail or "")
    return text


class Family:
    """One CMS family. Subclasses set ``name``, ``priority`` and ``max_pages``, and
    override ``recognises``, ``default_scope`` and ``read``."""

    name = "generic"
    priority = 100  # detection order, lowest first
    max_pages = 200  # list pages per source, a bound for a runaway pager

    @classmethod
    def recognises(cls, html: str, url: str) -> bool:
        return False

    @classmethod
    def default_scope(cls, source_url: str) -> Scope:
        parts = urlsplit(source_url)
        folder = parts.path.rsplit("/", 1)[0] + "/"
        return Scope(parts.netloc, (folder,))

    def read(self, text: str, url: str, page_meta: dict) -> ListPage:
        """``text`` is the page as text: HTML, or an answer of the family's list API.

        Visible pager links are the spider's business (``crawler.paging``); a family
        adds the list pages only it knows how to reach.
        """
        return ListPage(links=self.anchor_links(Selector(text=text), url))

    @staticmethod
    def anchor_links(selector: Selector, base: str, records: bool = False) -> list[Link]:
        """Every ``<a href>`` with its title and listed date, entries told from chrome.

        An entry sits in a list row (``li``/``tr``/… or a repeated sibling) that shows a
        date or whose URL is article-shaped; an article-shaped link with a real title
        outside any row is an entry too, and so is any link whose title names a report
        and whose URL is not a folder or list page. ``records=True``: the anchors are records of a
        datastore or API answer, entries by construction. The title is the ``title``
        attribute, else the anchor text without a date inside it.
        """
        links = []
        for a in anchors(selector):
            href = (a.get("href") or "").strip()
            if not href or href.startswith(("javascript:", "#", "mailto:")):
                continue
            url = urljoin(base, href)
            text = re.sub(r"\s+", " ", anchor_text(a)).strip()
            title = re.sub(r"\s+", " ", (a.get("title") or "").strip()) or strip_dates(text)
            row, repeated = _row(a)
            row_text = _row_text(row) if row is not None else text
            date = listed_date(row_text.replace(title, " ") if title else row_text)
            article = is_article_url(url) or is_attachment(url, text)
            named = len(re.sub(r"\s", "", title)) >= 5
            entry = (
                records
                or (row is not None and named and (date is not None or (repeated and article)))
                or (article and (named or row is not None))
                # a link named after a report, wherever it sits, unless it is a column
                or (names_a_report(title) and not is_list_url(url))
            )
            links.append(Link(url, title, date, bool(entry)))
        return links
