"""The portal spider: walk each source's report column and fetch every listed article.

Per source, a CMS family (``crawler.families``, a hint) reads list pages into links and
the list pages only it can reach (paging scripts, dataproxy windows, JSON APIs); the
page's visible pager is followed whatever the family (``crawler.paging``), bounded by the
family's page limit. Every entry the column lists is fetched unless a skip rule names it
something else (``crawler.links``); a mixed column (``crawler.columns``) also needs a
report title. Every fetch, failed ones included, is handed to the archive pipeline as a
``Fetched``. Whether a page really is a report is the extractor's call, after the crawl.
"""

from __future__ import annotations

import logging
import re
from collections.abc import AsyncIterator, Iterator
from typing import Any
from urllib.parse import urlsplit

import scrapy
from parsel import Selector
from scrapy import Request
from scrapy.http import Response, TextResponse
from scrapy.utils.response import get_base_url
from twisted.python.failure import Failure

from ..classify import outcome_for_failure, outcome_for_status
from ..columns import MIXED, column_kind, is_report_folder
from ..context import crawl_context
from ..families import REGISTRY, Family, detect_family
from ..families.jcms import JcmsFamily, window_failed
from ..items import Fetched
from ..links import (
    Link,
    Scope,
    anchor_text,
    anchors,
    base_may_name_attachments,
    candidate_verdict,
    is_attachment,
    is_wap_duplicate,
    may_be_attachment,
    may_link_a_document,
)
from ..paging import pager_links, script_pages

log = logging.getLogger(__name__)



def _first_page(url: str) -> bool:
    """A script's page 0 (``index.html``, ``column_index.shtml``): no ``_N`` in its name."""
    last = urlsplit(url).path.rsplit("/", 1)[-1]
    return bool(re.fullmatch(r"[\w-]+\.s?html?", last)) and not re.search(r"_\d+\.", last)


def _headers(response: Response) -> dict[str, list[str]]:
    return {
        k.decode("latin-1"): [v.decode("latin-1", "replace") for v in vs]
        for k, vs in response.headers.items()
    }


class PortalSpider(scrapy.Spider):
    name = "portals"

    async def start(self) -> AsyncIterator[Request]:
        context = crawl_context(self.crawler)
        for source in context.sources:
            settings = source["settings"]
            meta: dict[str, Any] = {"nianbao_source": source["id"], "nianbao_role": "list"}
            if settings.get("obey_robots") is False:
                meta["dont_obey_robotstxt"] = True
                log.warning("source %s: robots.txt not obeyed (source setting)", source["url"])
                self.crawler.stats.inc_value("nianbao/robots/overridden")
            yield Request(
                source["url"],
                callback=self.parse_list,
                errback=self.failed,
                meta=meta,
                dont_filter=True,
            )

    # -- helpers -------------------------------------------------------------------------

    def _source(self, response_or_request: Response | Request) -> dict[str, Any]:
        sid = response_or_request.meta["nianbao_source"]
        return next(s for s in crawl_context(self.crawler).sources if s["id"] == sid)

    def _scope(self, source: dict[str, Any]) -> Scope:
        """The source's host and page prefixes; a column that redirects is scoped where it
        landed (``column_url``) as well as where it was registered."""
        family = REGISTRY.get(source["family"], REGISTRY["generic"])
        scope = family.default_scope(source["url"])
        landed = source.get("column_url")
        if landed and landed != source["url"]:
            moved = family.default_scope(landed)
            scope = Scope(moved.host, scope.page_prefixes + moved.page_prefixes)
        extra = source["settings"].get("scope")
        if extra:
            prefixes = (extra,) if isinstance(extra, str) else tuple(extra)
            scope = Scope(scope.host, prefixes)
        joined = source.get("_report_folders")
        if joined:  # 年报 columns of departments the column links (see _subcolumns)
            scope = Scope(scope.host, scope.page_prefixes + tuple(joined))
        return scope

    def _fetched(self, response: Response, role: str, **context: Any) -> Fetched:
        request = response.request
        assert request is not None
        status = response.status
        return Fetched(
            run_id=crawl_context(self.crawler).run_id,
            source_id=response.meta["nianbao_source"],
            role=role,
            requested_url=request.meta.get("redirect_urls", [request.url])[0],
            final_url=response.url,
            outcome=outcome_for_status(status, response.body).value,
            status=status,
            headers=_headers(response),
            body=response.body,
            not_modified=bool(response.meta.get("nianbao_not_modified")),
            referer=(request.headers.get(b"Referer") or b"").decode("latin-1") or None,
            context={k: v for k, v in context.items() if v is not None},
        )

    def _follow(
        self, response: Response, url: str, callback: Any, role: str, **meta: Any
    ) -> Request:
        return Request(
            url,
            callback=callback,
            errback=self.failed,
            meta={
                "nianbao_source": response.meta["nianbao_source"],
                "nianbao_role": role,
                "dont_obey_robotstxt": response.meta.get("dont_obey_robotstxt", False),
                **meta,
            },
        )

    # -- callbacks ---------------------------------------------------------------------------

    def _family(self, source: dict[str, Any], response: TextResponse) -> type[Family]:
        """The source's family; ``auto`` (or a name no longer registered) is detected."""
        name = source["family"]
        if name not in REGISTRY:
            if name != "auto":
                log.warning("source %s: unknown family %r, detecting", source["url"], name)
                self.crawler.stats.inc_value("nianbao/family/unknown")
            name = detect_family(response.text, response.url)
            source["family"] = name
            log.info("source %s: family detected as %s", source["url"], name)
            self.crawler.stats.inc_value(f"nianbao/family/{name}/detected")
        return REGISTRY[name]

    def _list_request(
        self, response: Response, request: Request, source: dict[str, Any], cls: type[Family]
    ) -> Request | None:
        """A further list page of the source, unless seen or over the family's page limit."""
        seen: set[str] = source.setdefault("_list_pages", {source["url"]})
        key = request.url if request.method == "GET" else f"{request.url} {request.body!r}"
        if key in seen:
            return None
        limit = int(source["settings"].get("max_pages") or cls.max_pages)
        if len(seen) >= limit:
            if not source.get("_limit_hit"):
                source["_limit_hit"] = True
                log.warning("source %s: page limit %d reached", source["url"], limit)
                self.crawler.stats.inc_value(f"nianbao/paging/limit/{cls.name}")
            return None
        seen.add(key)
        window = bool(request.meta.get("jcms_window"))
        # A dataproxy window whose column also shows a pager is a probe: if it fails,
        # the pager pages are the list, and its failure hides nothing.
        probe = (window and source.get("_visible_pager")) or request.meta.get("nianbao_probe")
        role = "list_probe" if probe else "list"
        return request.replace(
            callback=self.parse_list,
            errback=self.failed,
            meta={
                **request.meta,
                "nianbao_source": source["id"],
                "nianbao_role": role,
                "nianbao_list_depth": response.meta.get("nianbao_list_depth", 0) + 1,
                "dont_obey_robotstxt": response.meta.get("dont_obey_robotstxt", False),
            },
        )

    def _window_failed(
        self, request: Request, source: dict[str, Any], why: str
    ) -> Iterator[Request]:
        """A jcms dataproxy window gave nothing: try the old path once, else fall back."""
        stats = self.crawler.stats
        retry = JcmsFamily().retry_window(request.meta)
        if retry is not None:
            stats.inc_value("nianbao/family/jcms/alt_proxy")
            yield retry.replace(
                callback=self.parse_list,
                errback=self.failed,
                meta={
                    **retry.meta,
                    **{k: v for k, v in request.meta.items() if k.startswith("nianbao_")},
                },
            )
            return
        stats.inc_value("nianbao/family/jcms/fallback")
        stats.inc_value(f"nianbao/family/jcms/fallback/{why}")
        log.warning(
            "source %s: dataproxy %s (%s); the visible pager links are the list",
            source["url"],
            request.url.split("?")[0],
            why,
        )

    def parse_list(self, response: Response) -> Iterator[Any]:
        item = self._fetched(response, response.meta.get("nianbao_role", "list"))
        yield item
        source = self._source(response)
        window = response.meta.get("jcms_window")
        if window and (
            item.outcome != "ok"
            or not isinstance(response, TextResponse)
            or window_failed(response.text, response.status)
        ):
            why = f"status_{response.status}" if response.status >= 400 else "no_records"
            yield from self._window_failed(response.request, source, why)  # type: ignore[arg-type]
            return
        if item.outcome != "ok" or not isinstance(response, TextResponse):
            return
        if item.requested_url == source["url"]:
            source["column_url"] = response.url  # where the column lives after redirects
        cls = self._family(source, response)
        scope = self._scope(source)
        parts = urlsplit(response.url)
        here = parts.path.rsplit("/", 1)[0] + "/"
        if (
            parts.netloc == scope.host
            and not scope.allows_page(response.url)
            and is_report_folder(here)
        ):
            # a sub-column joined before a resume (JOBDIR keeps the request, not the
            # scope it was joined to): it joins again, so its own pages are followed
            self._join_report_folder(source, here)
            scope = self._scope(source)
        stats = self.crawler.stats
        page = cls().read(
            response.text,
            response.url,
            {
                **response.meta,
                "nianbao_settings": source["settings"],
                "nianbao_source_url": source["url"],
            },
        )
        # Pages are evidence: the visible pager and any paging script, for every family.
        html = not window and not response.text.lstrip().startswith(("{", "["))
        selector = Selector(text=response.text) if html else None
        visible = pager_links(selector, response.url) if selector is not None else []
        if visible and response.meta.get("nianbao_list_depth", 0) == 0:
            source["_visible_pager"] = True
        more = list(page.next_requests)
        if selector is not None:
            more += [Request(u) for u in visible]
            more += [
                # page 0 named by a later page's script (column_index.html) is most often
                # the column page read under another name: a probe, whose failure hides
                # nothing (the column is not read as broken for it)
                Request(u, meta={"nianbao_probe": True}) if _first_page(u) else Request(u)
                for u in script_pages(response.text, response.url, cls.max_pages)
                if u not in visible
            ]
        entries = [link for link in page.links if link.entry]
        if "_column" not in source and entries:
            source["_column"] = column_kind(
                source["settings"].get("column"), selector, response.url, entries
            )
            stats.inc_value(f"nianbao/column/{source['_column']}")
        mixed = source.get("_column") == MIXED
        if not mixed and selector is not None:
            more += [
                Request(u) for u in self._subcolumns(page.links, response.url, scope, source)
            ]
            scope = self._scope(source)
        listed = {link.url for link in entries}
        for request in more:
            if request.url in listed:  # an entry is an article, whatever its link text
                continue
            if not (
                scope.allows_page(request.url)
                or request.meta.get("jcms_window")
                or "/gkmlpt/api/" in request.url
            ):
                continue
            follow = self._list_request(response, request, source, cls)
            if follow is not None:
                yield follow
        stats.inc_value("nianbao/links/ignored/chrome", len(page.links) - len(entries))
        for link in entries:
            yield from self._candidate(response, link, scope, mixed)

    def _subcolumns(
        self, links: list[Link], url: str, scope: Scope, source: dict[str, Any]
    ) -> list[str]:
        """Links to folders below this list's own folder (``2023n/``, ``xzjd/index.html``):
        sub-columns of a report column, listed like it. So is a 年报 column elsewhere on
        the host that the column links (a department's ``/bm/jyj/zfxxgk/nb/`` under the
        county's 部门年报): its folder joins the source's scope."""
        here = urlsplit(url).path.rsplit("/", 1)[0] + "/"
        found = []
        for link in links:
            if link.entry:
                continue
            parts = urlsplit(link.url)
            folder = parts.path if parts.path.endswith("/") else parts.path.rsplit("/", 1)[0] + "/"
            last = parts.path.rsplit("/", 1)[-1]
            if folder == here or parts.query or (last and last.split(".")[0] != "index"):
                continue
            if folder.startswith(here) and scope.allows_page(link.url):
                found.append(link.url.split("#")[0])
            elif (
                parts.netloc == scope.host
                and not here.startswith(folder)  # not a way up (breadcrumb, home)
                and is_report_folder(folder)
                and not scope.allows_page(link.url)
            ):
                self._join_report_folder(source, folder)
                found.append(link.url.split("#")[0])
        if found:
            self.crawler.stats.inc_value("nianbao/links/subcolumns", len(found))
        return found

    def _join_report_folder(self, source: dict[str, Any], folder: str) -> None:
        joined = source.setdefault("_report_folders", [])
        if folder not in joined:
            joined.append(folder)
            self.crawler.stats.inc_value("nianbao/links/report_folders")

    def _candidate(
        self, response: Response, link: Link, scope: Scope, mixed: bool
    ) -> Iterator[Any]:
        stats = self.crawler.stats
        verdict = candidate_verdict(link.title, mixed)
        if verdict:
            stats.inc_value(f"nianbao/links/skipped/{verdict}")
            return
        if is_wap_duplicate(link.url):
            stats.inc_value("nianbao/links/wap_skipped")
            return
        stats.inc_value("nianbao/links/candidates")
        if is_attachment(link.url, link.title) and scope.allows_attachment(link.url):
            yield self._follow(
                response,
                link.url,
                self.parse_attachment,
                "attachment",
                nianbao_title=link.title,
                nianbao_list_date=link.date,
                nianbao_article=link.article,
            )
        elif scope.allows_page(link.url) or urlsplit(link.url).netloc == scope.host:
            # A listed entry is one article: it may sit outside the column's folder
            # (/zwgk/xxgknb/ listing /module/xxgk/xxgkAnnualReport.jsp?…, a department's
            # /bm/jyj/… page); the prefixes bound list pages, the host bounds articles.
            yield self._follow(
                response,
                link.url,
                self.parse_article,
                "article",
                nianbao_title=link.title,
                nianbao_list_date=link.date,
            )
        else:
            stats.inc_value("nianbao/links/out_of_scope")

    def parse_article(self, response: Response) -> Iterator[Any]:
        title = response.meta.get("nianbao_title")
        item = self._fetched(
            response, "article", title=title, list_date=response.meta.get("nianbao_list_date")
        )
        yield item
        if item.outcome != "ok" or not isinstance(response, TextResponse):
            return
        if not may_link_a_document(response.body):
            return
        scope = self._scope(self._source(response))
        seen: set[str] = set()
        # Joining hundreds of chrome links is the cost here: skip the ones whose href
        # and text hold no hint of an attachment (unless the base path holds one).
        join_all = base_may_name_attachments(urlsplit(get_base_url(response)).path)
        for a in anchors(response.selector):
            href = (a.get("href") or "").strip()
            text = anchor_text(a).strip()
            if not href or href.startswith(("javascript:", "#", "mailto:")):
                continue
            if not join_all and not may_be_attachment(href, text):
                continue
            url = response.urljoin(href)
            if url in seen or not is_attachment(url, text) or not scope.allows_attachment(url):
                continue
            seen.add(url)
            self.crawler.stats.inc_value("nianbao/links/attachments")
            yield self._follow(
                response,
                url,
                self.parse_attachment,
                "attachment",
                nianbao_title=title,
                nianbao_article=response.url,
                nianbao_link_text=text or None,
            )

    def parse_attachment(self, response: Response) -> Iterator[Any]:
        yield self._fetched(
            response,
            "attachment",
            title=response.meta.get("nianbao_title"),
            article=response.meta.get("nianbao_article"),
            link_text=response.meta.get("nianbao_link_text"),
            list_date=response.meta.get("nianbao_list_date"),
        )

    def failed(self, failure: Failure) -> Iterator[Any]:
        request = failure.request  # type: ignore[attr-defined]
        outcome = outcome_for_failure(failure.value)
        self.crawler.stats.inc_value(f"nianbao/failure/{type(failure.value).__name__}")
        if request.meta.get("jcms_window"):
            yield from self._window_failed(request, self._source(request), "unreachable")
        yield Fetched(
            run_id=crawl_context(self.crawler).run_id,
            source_id=request.meta["nianbao_source"],
            role=request.meta.get("nianbao_role", "page"),
            requested_url=request.meta.get("redirect_urls", [request.url])[0],
            final_url=request.url,
            outcome=outcome.value,
            error=f"{type(failure.value).__name__}: {failure.value}"[:1000],
            context={
                k: request.meta.get(f"nianbao_{k}")
                for k in ("title", "article")
                if request.meta.get(f"nianbao_{k}")
            },
        )
