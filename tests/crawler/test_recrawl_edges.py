"""Re-crawls at the edges: a column that redirects, and reports the crawler cannot see.

A small portal on 127.0.0.1 serves real report pages from the fixture corpus; between
two crawls it changes, and the archive must tell "gone" from "could not see".
"""

from __future__ import annotations

import hashlib
import json
from http.server import BaseHTTPRequestHandler
from pathlib import Path

import pytest

from crawler.sample_portals.loopback import LoopbackServer
from tests.crawler.conftest import Archive

pytestmark = pytest.mark.slow

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "reports"
DOCS = {
    "/new/a1.html": ("plain_2024_bureau.html", "白马县水利局2024年政府信息公开工作年度报告"),
    "/new/a2.html": ("plain_2023_slash_cell.html", "高庙乡人民政府2023年政府信息公开工作年度报告"),
    "/new/a3.html": ("jcms_2021_township.html", "城关街道办事处2021年政府信息公开工作年度报告"),
    "/new/a4.html": (
        "jcms_2022_dept_fullwidth.html",
        "凤山县人力资源和社会保障局2022年政府信息公开工作年度报告",
    ),
}


class Portal:
    """``/old/index.html`` redirects to ``/new/index.html``, which lists ``listed``."""

    def __init__(self) -> None:
        self.listed = set(DOCS)
        self.blocked: set[str] = set()
        self.gone: set[str] = set()
        portal = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: object) -> None:
                pass

            def do_GET(self) -> None:
                status, body, headers = portal.answer(self.path, self.headers.get("If-None-Match"))
                self.send_response(status)
                for key, value in headers.items():
                    self.send_header(key, value)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

        self.server = LoopbackServer(Handler).start()

    @property
    def base(self) -> str:
        return self.server.base_url

    def answer(self, path: str, if_none_match: str | None) -> tuple[int, bytes, dict[str, str]]:
        if path == "/robots.txt":
            return 200, b"User-agent: *\nAllow: /\n", {}
        if path == "/old/index.html":
            return 301, b"", {"Location": "/new/index.html"}
        if path in self.blocked:
            return (
                412,
                (
                    Path("/work/shared/real/ruishu-challenge.html").read_bytes()
                    if Path("/work/shared/real/ruishu-challenge.html").exists()
                    else b"<html><meta r='m'></html>"
                ),
                {},
            )
        if path == "/new/index.html":
            links = "".join(
                f"<li><a href='{p}' title='{DOCS[p][1]}'>{DOCS[p][1]}</a></li>"
                for p in sorted(self.listed)
            )
            body = f"<html><meta charset='utf-8'><ul>{links}</ul></html>".encode()
        elif path in DOCS and path not in self.gone:
            body = (FIXTURES / DOCS[path][0]).read_bytes()
        else:
            return 404, b"not found", {}
        etag = '"' + hashlib.sha1(body).hexdigest() + '"'
        if if_none_match == etag:
            return 304, b"", {"ETag": etag}
        return 200, body, {"ETag": etag, "Content-Type": "text/html"}

    def close(self) -> None:
        self.server.stop()


@pytest.fixture
def portal():
    server = Portal()
    yield server
    server.close()


def _setup(archive: Archive, tmp_path: Path, portal: Portal) -> str:
    url = portal.base + "/old/index.html"
    registry = tmp_path / "edge.yaml"
    registry.write_text(
        "regions:\n  - {code: '999902', name: 边缘县}\n"
        f"sources:\n  - {{url: '{url}', region: '999902', family: generic}}\n",
        "utf-8",
    )
    assert archive.run("sources", "import", str(registry)).returncode == 0
    return url


def _crawl(archive: Archive, url: str) -> dict:
    result = archive.crawl("--source", url, "--json")
    assert result.returncode == 0, result.stdout + result.stderr
    return json.loads(result.stdout)


def test_a_redirected_column_recrawls_conditionally(archive: Archive, tmp_path, portal) -> None:
    url = _setup(archive, tmp_path, portal)
    first = _crawl(archive, url)
    assert first["reports_new"] == len(DOCS)
    second = _crawl(archive, url)
    assert second["sources"][0]["health"] == "ok"
    assert second["sources"][0]["not_modified"] >= len(DOCS)
    assert second["versions_new"] == 0 and second["failed_fetches"] == []


def test_blocked_is_not_withdrawn_but_gone_is(archive: Archive, tmp_path, portal) -> None:
    url = _setup(archive, tmp_path, portal)
    _crawl(archive, url)
    portal.blocked.add("/new/a1.html")  # still listed, but the crawler cannot see it
    portal.listed.discard("/new/a2.html")  # taken down
    portal.gone.add("/new/a2.html")
    _crawl(archive, url)
    status = {
        (r["body"], r["year"]): r["status"]
        for r in json.loads(archive.run("reports", "--json").stdout)
    }
    assert status[("白马县水利局", 2024)] == "active"
    assert status[("高庙乡人民政府", 2023)] == "withdrawn"
    assert status[("城关街道办事处", 2021)] == "active"


def test_nothing_is_withdrawn_when_a_list_page_fails(archive: Archive, tmp_path, portal) -> None:
    url = _setup(archive, tmp_path, portal)
    _crawl(archive, url)
    portal.listed = {"/new/a1.html"}
    portal.blocked.add("/new/index.html")
    result = archive.crawl("--source", url, "--json")
    assert result.returncode == 3  # the column is blocked: a broken source, loudly
    statuses = {r["status"] for r in json.loads(archive.run("reports", "--json").stdout)}
    assert statuses == {"active"}
