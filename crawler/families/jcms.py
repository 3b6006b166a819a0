"""Hanweb jcms: columns filled by ``dataproxy.jsp``, records wrapped in CDATA.

The first records are inline in ``<script type="text/xml"><datastore>``; the rest come
from POSTs to ``module/web/jpage/dataproxy.jsp`` (older sites: ``module/jpage/…``)
with ``startrecord``/``endrecord``/``perpage`` and the column's form fields (``col,
appid, webid, path, columnid, sourceContentType, unitid, webname, permissiontype``,
taken from the page's own script or ``<nextgroup>`` link), answered with
``<totalrecord>`` and more CDATA records. One window spans ``groupSize`` (usually three)
display pages. A window that fails (4xx/5xx, or no records) is counted as a fallback:
the column's visible pager links, which the spider follows on every list page, are
then the way to the rest of the column.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, urljoin, urlsplit

from parsel import Selector
from scrapy import FormRequest

from ..links import Link, Scope
from .base import Family, ListPage, family

FIELDS = (
    "col",
    "appid",
    "webid",
    "path",
    "columnid",
    "sourceContentType",
    "unitid",
    "webname",
    "permissiontype",
)
_CDATA = re.compile(r"<!\[CDATA\[(.*?)\]\]>", re.S)
_RECORDSET = re.compile(r"<recordset>(.*?)</recordset>", re.S | re.I)
_PROXY = re.compile(
    r"[\"'(=\s]((?:/[\w.-]+)*/module/(?:web/)?jpage/dataproxy\.jsp)(\?[^\"'\s<>]*)?"
)
_TOTAL = re.compile(r"<totalrecord>\s*(\d+)|totalRecord\s*[:=]\s*(\d+)", re.I)
_TOTALPAGE = re.compile(r"<totalpage>\s*(\d+)", re.I)
_PERPAGE = re.compile(r"perpage\s*[:=]\s*[\"']?(\d+)", re.I)
_GROUP = re.compile(r"groupSize\s*[:=]\s*[\"']?(\d+)", re.I)
_MARKERS = re.compile(r"dataproxy\.jsp|<datastore>|/art/\d{4}/\d{1,2}/\d{1,2}/art_\d+_\d+", re.I)
# Evidence that the column pages through dataproxy at all (not only art_ URLs).
_JPAGE = re.compile(r"dataproxy\.jsp|<datastore>|jpage", re.I)
_PATHS = ("/module/web/jpage/dataproxy.jsp", "/module/jpage/dataproxy.jsp")
MAX_RECORDS = 5000


def records(text: str, base: str) -> list[Link]:
    """The ``<li>`` records inside every CDATA section of a datastore answer or page."""
    links: list[Link] = []
    for recordset in _RECORDSET.findall(text) or [text]:
        for chunk in _CDATA.findall(recordset):
            links.extend(Family.anchor_links(Selector(text=chunk), base, records=True))
    return links


def form_fields(html: str, url: str) -> dict[str, str]:
    """The column's dataproxy form fields, wherever the page states them."""
    found: dict[str, str] = {}
    proxy = _PROXY.search(html)
    if proxy and proxy.group(2):
        found.update(
            {
                k: v
                for k, v in parse_qsl(proxy.group(2).lstrip("?").replace("&amp;", "&"))
                if k in FIELDS
            }
        )
    for name in FIELDS:
        if name not in found:
            m = re.search(rf"\b{name}\s*[:=]\s*[\"']?([^\"'&,;\s}}<]+)", html)
            if m:
                found[name] = m.group(1)
    column = re.search(r"/col/col(\d+)/", url)
    if column:
        found.setdefault("columnid", column.group(1))
    return found


def proxy_url(html: str, url: str) -> str:
    """The dataproxy the page names, else the usual path under the site prefix."""
    m = _PROXY.search(html)
    if m:
        return urljoin(url, m.group(1))
    return _site(url) + _PATHS[0]


def _site(url: str) -> str:
    return url.split("/col/")[0] if "/col/" in url else url.rsplit("/", 1)[0]


def window_failed(text: str, status: int) -> bool:
    """A dataproxy answer that gives nothing: an error status, or no record at all."""
    return status >= 400 or not _CDATA.search(text)


@family
class JcmsFamily(Family):
    name = "jcms"
    priority = 10
    max_pages = 300

    @classmethod
    def recognises(cls, html: str, url: str) -> bool:
        return bool(_MARKERS.search(html))

    @classmethod
    def default_scope(cls, source_url: str) -> Scope:
        parts = urlsplit(source_url)
        site = parts.path.split("/col/")[0] if "/col/" in parts.path else ""
        return Scope(parts.netloc, (f"{site}/",))

    def read(self, text: str, url: str, page_meta: dict) -> ListPage:
        """``text`` is the page as text: the HTML, or a dataproxy answer with CDATA."""
        html = text
        if page_meta.get("jcms_window"):  # an answer of dataproxy.jsp
            more = self._more(html, url, page_meta)
            return ListPage(links=records(html, url), next_requests=more)
        inline = records(html, url) if "<datastore" in html.lower() else []
        urls = {link.url for link in inline}
        # With a datastore, the records are the column's entries; other anchors are chrome.
        links = inline + [
            link if not inline else Link(link.url, link.title, link.date)
            for link in self.anchor_links(Selector(text=html), url)
            if link.url not in urls
        ]
        if page_meta.get("nianbao_list_depth", 0) or not _JPAGE.search(html):
            return ListPage(links=links)  # windows start from the column page only
        perpage = int((_PERPAGE.search(html) or [None, "15"])[1])
        group = int((_GROUP.search(html) or [None, "3"])[1])
        named = _PROXY.search(html) is not None
        meta = {
            "jcms_window": True,
            "jcms_fields": form_fields(html, url),
            "jcms_proxy": proxy_url(html, url),
            # The page names no path: the old one is worth one try if the usual one fails.
            "jcms_alt_proxy": None if named else _site(url) + _PATHS[1],
            "jcms_perpage": perpage,
            "jcms_group": max(1, min(group, 10)),
            "jcms_referer": url,
        }
        return ListPage(links=links, next_requests=[self.window(meta, 1)])

    def window(self, meta: dict, start: int) -> FormRequest:
        """The POST for the record window starting at ``start`` (1-based)."""
        size = meta["jcms_perpage"] * meta.get("jcms_group", 3)
        query = f"startrecord={start}&endrecord={start + size - 1}&perpage={meta['jcms_perpage']}"
        return FormRequest(
            f"{meta['jcms_proxy']}?{query}",
            formdata=meta["jcms_fields"],
            headers={"Referer": meta["jcms_referer"]},
            meta={**{k: v for k, v in meta.items() if k.startswith("jcms_")}, "jcms_start": start},
        )

    def retry_window(self, meta: dict) -> FormRequest | None:
        """The first window again on the old dataproxy path, when the page named none."""
        alt = meta.get("jcms_alt_proxy")
        if not alt or meta.get("jcms_start") != 1:
            return None
        return self.window({**meta, "jcms_proxy": alt, "jcms_alt_proxy": None}, 1)

    def _more(self, text: str, url: str, meta: dict) -> list[FormRequest]:
        if meta.get("jcms_start") != 1:
            return []
        m = _TOTAL.search(text)
        pages = _TOTALPAGE.search(text)
        total = int(m.group(1) or m.group(2)) if m else 0
        if not total and pages:  # only a display page count: pages × perpage records
            total = int(pages.group(1)) * meta["jcms_perpage"]
        total = min(total, MAX_RECORDS)
        size = meta["jcms_perpage"] * meta.get("jcms_group", 3)
        return [self.window(meta, start) for start in range(1 + size, total + 1, size)]
