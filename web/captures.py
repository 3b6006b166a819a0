"""Archived captures as proof: the bytes as fetched, shown under a sandbox.

- ``/capture/{id}``: the wrapper page: URL, time, status, headers, sha256, and the page
  in a frame;
- ``/archived/{id}``: the page itself, its links rewritten into the archive, under a
  Content-Security-Policy that runs no script and lets nothing be requested from outside
  (``sandbox``, ``default-src 'none'``): a page that carried a script shows, inert;
- ``/raw/{id}``: the bytes exactly as fetched, as a download;
- ``/go?url=``: the newest archived capture of a URL (where rewritten links lead).
"""

from __future__ import annotations

import re
from urllib.parse import quote, urljoin

import lxml.html
from bs4.dammit import UnicodeDammit
from sqlalchemy import or_, select
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response
from starlette.routing import Route

from archive.blobstore import BlobError
from archive.models import Capture
from archive.revisits import with_inherited

from .app import Web

ARCHIVED_CSP = (
    "sandbox; default-src 'none'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
    "base-uri 'none'; form-action 'none'; frame-ancestors 'self'"
)
RAW_CSP = "sandbox; default-src 'none'"
_CHARSET = re.compile(r"charset\s*=\s*[\"']?([\w.:-]+)", re.I)
_EXT = {"text/html": "html", "application/pdf": "pdf", "text/xml": "xml", "text/plain": "txt"}
_EXT_DOC = {
    "application/msword": "doc",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "docx",
}


def is_html(content_type: str | None) -> bool:
    kind = (content_type or "").split(";")[0].strip().lower()
    return kind in ("text/html", "application/xhtml+xml")


def rewrite_html(data: bytes, base_url: str, content_type: str | None) -> str:
    """The page with every link pointing into the archive (``/go?url=``), base and
    refresh tags removed so nothing leads out; scripts stay, inert under the CSP."""
    hints = [m.group(1)] if (m := _CHARSET.search(content_type or "")) else []
    text = UnicodeDammit(data, known_definite_encodings=hints, is_html=True).unicode_markup
    if not text or not text.strip():
        return ""
    doc = lxml.html.document_fromstring(text)
    for element in doc.xpath("//base | //meta[@http-equiv]"):
        if (element.get("http-equiv") or "").lower() in ("refresh", "content-type") or (
            element.tag == "base"
        ):
            element.drop_tree()

    def into_archive(link: str) -> str:
        if link.startswith("#"):
            return link
        absolute = urljoin(base_url, link.strip())
        if absolute.startswith(("http://", "https://")):
            return "/go?url=" + quote(absolute, safe="")
        return link if link.startswith(("#", "data:")) else "#"

    doc.rewrite_links(into_archive, resolve_base_href=False)
    return lxml.html.tostring(doc, encoding="unicode", doctype="<!DOCTYPE html>")


def filename(capture: Capture) -> str:
    kind = (capture.content_type or "").split(";")[0].strip().lower()
    ext = _EXT.get(kind) or _EXT_DOC.get(kind) or "bin"
    return f"capture-{capture.id}.{ext}"


def routes(web: Web) -> list[Route]:
    def load(request: Request) -> Capture | None:
        with web.session() as session:
            capture = session.get(Capture, int(request.path_params["capture_id"]))
            return with_inherited(session, capture) if capture is not None else None

    def wrapper(request: Request) -> Response:
        capture = load(request)
        if capture is None:
            return web.not_found(request, "没有这次抓取")
        return web.render(
            request,
            "capture.html",
            title=f"存档 #{capture.id}",
            c=capture,
            html=is_html(capture.content_type),
            stored=capture.blob_sha256 is not None and web.blobs.exists(capture.blob_sha256),
        )

    def archived(request: Request) -> Response:
        capture = load(request)
        if capture is None or capture.blob_sha256 is None:
            return HTMLResponse(
                "<p>未存档</p>", 404, headers={"content-security-policy": ARCHIVED_CSP}
            )
        try:
            data = web.blobs.get(capture.blob_sha256)
        except BlobError as exc:
            return HTMLResponse(
                f"<p>{type(exc).__name__}</p>", 500, headers={"content-security-policy": RAW_CSP}
            )
        headers = {"content-security-policy": ARCHIVED_CSP, "cache-control": "no-store"}
        if is_html(capture.content_type):
            html = rewrite_html(data, capture.final_url, capture.content_type)
            return HTMLResponse(html, headers=headers)
        # anything else: the bytes under the sandbox, never sniffed into something active
        return Response(data, media_type=_safe_type(capture.content_type), headers=headers)

    def raw(request: Request) -> Response:
        capture = load(request)
        if capture is None or capture.blob_sha256 is None:
            return web.not_found(request, "这次抓取没有存下内容")
        try:
            data = web.blobs.get(capture.blob_sha256)
        except BlobError as exc:
            return web.render(request, "error.html", 500, title="存档损坏", message=str(exc))
        return Response(
            data,
            media_type="application/octet-stream",
            headers={
                "content-security-policy": RAW_CSP,
                "content-disposition": f'attachment; filename="{filename(capture)}"',
                "x-nianbao-sha256": capture.blob_sha256,
            },
        )

    def go(request: Request) -> Response:
        url = request.query_params.get("url", "")
        with web.session() as session:
            found = session.scalar(
                select(Capture.id)
                .where(
                    or_(Capture.final_url == url, Capture.requested_url == url),
                    Capture.blob_sha256.is_not(None),
                )
                .order_by(Capture.fetched_at.desc(), Capture.id.desc())
                .limit(1)
            )
        if found is None:
            page = web.env.get_template("not_archived.html").render(url=url)
            return HTMLResponse(page, 404, headers={"content-security-policy": ARCHIVED_CSP})
        return RedirectResponse(f"/archived/{found}", 303)

    return [
        Route("/capture/{capture_id:int}", wrapper, name="capture"),
        Route("/archived/{capture_id:int}", archived, name="archived"),
        Route("/raw/{capture_id:int}", raw, name="raw"),
        Route("/go", go, name="go"),
    ]


def _safe_type(content_type: str | None) -> str:
    kind = (content_type or "").split(";")[0].strip().lower()
    if kind.startswith("image/") and kind != "image/svg+xml":
        return kind
    if kind in ("text/plain", "application/pdf"):
        return kind
    return "text/plain; charset=utf-8"
