"""Recognising links: listed entries, report candidates, attachments, scope, mobile twins.

A source is a report column, so every article it *lists* is a report candidate unless
its title clearly names something else (:data:`SKIP_RULES`: an interpretation, a
graphic, meeting news). A *mixed* column (a general disclosure list that also carries
reports) is held to the title test :func:`names_a_report`, written to accept every real
report title shape (with or without a year, 工作报告 without 年度, 年报, traditional
characters, stray spaces) and to reject what is not one. Whether a fetched page is a
report is the extractor's call; nothing is lost by fetching a few extra pages.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import parse_qsl, urlsplit

from lxml import etree
from parsel import Selector

_ATTACHMENT_EXT = re.compile(r"\.(pdf|docx?|wps|ofd|rtf)$", re.I)
_DOWNLOAD_PATH = re.compile(r"(?:downfile|download|attach|getfile|fileDownload)", re.I)
_WAP = re.compile(r"(?:_wap\.s?html?$|/wap/|/m/)", re.I)


@dataclass(frozen=True)
class Link:
    """A link as a list page shows it.

    ``date`` is the listed date as ``YYYY-MM-DD``, or ``MM-DD`` when the list gives no
    year. ``entry`` says the link is an article the column lists (a repeated row with a
    date or an article-like URL, a datastore or JSON record), not page chrome.
    ``article`` is set on an attachment that a record lists with its article.
    """

    url: str
    title: str
    date: str | None = None
    entry: bool = False
    article: str | None = None


# -- anchors ------------------------------------------------------------------------------

# What ``selector.css("a[href]")`` and ``a.css("::text")`` select, run on lxml directly:
# a page of chrome holds hundreds of anchors, and a Selector for each costs more than
# everything else done with them.
_ANCHORS = etree.XPath("descendant-or-self::a[@href]")
_TEXTS = etree.XPath("descendant-or-self::text()", smart_strings=False)


def anchors(selector: Selector) -> list[etree._Element]:
    """Every ``<a href>`` under the selector, as lxml elements, in document order."""
    return _ANCHORS(selector.root)  # type: ignore[return-value]


def anchor_text(a: etree._Element) -> str:
    """The anchor's text nodes joined by spaces, as ``" ".join(a.css("::text").getall())``."""
    if len(a) == 0:  # no child node (element, comment): its own text is all it holds
        return a.text or ""
    return " ".join(_TEXTS(a))  # type: ignore[arg-type]


# -- titles -------------------------------------------------------------------------------

# Traditional characters met on mirrored report pages (報告, 公開, 年報 …), to simplified.
_SIMPLIFIED = str.maketrans(
    "報開務資訊讀圖會議縣區鎮鄉與關於詳說", "报开务资讯读图会议县区镇乡与关于详说"
)
_SPACE = re.compile(r"[\s\u3000\xa0]+")

# Each rule names what a title is instead of a report; a skip is counted by its name.
SKIP_RULES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("interpretation", re.compile(r"解读")),  # 解读, 政策解读, 文字解读:…, 解读《…》
    ("graphic", re.compile(r"图解|一图(?:读懂|看懂|了解|速览)|图说")),
    ("meeting", re.compile(r"召开.*会|(?:会议|培训会|座谈会|推进会|部署会)$")),
)

# A report names itself 年度报告 / 年报, or 报告 shortly after 公开 (工作报告, 工作的报告,
# 年度工作报告); 政府工作报告 alone is another document.
_REPORT = re.compile(r"年度报告|年报|公开.{0,10}?报告|年度.{0,4}工作报告")


def normalise_title(title: str) -> str:
    """Whitespace removed, traditional characters that matter here simplified."""
    return _SPACE.sub("", title).translate(_SIMPLIFIED)


def skip_reason(title: str) -> str | None:
    """The skip rule a title falls under (``interpretation``, ``graphic``, ``meeting``)."""
    text = normalise_title(title)
    for reason, rule in SKIP_RULES:
        if rule.search(text):
            return reason
    return None


def names_a_report(title: str) -> bool:
    """The title test of mixed columns: the title names an annual disclosure report."""
    return bool(_REPORT.search(normalise_title(title)))


def is_report_candidate(title: str) -> bool:
    """In a mixed column: a report title that no skip rule catches (a year is not needed)."""
    return names_a_report(title) and skip_reason(title) is None


# A list title cut short by the CMS (…, ...) before it could say 报告, far enough to say
# what it is about: 县市场监督管理局2021年度政府信息公开工作…, or cut inside the report's
# own tail right after the year: 县人力资源和社会保障局2019年政府信…
_CUT = re.compile(r"(?:…|\.{3}|。{3})$")
_CUT_REPORT = re.compile(r"信息公开|政务公开|政府信|年度|年报")
_CUT_AFTER_YEAR = re.compile(r"(?:19|20)\d{2}年(.*?)(?:…|\.{3}|。{3})$")
_REPORT_TAIL = "政府信息公开工作年度报告"


def _cut_report_title(title: str) -> bool:
    if not _CUT.search(title):
        return False
    if _CUT_REPORT.search(title):
        return True
    tail = _CUT_AFTER_YEAR.search(title)
    return tail is not None and _REPORT_TAIL.startswith(tail.group(1))


def candidate_verdict(title: str, mixed: bool) -> str | None:
    """None when a listed entry is to be fetched, else the stats name of why not."""
    reason = skip_reason(title)
    if reason:
        return reason
    if mixed and not (names_a_report(title) or _cut_report_title(normalise_title(title))):
        return "not_a_report_title"
    return None


# -- URLs ---------------------------------------------------------------------------------

_PAGE_STEM = re.compile(
    r"^(?:index|list|default|column[_-]?index|page|more|lmlist)?[_-]?\d{0,3}$", re.I
)
_ID_STEM = re.compile(
    r"\d{4,}|[0-9a-f]{16,}|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", re.I
)
_ID_VALUE = re.compile(r"\d{4,}|[0-9a-f]{16,}", re.I)
_ID_QUERY = re.compile(
    r"^(?:id|aid|articleid|contentid|infoid|docid|newsid|wbnewsid|manuscriptid|fbtime|nbyear)$",
    re.I,
)


def is_article_url(url: str) -> bool:
    """A URL shaped like one article: a numeric, hex or UUID id in its last segment
    (``t20200903_2748784.html``, ``art_1234_456.html``, ``post_2590436.html``,
    ``47211.htm``, ``doc_<24 hex>.html``, ``content_191767``), or an id-like query
    parameter (``GovOpenShow.aspx?id=…``, ``xxgkAnnualReport.jsp?…&fbtime=2020``).
    Folders and list pages (``index_2.html``, ``/3.html``) are not."""
    parts = urlsplit(url)
    if any(_ID_QUERY.match(k) and _ID_VALUE.search(v) for k, v in parse_qsl(parts.query)):
        return True
    last = parts.path.rsplit("/", 1)[-1]
    if not last:
        return False
    stem = last.rsplit(".", 1)[0] if "." in last else last
    return not _PAGE_STEM.match(stem) and bool(_ID_STEM.search(stem))


def is_list_url(url: str) -> bool:
    """A folder or a list page (``…/``, ``index.html``, ``index_2.html``, ``/3.html``)."""
    last = urlsplit(url).path.rsplit("/", 1)[-1]
    return not last or bool(_PAGE_STEM.match(last.rsplit(".", 1)[0]))


_MAY_LINK_DOCUMENT = re.compile(rb"\.(?:pdf|docx?|wps|ofd|rtf)\b")
# Words that name a download wherever they stand (filedownload ⊃ download). One pattern
# each: a pattern that starts with one literal is scanned for it by memchr-like C, while
# an alternation of different first letters is tried at every byte (ten times slower).
_DOWNLOAD_WORDS = tuple(re.compile(w) for w in (rb"down(?:load|file)", rb"attach", rb"getfile"))


def may_link_a_document(page: bytes) -> bool:
    """A cheap look at the raw page: could any link on it be an attachment?

    Most article pages hold their report inline; this spares building their link tree.
    The page is lowered once (ASCII only, as a case-insensitive bytes pattern would
    match, whatever the encoding) and scanned by a few literal-led patterns: the
    extensions after their dot, and the download words (about 130 µs on a 90 KB bench
    page, where nine plain substring searches took 430).
    """
    lowered = page.lower()
    return bool(_MAY_LINK_DOCUMENT.search(lowered)) or any(
        word.search(lowered) for word in _DOWNLOAD_WORDS
    )


# Anything in an href that could make its URL an attachment (the extensions anywhere,
# the download words): a superset of what :func:`is_attachment` finds in the path.
_ATTACHMENT_HINT = re.compile(
    r"\.(?:pdf|docx?|wps|ofd|rtf)|downfile|download|attach|getfile|filedownload", re.I
)


def may_be_attachment(href: str, text: str) -> bool:
    """False when ``is_attachment(urljoin(base, href), text)`` is sure to be False,
    without joining: every character of a joined path comes from the base's path or
    the href, and a base path holding no hint is the caller's to check, once a page."""
    return bool(_ATTACHMENT_HINT.search(href) or _ATTACHMENT_EXT.search(text.strip()))


def base_may_name_attachments(base_path: str) -> bool:
    """A base path with a hint in it: its relative links are joined and tested one by one."""
    return bool(_ATTACHMENT_HINT.search(base_path))


def is_attachment(url: str, text: str = "") -> bool:
    path = urlsplit(url).path
    return bool(
        _ATTACHMENT_EXT.search(path)
        or _ATTACHMENT_EXT.search(text.strip())
        or _DOWNLOAD_PATH.search(path)
    )


def is_wap_duplicate(url: str) -> bool:
    return bool(_WAP.search(urlsplit(url).path))


@dataclass(frozen=True)
class Scope:
    """Where a source's crawl may go: its host, and for pages, a set of path prefixes."""

    host: str
    page_prefixes: tuple[str, ...]

    def allows_page(self, url: str) -> bool:
        parts = urlsplit(url)
        return parts.netloc == self.host and parts.path.startswith(self.page_prefixes)

    def allows_attachment(self, url: str) -> bool:
        return urlsplit(url).netloc == self.host
