"""A loopback HTTP server for the bundled sample portals (no Scrapy, stdlib only).

The three sample counties live as plain files under ``site/`` (snapshot 1); snapshot 2
is ``site/`` overlaid with ``snapshot2/`` minus the paths ``snapshot2.json`` lists as
removed. What plain files cannot do, the server does, as the real portals do:

- every HTML page has its visit counter (``<!--NB:VISITS-->``) and today's date
  (``<!--NB:TODAY-->``) filled in per request, at byte level in the site's encoding,
  so no two answers for one page are equal (GBK bytes stay GBK);
- ``ETag`` (a hash of the file bytes before that injection) and ``Last-Modified`` (a
  fixed date per file) with 304 answers to ``If-None-Match`` / ``If-Modified-Since``;
- the Hanweb jcms ``dataproxy.jsp`` POST endpoint answering record windows, and the
  ``downfile.jsp?filename=KEY`` download answering with ``Content-Disposition``;
- Ruishu-blocked URLs answering 412 with the real challenge page, byte for byte;
- a page whose header says ``charset=utf-8`` while its bytes are GBK.

``SamplePortals`` runs it in a daemon thread on 127.0.0.1 and a free port::

    with SamplePortals(snapshot=1) as portals:
        url = portals.base_url + "/minquan/xxgk/ndbg/index.html"
        ...
        portals.set_snapshot(2)   # same URLs, the sites as a later crawl sees them

Run it by hand with ``python -m crawler.sample_portals.server [--port 8765] [--snapshot 2]``.

This module holds ``SamplePortals`` and ``main``; the parts live beside it:
``snapshot`` (snapshots, file lookup), ``noise`` (counter and date injection),
``answers`` (responses, conditional GETs), ``state`` (shared state, request log) and
``handler`` (the request handler). Their names are re-exported here.
"""

from __future__ import annotations

import argparse
import threading
from collections.abc import Iterator
from pathlib import Path
from types import TracebackType

from .answers import CONTENT_TYPES, Answer
from .handler import Handler
from .loopback import LoopbackServer
from .noise import TODAY, VISITS, inject_noise
from .snapshot import Snapshot
from .state import CHALLENGE_FILE, PortalState, RequestRecord

PACKAGE_DIR = Path(__file__).resolve().parent


class SamplePortals:
    """The sample portals served on 127.0.0.1 in a daemon thread.

    ``root`` is the folder with ``site/``, ``snapshot2/`` and ``snapshotN.json``
    (default: this package). ``requests`` lists every answered request as
    ``RequestRecord(method, path, status, had_conditional_headers)``.
    """

    def __init__(self, root: Path | str | None = None, snapshot: int = 1,
                 host: str = "127.0.0.1", port: int = 0) -> None:
        self.root = Path(root) if root is not None else PACKAGE_DIR
        self.state = PortalState(self.root, snapshot)
        handler = type("BoundHandler", (Handler,), {"state": self.state})
        self.server = LoopbackServer(handler, host=host, port=port, name="sample-portals")

    # lifecycle

    def start(self) -> SamplePortals:
        """Bind (port 0 = a free port) and serve in a daemon thread."""
        self.server.start()
        return self

    def stop(self) -> None:
        """Stop serving and close the socket."""
        self.server.stop()

    def __enter__(self) -> SamplePortals:
        return self.start()

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.stop()

    # state

    @property
    def base_url(self) -> str:
        """``http://127.0.0.1:PORT`` (no trailing slash)."""
        return self.server.base_url

    def url(self, path: str) -> str:
        """The absolute URL of a site path such as ``/minquan/xxgk/ndbg/index.html``."""
        return self.base_url + path

    @property
    def snapshot(self) -> int:
        """The snapshot being served (1 or 2)."""
        return self.state.snapshot.number

    def set_snapshot(self, number: int) -> None:
        """Serve another snapshot from now on (same port, same URLs)."""
        self.state.set_snapshot(number)

    @property
    def requests(self) -> list[RequestRecord]:
        """A copy of the request log, oldest first."""
        with self.state.lock:
            return list(self.state.requests)

    def clear_requests(self) -> None:
        """Empty the request log."""
        with self.state.lock:
            self.state.requests.clear()

    def iter_paths(self) -> Iterator[str]:
        """Every file path the current snapshot serves statically (``/minquan/...``)."""
        snap = self.state.snapshot
        seen: set[str] = set()
        for d in snap.dirs:
            for p in sorted(d.rglob("*")):
                rel = p.relative_to(d).as_posix()
                if p.is_file() and rel not in seen and rel not in snap.removed:
                    seen.add(rel)
                    yield "/" + rel


def main(argv: list[str] | None = None) -> None:
    """Serve the sample portals until Ctrl-C."""
    parser = argparse.ArgumentParser(description="Serve the nianbao sample portals.")
    parser.add_argument("--port", type=int, default=8765, help="port (0 = a free one)")
    parser.add_argument("--snapshot", type=int, default=1, choices=(1, 2))
    parser.add_argument("--root", type=Path, default=None, help="portals folder")
    args = parser.parse_args(argv)
    portals = SamplePortals(args.root, snapshot=args.snapshot, port=args.port).start()
    print(portals.base_url, flush=True)
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        pass
    finally:
        portals.stop()


__all__ = [
    "CHALLENGE_FILE",
    "CONTENT_TYPES",
    "PACKAGE_DIR",
    "TODAY",
    "VISITS",
    "Answer",
    "Handler",
    "PortalState",
    "RequestRecord",
    "SamplePortals",
    "Snapshot",
    "inject_noise",
    "main",
]


if __name__ == "__main__":
    main()
