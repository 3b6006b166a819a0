"""What kind of column a source is: a report column, or a mixed one.

A report column (政府信息公开年报 and its sub-columns) lists reports, so every entry it
lists is a candidate. A mixed column (a general 信息公开 list that also carries the
reports) holds its entries to the report-title test. The source setting ``column:
reports | mixed`` decides; left unset (``auto``) the column's first page decides: a page
whose own name (``<title>``, the ``ColumnName`` meta, the breadcrumb, the heading, the
URL folder such as ``zfxxgknb``/``ndbg``) names annual reports is a report column, and
so is one where at least half of the listed entries carry a report title.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from parsel import Selector

from .links import Link, names_a_report, normalise_title

REPORTS = "reports"
MIXED = "mixed"
_NAMES_REPORTS = re.compile(r"年报|年度报告|公开工作报告")
_FOLDER = re.compile(r"(?:ndbg|nb)(?:[_-]?\d+)?$", re.I)
_BREADCRUMB = re.compile(r"当前位置|现在的?位置|所在位置|您的位置|当前的位置")


def page_names(selector: Selector) -> list[str]:
    """The names a list page gives itself: title, ColumnName meta, breadcrumb, headings."""
    names = selector.xpath("//title//text()").getall()
    names += selector.xpath(
        "//meta[translate(@name,'COLUMNAME','columname')='columnname']/@content"
    ).getall()
    names += selector.xpath("//h1//text() | //h2//text()").getall()[:4]
    for node in selector.xpath("//*[not(self::script)][text()]"):
        own = "".join(node.xpath("./text()").getall())
        if _BREADCRUMB.search(own):
            names.append(" ".join(node.xpath(".//text()").getall()))
            break
    return names


# A folder name that ends as a 年报 column's (shared/real list pages): ...ndbg (年度报告,
# whatever comes before: zfxxgkgzndbg, lczbmndbg), nb alone, or nb after a 公开 or 部门
# stem (zfxxgknb, xxgk_nb, bmnb2025), with an optional id or year. Anchored at the end
# and stem-bound, so that folders that merely end in "nb" (xwnb, cnb) are not taken.
_REPORT_FOLDER = re.compile(r"(?:ndbg|^nb|(?:gk|bm)[_-]?nb)(?:[_-]?\d+)?$|年报$", re.I)


def is_report_folder(path: str) -> bool:
    """A URL path whose folder is named as a 年报 column (``/wjw/zfxxgknb/``,
    ``/bm/jyj/zfxxgk/nb/``, ``/hnxwjj/ndbg/index.html``)."""
    folder = path if path.endswith("/") else path.rsplit("/", 1)[0] + "/"
    last = folder.rstrip("/").rsplit("/", 1)[-1]
    return bool(last and _REPORT_FOLDER.search(last))


def names_a_report_column(selector: Selector, url: str) -> bool:
    if any(_NAMES_REPORTS.search(normalise_title(n)) for n in page_names(selector)):
        return True
    return any(_FOLDER.search(seg) for seg in urlsplit(url).path.split("/")[:-1] if seg)


def column_kind(setting: object, selector: Selector | None, url: str, entries: list[Link]) -> str:
    """``reports`` or ``mixed`` for a source, from its setting or its first list page."""
    if setting in (REPORTS, MIXED):
        return str(setting)
    if selector is not None and names_a_report_column(selector, url):
        return REPORTS
    titled = [e for e in entries if e.title]
    if titled and sum(names_a_report(e.title) for e in titled) * 2 >= len(titled):
        return REPORTS
    return MIXED
