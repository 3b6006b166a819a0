"""A small loopback site built by a test: path → answer, every request logged.

``LoopbackSite({"/a/index.html": Page(body)})`` serves on 127.0.0.1 and a free port in
a daemon thread; a path may answer only some methods (a ``dataproxy.jsp`` that answers
501 to POSTs), and the query string is part of the path when a page is keyed with one.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler
from types import TracebackType
from typing import Any

from crawler.sample_portals.loopback import LoopbackServer


@dataclass(frozen=True)
class Page:
    body: bytes
    content_type: str = "text/html; charset=utf-8"
    status: int = 200


class LoopbackSite:
    def __init__(self, pages: dict[str, Page]) -> None:
        self.pages = pages
        self.requests: list[tuple[str, str, int]] = []
        self._lock = threading.Lock()
        site = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, format: str, *args: Any) -> None:
                pass

            def do_GET(self) -> None:
                self._answer("GET")

            def do_POST(self) -> None:
                self.rfile.read(int(self.headers.get("Content-Length") or 0))
                self._answer("POST")

            def _answer(self, method: str) -> None:
                page = site.pages.get(self.path) or site.pages.get(self.path.split("?")[0])
                if page is None:
                    page = Page(b"not found", "text/plain", 404)
                if self.path.endswith("/robots.txt"):
                    page = Page(b"User-agent: *\nAllow: /\n", "text/plain")
                with site._lock:
                    site.requests.append((method, self.path, page.status))
                self.send_response(page.status)
                self.send_header("Content-Type", page.content_type)
                self.send_header("Content-Length", str(len(page.body)))
                self.end_headers()
                self.wfile.write(page.body)

        self.server = LoopbackServer(Handler, name="loopback-site")

    @property
    def base_url(self) -> str:
        return self.server.base_url

    def __enter__(self) -> LoopbackSite:
        self.server.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.server.stop()
