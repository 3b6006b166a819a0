"""Write actions under ``serve --write``: logins with hashed passwords, CSRF tokens,
reviewing a finding, starting a crawl; none of it exists without ``--write``."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from sqlalchemy.orm import Session, sessionmaker
from starlette.testclient import TestClient

from archive.config import Settings
from archive.models import Finding, Severity, User
from archive.passwords import verify_password
from tests.archive import builders as b
from web.app import create_app

PASSWORD = "长城-great-wall-1"


@pytest.fixture
def finding_id(sessions: sessionmaker[Session], nianbao) -> int:  # type: ignore[no-untyped-def]
    with sessions.begin() as s:
        b.registry(s)
        f = Finding(kind="check_failed", severity=Severity.WARNING, message="x 2023: balance")
        s.add(f)
        s.flush()
        fid = f.id
    result = nianbao("users", "add", "审核员", "--password-stdin", input=PASSWORD + "\n")
    assert result.exit_code == 0, result.output
    return fid


def _csrf(html: str) -> str:
    m = re.search(r'name="csrf" value="([^"]+)"', html)
    assert m, "the page carries a CSRF token"
    return m.group(1)


def _login(client: TestClient, password: str = PASSWORD) -> int:
    token = _csrf(client.get("/login").text)
    r = client.post(
        "/login",
        data={"name": "审核员", "password": password, "csrf": token},
        follow_redirects=False,
    )
    return r.status_code


def test_users_add_stores_a_hash_never_the_password(sessions, finding_id, nianbao) -> None:  # type: ignore[no-untyped-def]
    with sessions() as s:
        user = s.query(User).one()
        assert PASSWORD not in user.password_hash and user.password_hash.startswith("scrypt$")
        assert verify_password(PASSWORD, user.password_hash)
    short = nianbao("users", "add", "x", "--password-stdin", input="short\n")
    assert short.exit_code == 65 and "at least 8" in short.output
    listed = nianbao("users", "list", "--json")
    assert '"name": "审核员"' in listed.stdout and "scrypt" not in listed.stdout


def test_read_only_by_default(settings: Settings, finding_id: int) -> None:
    client = TestClient(create_app(settings))
    assert client.get("/login").status_code == 404
    assert client.post(
        f"/findings/{finding_id}/review", data={"state": "confirmed"}
    ).status_code in (404, 405)
    assert client.post("/crawl", data={"region": "411421"}).status_code in (404, 405)


def test_login_review_and_csrf(settings: Settings, sessions, finding_id: int) -> None:  # type: ignore[no-untyped-def]
    client = TestClient(create_app(settings, write=True))
    # not logged in: refused
    token = _csrf(client.get("/login").text)
    r = client.post(f"/findings/{finding_id}/review", data={"state": "confirmed", "csrf": token})
    assert r.status_code == 403
    assert _login(client, "wrong password!") == 401
    # a login form without the session's token is refused
    r = client.post("/login", data={"name": "审核员", "password": PASSWORD, "csrf": "forged"})
    assert r.status_code == 403
    assert _login(client) == 303
    page = client.get("/findings").text
    assert "审核员" in page and "确认" in page
    token = _csrf(page)
    # logged in, but a forged token: refused, nothing written
    r = client.post(f"/findings/{finding_id}/review", data={"state": "confirmed", "csrf": "x"})
    assert r.status_code == 403
    with sessions() as s:
        assert "review" not in s.get(Finding, finding_id).detail
    r = client.post(
        f"/findings/{finding_id}/review",
        data={"state": "dismissed", "csrf": token},
        follow_redirects=False,
    )
    assert r.status_code == 303
    with sessions() as s:
        review = s.get(Finding, finding_id).detail["review"]
        assert review["state"] == "dismissed" and review["by"] == "审核员"
    # a cookie from another server (another key) is no session
    other = TestClient(create_app(settings, write=True))
    other.cookies = client.cookies
    assert "审核员" not in other.get("/findings").text


def test_start_a_crawl_of_a_region(settings: Settings, finding_id: int) -> None:
    client = TestClient(create_app(settings, write=True))
    assert _login(client) == 303
    token = _csrf(client.get("/?region=411421").text)
    assert client.post("/crawl", data={"region": "999999", "csrf": token}).status_code == 400
    r = client.post("/crawl", data={"region": "411421", "csrf": token})
    assert r.status_code == 202
    log = re.search(r'class="url">([^<]+)</span>', r.text).group(1)
    app = client.app.state.web  # type: ignore[attr-defined]
    process = app.crawls[-1]
    # the region has no sources: the real crawl command ran, on this archive, and said so
    assert process.wait(timeout=120) == 65
    text = Path(log).read_text(encoding="utf-8")
    assert "no registered sources for region 411421" in text
