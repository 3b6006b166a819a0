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
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import posixpath
import threading
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime, parsedate_to_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import TracebackType
from typing import Any, NamedTuple
from urllib.parse import parse_qs, quote, unquote, urlsplit

PACKAGE_DIR = Path(__file__).resolve().parent
VISITS = b"<!--NB:VISITS-->"
TODAY = b"<!--NB:TODAY-->"
CHALLENGE_FILE = "ruishu-challenge.html"
_WEEKDAYS = "一二三四五六日"

CONTENT_TYPES = {
    ".html": "text/html",
    ".htm": "text/html",
    ".shtml": "text/html",
    ".txt": "text/plain; charset=utf-8",
    ".xml": "text/xml; charset=utf-8",
    ".css": "text/css",
    ".js": "application/javascript",
    ".pdf": "application/pdf",
    ".doc": "application/msword",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


class RequestRecord(NamedTuple):
    """One answered request: ``(method, path, status, had_conditional_headers)``."""

    method: str
    path: str
    status: int
    had_conditional_headers: bool


@dataclass(frozen=True)
class Snapshot:
    """One state of the sites: where its files are and what the server must know."""

    number: int
    dirs: tuple[Path, ...]  # looked up in order: overlay first
    removed: frozenset[str]
    today_offset: int
    sites: dict[str, dict[str, Any]]
    files: dict[str, dict[str, Any]]
    blocked: frozenset[str]
    downloads: dict[str, dict[str, dict[str, str]]]
    dataproxy: dict[str, dict[str, Any]]

    @classmethod
    def load(cls, root: Path, number: int) -> Snapshot:
        """Read ``snapshotN.json`` under root."""
        meta_path = root / f"snapshot{number}.json"
        if not meta_path.exists():
            raise ValueError(f"no snapshot {number} in {root}")
        meta = json.loads(meta_path.read_text("utf-8"))
        dirs = [root / d for d in meta["dirs"]]
        return cls(
            number=number,
            dirs=tuple(dirs),
            removed=frozenset(meta.get("removed", [])),
            today_offset=int(meta.get("today_offset_days", 0)),
            sites=meta["sites"],
            files=meta["files"],
            blocked=frozenset(meta.get("blocked", [])),
            downloads=meta.get("downloads", {}),
            dataproxy=meta.get("dataproxy", {}),
        )

    def find(self, rel: str) -> Path | None:
        """The file for a site-relative path, or None (missing or removed)."""
        if rel in self.removed:
            return None
        for d in self.dirs:
            p = d / rel
            if p.is_file():
                return p
        return None

    def site_of(self, rel: str) -> dict[str, Any]:
        """The site settings (encoding, html charset) of a path's first segment."""
        return self.sites.get(rel.split("/", 1)[0], {"encoding": "utf-8", "html_charset": "utf-8"})


@dataclass
class Answer:
    """A response before it is written."""

    status: int
    body: bytes = b""
    headers: dict[str, str] | None = None
    etag: str | None = None
    modified: datetime | None = None


def _http_date(dt: datetime) -> str:
    return format_datetime(dt.astimezone(UTC), usegmt=True)


def _etag(data: bytes) -> str:
    return '"' + hashlib.sha1(data).hexdigest()[:20] + '"'


class PortalState:
    """Everything the handler threads share: snapshot, counters, request log."""

    def __init__(self, root: Path, snapshot: int) -> None:
        self.root = root
        self.lock = threading.Lock()
        self.requests: list[RequestRecord] = []
        self.visits: dict[str, int] = {}
        self.snapshot = Snapshot.load(root, snapshot)
        self.challenge = (root / CHALLENGE_FILE).read_bytes()

    def set_snapshot(self, number: int) -> None:
        snap = Snapshot.load(self.root, number)
        with self.lock:
            self.snapshot = snap

    def log(self, record: RequestRecord) -> None:
        with self.lock:
            self.requests.append(record)

    def next_visit(self, path: str, snapshot: int) -> int:
        """A page's visit count: a per-page base that goes up on every request."""
        with self.lock:
            n = self.visits.get(path, 0) + 1
            self.visits[path] = n
        return 100 + zlib.crc32(path.encode()) % 5000 + 731 * (snapshot - 1) + n


def inject_noise(data: bytes, encoding: str, visits: int, now: datetime) -> bytes:
    """Fill the visit counter and today's date placeholders, at byte level."""
    if VISITS not in data and TODAY not in data:
        return data
    today = (
        f"{now.year}年{now.month:02d}月{now.day:02d}日 星期{_WEEKDAYS[now.weekday()]} "
        f"{now:%H:%M:%S}"
    )
    return data.replace(VISITS, str(visits).encode("ascii")).replace(
        TODAY, today.encode(encoding)
    )


def _rel(path: str) -> str | None:
    """The site-relative file path for a URL path; None if it escapes the root."""
    clean = posixpath.normpath(unquote(path))
    if not clean.startswith("/") or "/../" in clean + "/":
        return None
    rel = clean.lstrip("/")
    if path.endswith("/") or rel == "":
        rel = posixpath.join(rel, "index.html") if rel else "index.html"
    return rel


def _not_modified(headers: Any, etag: str, modified: datetime) -> bool:
    inm = headers.get("If-None-Match")
    if inm is not None:
        tags = [t.strip().removeprefix("W/") for t in inm.split(",")]
        return "*" in tags or etag in tags
    ims = headers.get("If-Modified-Since")
    if ims is not None:
        try:
            since = parsedate_to_datetime(ims)
        except (TypeError, ValueError):
            return False
        if since.tzinfo is None:
            since = since.replace(tzinfo=UTC)
        return modified.replace(microsecond=0) <= since
    return False


def _not_found() -> Answer:
    body = (
        "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>404</title></head>"
        "<body><h1>404 Not Found</h1><p>您访问的页面不存在或已被删除。</p></body></html>"
    ).encode()
    return Answer(404, body, {"Content-Type": "text/html; charset=utf-8"})


class Handler(BaseHTTPRequestHandler):
    """Answers one request from the shared ``PortalState``."""

    server_version = "nginx"
    protocol_version = "HTTP/1.1"
    state: PortalState  # set on the subclass made per server

    def version_string(self) -> str:
        """``Server: nginx``, as the portals' front ends say."""
        return self.server_version

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet: the request log is ``SamplePortals.requests``."""

    # --- entry points -------------------------------------------------------------

    def do_GET(self) -> None:
        self._serve("GET")

    def do_HEAD(self) -> None:
        self._serve("HEAD")

    def do_POST(self) -> None:
        self._serve("POST")

    # --- dispatch -----------------------------------------------------------------

    def _serve(self, method: str) -> None:
        snap = self.state.snapshot
        conditional = "If-None-Match" in self.headers or "If-Modified-Since" in self.headers
        body_in = b""
        length = int(self.headers.get("Content-Length") or 0)
        if length:
            body_in = self.rfile.read(length)
        try:
            answer = self._answer(method, snap, body_in)
        except Exception as exc:  # a bug here must not hang the client
            answer = Answer(500, f"internal error: {exc!r}".encode(),
                            {"Content-Type": "text/plain"})
        self.state.log(RequestRecord(method, self.path, answer.status, conditional))
        self._write(method, answer)

    def _answer(self, method: str, snap: Snapshot, body_in: bytes) -> Answer:
        parts = urlsplit(self.path)
        path = parts.path
        if path in snap.blocked:
            return Answer(
                412,
                self.state.challenge,
                {
                    "Content-Type": "text/html; charset=utf-8",
                    "Set-Cookie": "FSSBBIl1UgzbN7N80S=" + hashlib.md5(path.encode()).hexdigest()
                    + "; Path=/; HttpOnly",
                },
            )
        for site, proxy in snap.dataproxy.items():
            if path in proxy["paths"]:
                if method != "POST":
                    return Answer(405, b"method not allowed", {"Allow": "POST",
                                                               "Content-Type": "text/plain"})
                return self._dataproxy(site, proxy, parts.query, body_in)
        if method == "POST":
            return Answer(405, b"method not allowed", {"Allow": "GET, HEAD",
                                                       "Content-Type": "text/plain"})
        if path in snap.downloads:
            return self._download(snap, snap.downloads[path], parts.query)
        rel = _rel(path)
        if rel is None:
            return Answer(400, b"bad path", {"Content-Type": "text/plain"})
        return self._static(snap, rel)

    def _static(self, snap: Snapshot, rel: str, extra: dict[str, str] | None = None,
                content_type: str | None = None) -> Answer:
        file = snap.find(rel)
        if file is None:
            return _not_found()
        data = file.read_bytes()
        info = snap.files.get(rel, {})
        modified = (
            datetime.fromisoformat(info["modified"]) if "modified" in info
            else datetime(2024, 1, 1, tzinfo=UTC)
        )
        etag = _etag(data)
        headers = dict(extra or {})
        suffix = posixpath.splitext(rel)[1].lower()
        ctype = content_type or CONTENT_TYPES.get(suffix, "application/octet-stream")
        if ctype == "text/html":
            site = snap.site_of(rel)
            charset = info.get("charset", site.get("html_charset"))
            if charset:
                ctype += f"; charset={charset}"
            now = datetime.now() + timedelta(days=snap.today_offset)
            data = inject_noise(data, site.get("encoding", "utf-8"),
                                self.state.next_visit(rel, snap.number), now)
        headers["Content-Type"] = ctype
        if _not_modified(self.headers, etag, modified):
            return Answer(304, b"", headers, etag, modified)
        return Answer(200, data, headers, etag, modified)

    def _download(self, snap: Snapshot, table: dict[str, dict[str, str]], query: str) -> Answer:
        key = (parse_qs(query).get("filename") or [""])[0]
        entry = table.get(key)
        if entry is None:
            return _not_found()
        disposition = (
            f'attachment; filename="{entry["ascii_name"]}"; '
            f"filename*=UTF-8''{quote(entry['name'])}"
        )
        return self._static(snap, entry["file"], {"Content-Disposition": disposition},
                            entry["type"])

    def _dataproxy(self, site: str, proxy: dict[str, Any], query: str, body: bytes) -> Answer:
        params = {k: v[-1] for k, v in parse_qs(body.decode("utf-8", "replace")).items()}
        params.update({k: v[-1] for k, v in parse_qs(query).items()})
        try:
            start = int(params.get("startrecord", "1"))
            end = int(params.get("endrecord", str(start + 44)))
            perpage = int(params.get("perpage", "15"))
        except ValueError:
            return Answer(400, b"bad record window", {"Content-Type": "text/plain"})
        if start < 1 or end < start or perpage < 1:
            return Answer(400, b"bad record window", {"Content-Type": "text/plain"})
        records: list[str] = proxy["columns"].get(params.get("columnid", ""), [])
        total = len(records)
        window = records[start - 1 : end]
        xml = (
            f"<datastore><totalrecord>{total}</totalrecord>"
            f"<totalpage>{math.ceil(total / perpage)}</totalpage><recordset>"
            + "".join(f"<record><![CDATA[\n{r}\n]]></record>\n" for r in window)
            + "</recordset></datastore>"
        )
        return Answer(200, xml.encode("utf-8"), {"Content-Type": "text/xml;charset=UTF-8"})

    # --- output -------------------------------------------------------------------

    def _write(self, method: str, answer: Answer) -> None:
        self.send_response(answer.status)
        headers = dict(answer.headers or {})
        if answer.etag:
            headers["ETag"] = answer.etag
        if answer.modified:
            headers["Last-Modified"] = _http_date(answer.modified)
        if answer.status != 304:
            headers["Content-Length"] = str(len(answer.body))
        for name, value in headers.items():
            self.send_header(name, value)
        self.end_headers()
        if method != "HEAD" and answer.status != 304:
            self.wfile.write(answer.body)


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
        self._host, self._port = host, port
        self._httpd: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    # lifecycle

    def start(self) -> SamplePortals:
        """Bind (port 0 = a free port) and serve in a daemon thread."""
        if self._httpd is not None:
            return self
        handler = type("BoundHandler", (Handler,), {"state": self.state})
        self._httpd = ThreadingHTTPServer((self._host, self._port), handler)
        self._httpd.daemon_threads = True
        self._thread = threading.Thread(
            target=self._httpd.serve_forever, name="sample-portals", daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving and close the socket."""
        if self._httpd is None:
            return
        self._httpd.shutdown()
        self._httpd.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)
        self._httpd = self._thread = None

    def __enter__(self) -> SamplePortals:
        return self.start()

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.stop()

    # state

    @property
    def base_url(self) -> str:
        """``http://127.0.0.1:PORT`` (no trailing slash)."""
        if self._httpd is None:
            raise RuntimeError("server not started")
        host, port = self._httpd.server_address[:2]
        return f"http://{host}:{port}"

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


if __name__ == "__main__":
    main()
