"""Write actions, present only under ``nianbao serve --write``: log in and out, confirm
or dismiss a finding, start a crawl of a region. Each needs a logged-in user and the
session's CSRF token."""

from __future__ import annotations

import os
import secrets
import shutil
import subprocess
import sys
from datetime import UTC, datetime

from sqlalchemy import select
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from archive.models import Finding, Region, User
from archive.passwords import verify_password

from .app import Web
from .auth import csrf_ok

REVIEW_STATES = ("confirmed", "dismissed")


def nianbao_executable() -> list[str]:
    """The ``nianbao`` console script beside this Python (or the module as a fallback)."""
    found = shutil.which("nianbao", path=os.path.dirname(sys.executable))
    return [found] if found else [sys.executable, "-m", "crawler.cli"]


def routes(web: Web) -> list[Route]:
    def forbidden(request: Request, why: str) -> Response:
        return web.render(request, "error.html", 403, title="不允许", message=why)

    def login_form(request: Request) -> Response:
        return web.render(request, "login.html", title="登录", failed=False)

    async def login(request: Request) -> Response:
        form = await request.form()
        if not csrf_ok(request, form):
            return forbidden(request, "表单已过期，请刷新后重试")
        name, password = str(form.get("name") or ""), str(form.get("password") or "")
        with web.sessions.begin() as session:
            user = session.scalar(select(User).where(User.name == name))
            ok = user is not None and verify_password(password, user.password_hash)
            if ok and user is not None:
                user.last_login_at = datetime.now(UTC)
        if not ok:
            return web.render(request, "login.html", 401, title="登录", failed=True)
        request.scope["session"]["user"] = name
        request.scope["session"]["csrf"] = secrets.token_urlsafe(24)  # a new token per login
        return RedirectResponse("/", 303)

    async def logout(request: Request) -> Response:
        form = await request.form()
        if not csrf_ok(request, form):
            return forbidden(request, "表单已过期，请刷新后重试")
        request.scope["session"]["user"] = None
        return RedirectResponse("/", 303)

    async def review(request: Request) -> Response:
        form = await request.form()
        if not request.scope.get("user"):
            return forbidden(request, "请先登录")
        if not csrf_ok(request, form):
            return forbidden(request, "表单已过期，请刷新后重试")
        state = str(form.get("state") or "")
        if state not in REVIEW_STATES:
            return web.render(request, "error.html", 400, title="无效操作", message=state)
        with web.sessions.begin() as session:
            finding = session.get(Finding, int(request.path_params["finding_id"]))
            if finding is None:
                return web.not_found(request, "没有这条发现")
            finding.detail = {
                **(finding.detail or {}),
                "review": {
                    "state": state,
                    "by": request.scope["user"],
                    "at": datetime.now(UTC).isoformat(),
                },
            }
        return RedirectResponse(request.headers.get("referer") or "/findings", 303)

    async def crawl(request: Request) -> Response:
        form = await request.form()
        if not request.scope.get("user"):
            return forbidden(request, "请先登录")
        if not csrf_ok(request, form):
            return forbidden(request, "表单已过期，请刷新后重试")
        region = str(form.get("region") or "")
        with web.session() as session:
            known = session.get(Region, region) is not None
        if not known:
            return web.render(request, "error.html", 400, title="无效地区", message=region)
        logs = web.settings.data_dir / "logs"
        logs.mkdir(parents=True, exist_ok=True)
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
        log = logs / f"crawl-{region}-{stamp}.log"
        env = {
            **os.environ,
            "NIANBAO_DB": web.settings.db_url,
            "NIANBAO_DATA": str(web.settings.data_dir),
        }
        with log.open("w", encoding="utf-8") as fh:
            process = subprocess.Popen(
                [*nianbao_executable(), "crawl", "--region", region],
                env=env,
                stdout=fh,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                start_new_session=True,
            )
        # keep a handle so finished crawls are reaped (no zombies) on the next request
        web.crawls = [p for p in web.crawls if p.poll() is None] + [process]
        return web.render(
            request,
            "crawl_started.html",
            202,
            title="抓取已开始",
            region=region,
            pid=process.pid,
            log=str(log),
        )

    return [
        Route("/login", login_form, methods=["GET"]),
        Route("/login", login, methods=["POST"]),
        Route("/logout", logout, methods=["POST"]),
        Route("/findings/{finding_id:int}/review", review, methods=["POST"]),
        Route("/crawl", crawl, methods=["POST"]),
    ]
