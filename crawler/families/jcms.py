"""Hanweb jcms: columns filled by ``dataproxy.jsp``, records wrapped in CDATA.

The first records are inline in ``<script type="text/xml"><datastore>``; the rest come
from POSTs to ``module/web/jpage/dataproxy.jsp`` with ``startrecord``/``endrecord``/
``perpage`` and the column's form fields (``col, appid, webid, path, columnid,
sourceContentType, unitid, webname, permissiontype``), answered with ``<totalrecord>``
and more CDATA records. One window usually spans three display pages.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, urljoin, urlsplit

from parsel import Selector
from scrapy import FormRequest

from ..links import Link, Scope
from .base import Family, ListPage

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
_PERPAGE = re.compile(r"perpage\s*[:=]\s*[\"']?(\d+)", re.I)
_MARKERS = re.compile(r"dataproxy\.jsp|<datastore>|/art/\d{4}/\d{1,2}/\d{1,2}/art_\d+_\d+", re.I)
MAX_RECORDS = 5000


def records(text: str, base: str) -> list[Link]:
    """The ``<li>`` records inside every CDATA section of a datastore answer or page."""
    links: list[Link] = []
    for recordset in _RECORDSET.findall(text) or [text]:
        for chunk in _CDATA.findall(recordset):
            links.extend(Family.anchor_links(Selector(text=chunk), base))
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
    m = _PROXY.search(html)
    if m:
        return urljoin(url, m.group(1))
    site = url.split("/col/")[0] if "/col/" in url else url.rsplit("/", 1)[0]
    return f"{site}/module/web/jpage/dataproxy.jsp"


class JcmsFamily(Family):
    name = "jcms"

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
        links = records(html, url) if "<datastore" in html.lower() else []
        links += [link for link in self.anchor_links(Selector(text=html), url) if link not in links]
        perpage = int((_PERPAGE.search(html) or [None, "15"])[1])
        meta = {
            "jcms_window": True,
            "jcms_fields": form_fields(html, url),
            "jcms_proxy": proxy_url(html, url),
            "jcms_perpage": perpage,
            "jcms_referer": url,
        }
        return ListPage(links=links, next_requests=[self._window(meta, 1)])

    def _window(self, meta: dict, start: int) -> FormRequest:
        size = meta["jcms_perpage"] * 3
        query = f"startrecord={start}&endrecord={start + size - 1}&perpage={meta['jcms_perpage']}"
        return FormRequest(
            f"{meta['jcms_proxy']}?{query}",
            formdata=meta["jcms_fields"],
            headers={"Referer": meta["jcms_referer"]},
            meta={**{k: v for k, v in meta.items() if k.startswith("jcms_")}, "jcms_start": start},
        )

    def _more(self, text: str, url: str, meta: dict) -> list[FormRequest]:
        if meta.get("jcms_start") != 1:
            return []
        m = _TOTAL.search(text)
        total = min(int(m.group(1) or m.group(2)), MAX_RECORDS) if m else 0
        size = meta["jcms_perpage"] * 3
        return [self._window(meta, start) for start in range(1 + size, total + 1, size)]
