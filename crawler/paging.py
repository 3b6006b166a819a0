"""The list pages a page shows: pager links and paging scripts, whatever its CMS family.

Pages are evidence, families only hints: a visible pager (下一页, 尾页, numbered pages,
``index_N.html``, ``column_index_N``, ``?page=``/``pageNo``/``currPage``, ``/N.html``)
is followed on every list page, and so is the count a paging script states
(``createPageHTML(count, …)``, ``createPage(…)``, ``var countPage = N``).
"""

from __future__ import annotations

import re
from urllib.parse import urljoin, urlsplit

from parsel import Selector

from .links import anchor_text, anchors

# Anchor texts of a pager. Numbers alone are page numbers. Not 首页: it is as often the
# site's home page as the list's first page, and the first page is the source anyway.
_PAGER_TEXT = re.compile(
    r"^[\[【(（]?\s*(?:下一?页|后一?页|上一?页|前一?页|尾页|末页|最后一?页|第?\d{1,3}页?"
    r"|next(?:\s*page)?|prev(?:ious)?|last|>|>>|»|<|<<|«)\s*[\]】)）]?$",
    re.I,
)
# Hrefs that are list pages by their shape alone.
_PAGER_HREF = re.compile(
    r"(?:^|/)(?:index|column[_-]index|list|page|default)[_-]\d{1,4}\.s?html?$"
    r"|[?&](?:page|pageno|pageindex|currpage|curpage|pagenum|pn)=\d{1,4}(?:&|$)",
    re.I,
)
# ``/N.html`` only counts with a pager text: ``/2025/3066.html`` is an article.
_NUMBER_PAGE = re.compile(r"/\d{1,4}\.s?html?$", re.I)

_CALL = re.compile(
    r"createPage(?:HTML)?\(\s*([\w.]+)\s*,\s*([\w.]+)\s*,\s*[\"']([\w-]+)[\"']\s*,\s*[\"'](\w+)[\"']"
)
_COUNT_VAR = re.compile(r"\b(?:countPage|totalPage|pageCount|contenpage)\s*=\s*[\"']?(\d+)", re.I)
_PAGED_NAME = re.compile(r"(?:^|/)((?:column[_-])?index)(?:_\d+)?\.(s?html?)$", re.I)


def pager_links(selector: Selector, base: str) -> list[str]:
    """Every list page the page's visible pager links, in page order, without repeats."""
    here = base.split("#")[0]
    urls: list[str] = []
    for a in anchors(selector):
        href = (a.get("href") or "").strip()
        if not href or href.startswith(("javascript:", "#", "mailto:")):
            continue
        text = re.sub(r"\s+", " ", anchor_text(a)).strip()
        label = text or (a.get("title") or "").strip()  # an image button's title
        url = urljoin(base, href).split("#")[0]
        parts = urlsplit(url)
        path_query = parts.path + (f"?{parts.query}" if parts.query else "")
        pager_text = bool(_PAGER_TEXT.match(label))
        is_pager = bool(_PAGER_HREF.search(path_query)) or (
            pager_text and (bool(_NUMBER_PAGE.search(parts.path)) or _same_list(url, base))
        )
        if is_pager and url != here and url not in urls:
            urls.append(url)
    return urls


def _same_list(url: str, base: str) -> bool:
    """A pager text linking within the current list's folder or to the same path."""
    a, b = urlsplit(url), urlsplit(base)
    return a.netloc == b.netloc and (
        a.path == b.path or a.path.rsplit("/", 1)[0] == b.path.rsplit("/", 1)[0]
    )


def _value(token: str, script: str) -> int | None:
    if token.isdigit():
        return int(token)
    found = re.findall(rf"(?:var|let|const)?\s*\b{re.escape(token)}\s*=\s*[\"']?(\d+)", script)
    return int(found[-1]) if found else None


def script_pages(html: str, url: str, limit: int) -> list[str]:
    """The list pages a TRS-style paging script would write: ``name.ext``, ``name_1.ext`` …

    From ``createPageHTML(count, current, "index", "html")`` (literals, or variables set
    earlier in the page), else from a count variable (``countPage = 2``) for a page
    named ``index*.html``/``column_index*.shtml``.
    """
    urls: list[str] = []
    for m in _CALL.finditer(html):
        count = _value(m.group(1), html[: m.start()])
        if count:
            # On page 0 the script describes the page it stands on: that page is page 0,
            # whatever its name (a column at index.html paging to column_index_1.html
            # has no column_index.html).
            first = 1 if _value(m.group(2), html[: m.start()]) == 0 else 0
            urls += _series(url, m.group(3), m.group(4), count, limit)[first:]
    if not urls:
        count_var = _COUNT_VAR.search(html)
        path = urlsplit(url).path
        named = _PAGED_NAME.search(path)
        name, ext = (named.group(1), named.group(2)) if named else ("index", "html")
        if count_var and (named or path.endswith("/")):
            urls = _series(url, name, ext, int(count_var.group(1)), limit)
    return list(dict.fromkeys(urls))


def _series(url: str, name: str, ext: str, count: int, limit: int) -> list[str]:
    return [
        urljoin(url, f"{name}.{ext}" if n == 0 else f"{name}_{n}.{ext}")
        for n in range(min(count, limit))
    ]
