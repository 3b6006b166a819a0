"""The portal spider: walk each source's report column and fetch every report candidate.

Per source, a CMS family (``crawler.families``) reads list pages into links and more
list pages; this spider decides what to fetch: list pages in scope, pages whose title
names an annual report and a year, and the documents such pages link. Every fetch,
failed ones included, is handed to the archive pipeline as a ``Fetched``. Whether a
page really is a report is the extractor's call, after the crawl.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Iterator
from typing import Any

import scrapy
from scrapy import Request
from scrapy.http import Response, TextResponse
from twisted.python.failure import Failure

from ..classify import outcome_for_failure, outcome_for_status
from ..context import crawl_context
from ..families import FAMILIES, detect_family
from ..items import Fetched
from ..links import (
    Scope,
    is_attachment,
    is_report_candidate,
    is_wap_duplicate,
    may_link_a_document,
)

log = logging.getLogger(__name__)


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
        family = FAMILIES[source["family"] if source["family"] != "auto" else "generic"]
        scope = family.default_scope(source["url"])
        landed = source.get("column_url")
        if landed and landed != source["url"]:
            moved = family.default_scope(landed)
            scope = Scope(moved.host, scope.page_prefixes + moved.page_prefixes)
        extra = source["settings"].get("scope")
        if extra:
            prefixes = (extra,) if isinstance(extra, str) else tuple(extra)
            scope = Scope(scope.host, prefixes)
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

    def parse_list(self, response: Response) -> Iterator[Any]:
        item = self._fetched(response, "list")
        yield item
        if item.outcome != "ok" or not isinstance(response, TextResponse):
            return
        source = self._source(response)
        if item.requested_url == source["url"]:
            source["column_url"] = response.url  # where the column lives after redirects
        name = source["family"]
        if name == "auto":
            name = detect_family(response.text, response.url)
            source["family"] = name
            log.info("source %s: family detected as %s", source["url"], name)
        scope = self._scope(source)
        page = FAMILIES[name]().read(response.text, response.url, response.meta)
        stats = self.crawler.stats
        for request in page.next_requests:
            if scope.allows_page(request.url) or request.meta.get("jcms_window"):
                yield request.replace(
                    callback=self.parse_list,
                    errback=self.failed,
                    meta={
                        **request.meta,
                        "nianbao_source": source["id"],
                        "nianbao_role": "list",
                        "dont_obey_robotstxt": response.meta.get("dont_obey_robotstxt", False),
                    },
                )
        for link in page.links:
            if not is_report_candidate(link.title):
                continue
            if is_wap_duplicate(link.url):
                stats.inc_value("nianbao/links/wap_skipped")
                continue
            stats.inc_value("nianbao/links/candidates")
            if is_attachment(link.url, link.title) and scope.allows_attachment(link.url):
                yield self._follow(
                    response,
                    link.url,
                    self.parse_attachment,
                    "attachment",
                    nianbao_title=link.title,
                    nianbao_list_date=link.date,
                )
            elif scope.allows_page(link.url):
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
        for a in response.css("a[href]"):
            href = (a.attrib.get("href") or "").strip()
            text = " ".join(a.css("::text").getall()).strip()
            if not href or href.startswith(("javascript:", "#", "mailto:")):
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
