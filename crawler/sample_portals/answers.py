"""HTTP answers before they are written: ``Answer``, content types, conditional GETs.

``ETag`` is a hash of the file bytes (before noise is injected); ``not_modified``
decides a 304 from ``If-None-Match`` / ``If-Modified-Since``; ``not_found`` is the
portals' 404 page.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import format_datetime, parsedate_to_datetime
from typing import Any

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


@dataclass
class Answer:
    """A response before it is written."""

    status: int
    body: bytes = b""
    headers: dict[str, str] | None = None
    etag: str | None = None
    modified: datetime | None = None


def http_date(dt: datetime) -> str:
    return format_datetime(dt.astimezone(UTC), usegmt=True)


def etag_of(data: bytes) -> str:
    return '"' + hashlib.sha1(data).hexdigest()[:20] + '"'


def not_modified(headers: Any, etag: str, modified: datetime) -> bool:
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


def not_found() -> Answer:
    body = (
        "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>404</title></head>"
        "<body><h1>404 Not Found</h1><p>您访问的页面不存在或已被删除。</p></body></html>"
    ).encode()
    return Answer(404, body, {"Content-Type": "text/html; charset=utf-8"})
