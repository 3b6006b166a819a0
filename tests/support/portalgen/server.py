"""Serve a farm on 127.0.0.1, one port, each county under its own path prefix.

``FarmServer`` serves through ``crawler.sample_portals.loopback.LoopbackServer``, like
the sample portals::

    farm = build_farm(seed=1, counties=3)
    farm.render_documents()
    with FarmServer(farm) as server:
        registry = farm.registry_yaml(server.base_url)

GET answers the farm's resources (path + query, parameters in any order), the GET
handlers (gkmlpt's JSON API) and a permissive ``robots.txt``; POST answers the POST
handlers (jcms ``dataproxy.jsp``) and 501 everywhere else, as a plain server does.
Every HTML answer gets its visit counter filled per request, and ``http://PG-HOST`` in
text answers becomes the server's base URL. The request log is bounded.
"""

from __future__ import annotations

import itertools
import threading
from collections import deque
from http.server import BaseHTTPRequestHandler
from types import TracebackType

from crawler.sample_portals.loopback import LoopbackServer

from .farm import Farm
from .site import HOST, VISITS, Resource

LOG_SIZE = 100_000


class _Handler(BaseHTTPRequestHandler):
    farm: Farm
    server_ref: FarmServer
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: object) -> None:
        pass

    def _send(self, res: Resource, head: bool = False) -> None:
        body = res.body
        if res.content_type.startswith(("text/", "application/json")):
            body = body.replace(HOST.encode(), self.server_ref.base_url.encode())
            if VISITS.encode() in body:
                body = body.replace(VISITS.encode(), str(next(self.server_ref.visits)).encode())
        self.send_response(res.status)
        self.send_header("Content-Type", res.content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if not head:
            self.wfile.write(body)
        self.server_ref.log(self.command, self.path, res.status)

    def do_GET(self) -> None:
        self._send(self.farm.site.answer("GET", self.path))

    def do_HEAD(self) -> None:
        self._send(self.farm.site.answer("GET", self.path), head=True)

    def do_POST(self) -> None:
        length = min(int(self.headers.get("Content-Length") or 0), 1 << 20)
        raw = self.rfile.read(length).decode("utf-8", "replace") if length else ""
        self._send(self.farm.site.answer("POST", self.path, raw))


class FarmServer:
    """A farm served on 127.0.0.1 (port 0: a free one) in a daemon thread.

    ``allow_pending``: serve a farm whose attached documents are not written yet (they
    answer 404), for tests that only need the pages."""

    def __init__(self, farm: Farm, host: str = "127.0.0.1", port: int = 0, *,
                 allow_pending: bool = False) -> None:
        if farm.site.pending and not allow_pending:
            raise RuntimeError("render the farm's documents first (Farm.render_documents)")
        self.farm = farm
        self.visits = itertools.count(1000)
        self.requests: deque[tuple[str, str, int]] = deque(maxlen=LOG_SIZE)
        self._lock = threading.Lock()
        handler = type("FarmHandler", (_Handler,), {"farm": self.farm, "server_ref": self})
        self.server = LoopbackServer(handler, host=host, port=port, name="portal-farm")

    def log(self, method: str, path: str, status: int) -> None:
        with self._lock:
            self.requests.append((method, path, status))

    def start(self) -> FarmServer:
        self.server.start()
        return self

    def stop(self) -> None:
        self.server.stop()

    def __enter__(self) -> FarmServer:
        return self.start()

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.stop()

    @property
    def base_url(self) -> str:
        return self.server.base_url
