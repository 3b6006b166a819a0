"""The request handler: static files, downloads, the jcms data proxy, Ruishu blocks.

Answers one request from the shared ``PortalState``: blocked URLs get 412 and the real
challenge page, ``dataproxy.jsp`` answers record windows to POSTs, ``downfile.jsp``
answers with ``Content-Disposition``, everything else is a static file with noise
injected, ``ETag`` / ``Last-Modified`` and 304s.
"""

from __future__ import annotations

import hashlib
import math
import posixpath
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler
from typing import Any
from urllib.parse import parse_qs, quote, urlsplit

from .answers import CONTENT_TYPES, Answer, etag_of, http_date, not_found, not_modified
from .noise import inject_noise
from .snapshot import Snapshot, rel_path
from .state import PortalState, RequestRecord


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
        rel = rel_path(path)
        if rel is None:
            return Answer(400, b"bad path", {"Content-Type": "text/plain"})
        return self._static(snap, rel)

    def _static(self, snap: Snapshot, rel: str, extra: dict[str, str] | None = None,
                content_type: str | None = None) -> Answer:
        file = snap.find(rel)
        if file is None:
            return not_found()
        data = file.read_bytes()
        info = snap.files.get(rel, {})
        modified = (
            datetime.fromisoformat(info["modified"]) if "modified" in info
            else datetime(2024, 1, 1, tzinfo=UTC)
        )
        etag = etag_of(data)
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
        if not_modified(self.headers, etag, modified):
            return Answer(304, b"", headers, etag, modified)
        return Answer(200, data, headers, etag, modified)

    def _download(self, snap: Snapshot, table: dict[str, dict[str, str]], query: str) -> Answer:
        key = (parse_qs(query).get("filename") or [""])[0]
        entry = table.get(key)
        if entry is None:
            return not_found()
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
            headers["Last-Modified"] = http_date(answer.modified)
        if answer.status != 304:
            headers["Content-Length"] = str(len(answer.body))
        for name, value in headers.items():
            self.send_header(name, value)
        self.end_headers()
        if method != "HEAD" and answer.status != 304:
            self.wfile.write(answer.body)
