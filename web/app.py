"""The Starlette application: the archive's engine, templates, security headers, routes.

``create_app`` is what ``nianbao serve`` runs under uvicorn and what the tests start.
Every page carries a Content-Security-Policy that allows only this server's own
scripts, styles and images; archived pages get a stricter one of their own
(``web/captures.py``).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, select_autoescape
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.routing import Mount
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from archive.blobstore import BlobStore
from archive.config import Settings
from archive.db import require_head, session_factory
from archive.figure_labels import label, rule_label
from archive.overdue import today_in_china
from archive.words import china_time, zh

from .state import StateCache

HERE = Path(__file__).resolve().parent
PAGE_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "frame-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
    "frame-ancestors 'self'"
)


class SecurityHeaders:
    """Adds the page CSP (unless a route set its own) and the usual hardening headers."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                names = {k.lower() for k, _ in headers}
                if b"content-security-policy" not in names:
                    headers.append((b"content-security-policy", PAGE_CSP.encode()))
                headers.append((b"x-content-type-options", b"nosniff"))
                headers.append((b"referrer-policy", b"no-referrer"))
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, with_headers)


class Web:
    """What every route needs: sessions, blobs, templates and the serve options."""

    def __init__(
        self, settings: Settings, engine: Engine, *, write: bool, as_of: date | None
    ) -> None:
        self.settings = settings
        self.engine = engine
        self.sessions: sessionmaker[Session] = session_factory(engine)
        self.blobs = BlobStore(settings.blob_dir)
        self.write = write
        self.fixed_as_of = as_of
        self.crawls: list[Any] = []  # crawls started from the dashboard (--write)
        self.state = StateCache()
        self.env = Environment(
            loader=FileSystemLoader(HERE / "templates"),
            autoescape=select_autoescape(["html", "svg"]),
            trim_blocks=True,
            lstrip_blocks=True,
        )
        self.env.filters.update(zh=zh, china_time=china_time, label=label, rule_label=rule_label)
        self.env.globals.update(write=write)

    @property
    def as_of(self) -> date:
        return self.fixed_as_of or today_in_china()

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A read-only unit of work: closed (its transaction rolled back) at the end; the
        objects it loaded stay readable for the template."""
        session = self.sessions()
        try:
            yield session
        finally:
            session.close()

    def render(
        self, request: Request, template: str, status_code: int = 200, **context: Any
    ) -> HTMLResponse:
        context.setdefault("user", request.scope.get("user"))
        context.setdefault("csrf", request.scope.get("csrf"))
        html = self.env.get_template(template).render(request=request, **context)
        return HTMLResponse(html, status_code=status_code)

    def not_found(self, request: Request, what: str) -> Response:
        return self.render(request, "error.html", 404, title="未找到", message=what)


def create_app(settings: Settings, *, write: bool = False, as_of: date | None = None) -> Starlette:
    """The dashboard over the archive at ``settings`` (must be at the migration head)."""
    from . import api, captures, charts, pages  # routes need ``Web`` defined first

    engine = require_head(settings.db_url)
    web = Web(settings, engine, write=write, as_of=as_of)
    routes = [
        *pages.routes(web),
        *captures.routes(web),
        *charts.routes(web),
        *api.routes(web),
        Mount("/static", StaticFiles(directory=HERE / "static"), name="static"),
    ]
    if write:
        from . import actions

        routes = [*actions.routes(web), *routes]
    middleware = [Middleware(SecurityHeaders)]
    if write:
        from .auth import AuthMiddleware

        middleware.append(Middleware(AuthMiddleware, web=web))
    app = Starlette(routes=routes, middleware=middleware)
    app.state.web = web
    return app
