"""Sessions, logins and CSRF tokens for ``nianbao serve --write``.

A session is a signed cookie (HMAC-SHA256 with a key made at start-up, or
``NIANBAO_SECRET``): ``{"user": name or None, "csrf": token}``. Every visitor gets a
CSRF token before the login form; every POST must carry it as the ``csrf`` form field,
compared in constant time. The cookie is HttpOnly and SameSite=Strict.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import secrets
from typing import Any

from starlette.datastructures import MutableHeaders
from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

COOKIE = "nianbao_session"


class Signer:
    def __init__(self, key: bytes) -> None:
        self.key = key

    def dumps(self, data: dict[str, Any]) -> str:
        body = base64.urlsafe_b64encode(json.dumps(data).encode()).decode()
        return f"{body}.{self._sign(body)}"

    def loads(self, text: str) -> dict[str, Any] | None:
        body, _, sig = text.rpartition(".")
        if not body or not hmac.compare_digest(sig, self._sign(body)):
            return None
        try:
            data = json.loads(base64.urlsafe_b64decode(body))
        except ValueError:
            return None
        return data if isinstance(data, dict) else None

    def _sign(self, body: str) -> str:
        return hmac.new(self.key, body.encode(), hashlib.sha256).hexdigest()


class AuthMiddleware:
    """Reads the session into ``scope["session"]``/``["user"]``/``["csrf"]`` and writes
    it back when a route changed it (or the visitor had none)."""

    def __init__(self, app: ASGIApp, web: Any) -> None:
        self.app = app
        secret = os.environ.get("NIANBAO_SECRET")
        self.signer = Signer(secret.encode() if secret else secrets.token_bytes(32))
        self.secure = False  # served on 127.0.0.1 by default; a proxy adds TLS

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request = Request(scope)
        raw = request.cookies.get(COOKIE)
        session = (self.signer.loads(raw) if raw else None) or {}
        fresh = "csrf" not in session
        if fresh:
            session = {"user": None, "csrf": secrets.token_urlsafe(24)}
        before = json.dumps(session, sort_keys=True)
        scope["session"] = session
        scope["user"] = session.get("user")
        scope["csrf"] = session["csrf"]

        async def send_with_cookie(message: Message) -> None:
            changed = fresh or json.dumps(scope["session"], sort_keys=True) != before
            if message["type"] == "http.response.start" and changed:
                headers = MutableHeaders(scope=message)
                cookie = (
                    f"{COOKIE}={self.signer.dumps(scope['session'])}; Path=/; HttpOnly; "
                    "SameSite=Strict" + ("; Secure" if self.secure else "")
                )
                headers.append("set-cookie", cookie)
            await send(message)

        await self.app(scope, receive, send_with_cookie)


def csrf_ok(request: Request, form: Any) -> bool:
    sent = form.get("csrf") or ""
    return bool(sent) and hmac.compare_digest(str(sent), request.scope.get("csrf") or "")
