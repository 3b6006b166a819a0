"""Every requested URL ends in a capture, redirects included.

Scrapy hands a redirect's target back to the scheduler, whose duplicate filter drops it
silently when the target was seen before: a redirect loop (A → B → A) or two URLs moved
to one page would leave the first URL with no capture at all. This middleware runs
before ``RedirectMiddleware`` sees a 3xx: a loop fails the request (``RedirectLoop``,
recorded as ``unreachable`` with that reason), and any other redirect is marked to
skip the duplicate filter, so the requested URL is captured under its own name (the
pipeline still never captures one requested URL twice in a run).
"""

from __future__ import annotations

from scrapy import Request
from scrapy.http import Response
from w3lib.url import safe_url_string


class RedirectLoop(Exception):
    """The redirect chain came back to a URL it had already visited."""


class RedirectGuardMiddleware:
    def process_response(self, request: Request, response: Response) -> Response:
        if response.status not in (301, 302, 303, 307, 308):
            return response
        location = response.headers.get(b"Location")
        if not location:
            return response
        target = safe_url_string(response.urljoin(location.decode("latin-1")))
        chain = [*request.meta.get("redirect_urls", []), request.url]
        if target in chain:
            raise RedirectLoop(f"redirect loop: {' → '.join([*chain, target])}"[:900])
        request.dont_filter = True  # the redirected copy must reach the downloader
        return response
