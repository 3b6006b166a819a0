"""Guangdong gkmlpt (政府信息公开目录管理平台): the list is a JSON API.

The platform page (``…/gkmlpt/index``) states ``SID: '…'`` in ``window._CONFIG`` with
the category tree (``TREE: [...]``); a category's articles come from
``…/gkmlpt/api/all/{cat}?page=N&sid={sid}``, answered with ``classify.post_count`` and
``articles`` (``title``, ``url``, ``date`` as epoch seconds or text, ``attachment``).
The category is the source setting ``category``, a ``#N``/``cat=N`` in the source URL,
else every category of the tree whose name says 年报 / 年度报告. A source may also be
registered at the API URL itself. Articles are ``/gkmlpt/content/a/b/post_N.html``.
"""

from __future__ import annotations

import json
import math
import re
from datetime import UTC, datetime, timedelta
from urllib.parse import parse_qs, urljoin, urlsplit

from scrapy import Request

from ..links import Link, Scope
from .base import Family, ListPage, family

_SID = re.compile(r"\bSID[\"']?\s*[:=]\s*[\"']?(\w+)")
_MARKERS = re.compile(r"window\._CONFIG\s*=\s*\{[^<]{0,2000}?\bSID[\"']?\s*:", re.S)
_NODE = re.compile(
    r"[\"']?id[\"']?\s*:\s*[\"']?(\d+)[\"']?\s*,[^{}\[\]]*?[\"']?name[\"']?\s*:\s*[\"']([^\"']+)"
    r"|[\"']?name[\"']?\s*:\s*[\"']([^\"']+)[\"']\s*,[^{}\[\]]*?[\"']?id[\"']?\s*:\s*[\"']?(\d+)"
)
_REPORT_CATEGORY = re.compile(r"年报|年度报告")
_CHINA = timedelta(hours=8)
MAX_PAGES = 200


def api_url(page_url: str, category: str, sid: str, page: int = 1) -> str:
    prefix = page_url.split("/gkmlpt/")[0] if "/gkmlpt/" in page_url else page_url.rstrip("/")
    return f"{prefix}/gkmlpt/api/all/{category}?page={page}&sid={sid}"


def report_categories(html: str) -> list[str]:
    """Ids of the tree's categories whose name says 年报 / 年度报告."""
    found = []
    for m in _NODE.finditer(html):
        cat, name = (m.group(1), m.group(2)) if m.group(1) else (m.group(4), m.group(3))
        if _REPORT_CATEGORY.search(name) and cat not in found:
            found.append(cat)
    return found


def _date(article: dict) -> str | None:
    for key in ("date", "display_publish_time", "publish_time", "created_at"):
        value = article.get(key)
        if isinstance(value, (int, float)) and value > 10**9:
            seconds = value / 1000 if value > 10**11 else value
            return (datetime.fromtimestamp(seconds, UTC) + _CHINA).strftime("%Y-%m-%d")
        if isinstance(value, str):
            m = re.match(r"((?:19|20)\d{2})[-/.](\d{1,2})[-/.](\d{1,2})", value.strip())
            if m:
                return f"{m.group(1)}-{int(m.group(2)):02d}-{int(m.group(3)):02d}"
    return None


def _attachments(article: dict, base: str, article_url: str, title: str) -> list[Link]:
    links = []
    items = article.get("attachment") or article.get("attachments") or []
    for item in items if isinstance(items, list) else []:
        if isinstance(item, str):
            url, name = item, ""
        elif isinstance(item, dict):
            url = next(
                (item[k] for k in ("url", "link", "href", "path", "file_url") if item.get(k)), ""
            )
            name = next((item[k] for k in ("name", "title", "filename") if item.get(k)), "")
        else:
            continue
        if url:
            links.append(Link(urljoin(base, url), name or title, None, True, article_url))
    return links


def articles(text: str, base: str) -> tuple[list[Link], int | None, int]:
    """An API answer read: its article links (and their attachments), the category's
    article count, and how many articles this page held."""
    data = json.loads(text)
    rows = data.get("articles") or data.get("data") or []
    links: list[Link] = []
    for article in rows if isinstance(rows, list) else []:
        if not isinstance(article, dict):
            continue
        url = article.get("url") or article.get("post_url")
        title = re.sub(r"\s+", " ", str(article.get("title") or "")).strip()
        if not url:
            continue
        article_url = urljoin(base, url)
        links.append(Link(article_url, title, _date(article), True))
        links += _attachments(article, base, article_url, title)
    classify = data.get("classify") if isinstance(data.get("classify"), dict) else {}
    total = classify.get("post_count", data.get("total"))
    return (
        links,
        int(total) if isinstance(total, (int, str)) and str(total).isdigit() else None,
        len(rows),
    )


@family
class GkmlptFamily(Family):
    name = "gkmlpt"
    priority = 5
    max_pages = MAX_PAGES

    @classmethod
    def recognises(cls, html: str, url: str) -> bool:
        return "/gkmlpt/" in urlsplit(url).path or bool(_MARKERS.search(html[:200000]))

    @classmethod
    def default_scope(cls, source_url: str) -> Scope:
        parts = urlsplit(source_url)
        prefix = parts.path.split("/gkmlpt/")[0] + "/gkmlpt/" if "/gkmlpt/" in parts.path else "/"
        return Scope(parts.netloc, (prefix,))

    def read(self, text: str, url: str, page_meta: dict) -> ListPage:
        if "/gkmlpt/api/" in url or text.lstrip().startswith("{"):
            return self._api_page(text, url, page_meta)
        sid = _SID.search(text)
        if not sid:
            return super().read(text, url, page_meta)
        settings = page_meta.get("nianbao_settings") or {}
        wanted = settings.get("category")
        source = page_meta.get("nianbao_source_url") or url
        listed = re.search(r"(?:#|[?&]cat(?:egory)?=)(\d+)", source)
        categories = (
            [str(c) for c in (wanted if isinstance(wanted, list) else [wanted])]
            if wanted
            else [listed.group(1)]
            if listed
            else report_categories(text)
        )
        return ListPage(
            links=super().read(text, url, page_meta).links,
            next_requests=[
                Request(api_url(url, c, sid.group(1)), meta={"gkmlpt_page": 1}) for c in categories
            ],
        )

    def _api_page(self, text: str, url: str, page_meta: dict) -> ListPage:
        try:
            links, total, per_page = articles(text, url)
        except (ValueError, AttributeError):
            return ListPage()
        page = int(parse_qs(urlsplit(url).query).get("page", ["1"])[0] or 1)
        more: list[Request] = []
        if page == 1 and total and per_page:
            stated = json.loads(text).get("page_count")
            pages = stated if isinstance(stated, int) else math.ceil(total / per_page)
            pages = min(pages, MAX_PAGES)
            more = [
                Request(re.sub(r"([?&]page=)\d+", rf"\g<1>{n}", url), meta={"gkmlpt_page": n})
                for n in range(2, pages + 1)
            ]
        return ListPage(links=links, next_requests=more)
