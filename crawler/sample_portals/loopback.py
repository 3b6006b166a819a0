"""An HTTP server on 127.0.0.1 in a daemon thread: how nianbao serves on loopback.

The sample portals (``nianbao demo``), the test sites and the benches all serve through
``LoopbackServer``: bind (port 0 picks a free one), serve every request in its own
thread, stop cleanly, and say its ``base_url``.
"""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Self


class LoopbackServer:
    """``with LoopbackServer(Handler) as site: fetch(site.base_url + "/")``."""

    def __init__(
        self,
        handler: type[BaseHTTPRequestHandler],
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        name: str = "loopback",
    ) -> None:
        self.handler = handler
        self.name = name
        self._address = (host, port)
        self.httpd: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    def start(self) -> Self:
        """Bind and serve in a daemon thread; a second call does nothing."""
        if self.httpd is None:
            self.httpd = ThreadingHTTPServer(self._address, self.handler)
            self.httpd.daemon_threads = True
            self._thread = threading.Thread(
                target=self.httpd.serve_forever, name=self.name, daemon=True
            )
            self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving and close the socket."""
        if self.httpd is None:
            return
        self.httpd.shutdown()
        self.httpd.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)
        self.httpd = self._thread = None

    @property
    def port(self) -> int:
        if self.httpd is None:
            raise RuntimeError(f"{self.name}: server not started")
        return int(self.httpd.server_address[1])

    @property
    def base_url(self) -> str:
        """``http://HOST:PORT`` (no trailing slash)."""
        if self.httpd is None:
            raise RuntimeError(f"{self.name}: server not started")
        return f"http://{self._address[0]}:{self.port}"

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()
