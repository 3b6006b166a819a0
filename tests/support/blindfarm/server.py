"""Serve blind-farm portals on 127.0.0.1: one threaded HTTP server (own port) per portal.

A portal is a ``Site``: paths (with their query string, if any) mapped to ``Resource``s
or to a handler for dynamic answers (a POST/GET list API). ``{{BASE}}`` in UTF-8 bodies
becomes the portal's origin when served. Every request is logged; slow pages sleep a
bounded time; an anti-bot portal answers every URL with the challenge page.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl, urlsplit

MAX_DELAY = 5.0


@dataclass
class Resource:
    body: bytes | str = b""
    ctype: str = "text/html; charset=utf-8"
    status: int = 200
    delay: float = 0.0
    headers: dict[str, str] = field(default_factory=dict)


Handler = Callable[[str, dict[str, str]], Resource | None]


@dataclass
class Site:
    name: str
    files: dict[str, Resource] = field(default_factory=dict)
    handlers: dict[str, Handler] = field(default_factory=dict)  # path -> handler(method, params)
    block_all: bytes | None = None  # answer every URL with this 412 challenge

    def add(self, path: str, body: bytes | str, ctype: str = "text/html; charset=utf-8",
            **kw: object) -> None:
        self.files[path] = Resource(body, ctype, **kw)  # type: ignore[arg-type]


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    site: Site
    base: str
    log: list[tuple[str, str]]
    resolve: Callable[[bytes | str], bytes]


class _Handler(BaseHTTPRequestHandler):
    server: _Server

    def log_message(self, *args: object) -> None:  # quiet
        pass

    def _answer(self, method: str) -> None:
        srv = self.server
        srv.log.append((method, self.path))
        site = srv.site
        parts = urlsplit(self.path)
        params = dict(parse_qsl(parts.query))
        if method == "POST":
            n = int(self.headers.get("Content-Length") or 0)
            params.update(parse_qsl(self.rfile.read(n).decode("utf-8", "replace")))
        res: Resource | None = None
        if site.block_all is not None:
            res = Resource(site.block_all, status=412)
        elif parts.path in site.handlers:
            res = site.handlers[parts.path](method, params)
        else:
            res = site.files.get(self.path) or site.files.get(parts.path)
            if res is None and parts.path.endswith("/"):
                res = site.files.get(parts.path + "index.html")
        if res is None:
            res = Resource("<html><body><h1>404 Not Found</h1></body></html>", status=404)
        if res.delay:
            time.sleep(min(res.delay, MAX_DELAY))
        body = srv.resolve(res.body)
        if b"{{BASE}}" in body:
            body = body.replace(b"{{BASE}}", srv.base.encode())
        self.send_response(res.status)
        self.send_header("Content-Type", res.ctype)
        self.send_header("Content-Length", str(len(body)))
        for k, v in res.headers.items():
            self.send_header(k, v)
        self.end_headers()
        if method != "HEAD":
            self.wfile.write(body)

    def do_GET(self) -> None:
        self._answer("GET")

    def do_HEAD(self) -> None:
        self._answer("HEAD")

    def do_POST(self) -> None:
        self._answer("POST")


class FarmServers:
    """Context manager: start one server per site; ``bases[site.name]`` is its origin."""

    def __init__(self, sites: list[Site], resolve: Callable[[bytes | str], bytes]) -> None:
        self.sites = sites
        self.resolve = resolve
        self.bases: dict[str, str] = {}
        self.log: dict[str, list[tuple[str, str]]] = {}
        self._servers: list[_Server] = []

    def __enter__(self) -> FarmServers:
        for site in self.sites:
            srv = _Server(("127.0.0.1", 0), _Handler)
            srv.site = site
            srv.base = f"http://127.0.0.1:{srv.server_address[1]}"
            srv.log = []
            srv.resolve = self.resolve
            self.bases[site.name] = srv.base
            self.log[site.name] = srv.log
            threading.Thread(target=srv.serve_forever, daemon=True).start()
            self._servers.append(srv)
        return self

    def __exit__(self, *exc: object) -> None:
        for srv in self._servers:
            srv.shutdown()
            srv.server_close()

    @property
    def requests(self) -> int:
        return sum(len(v) for v in self.log.values())
