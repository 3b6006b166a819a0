"""Manners and failures in real crawls: robots.txt, retries, size limits, dead hosts."""

from __future__ import annotations

import json
import socket
from collections import Counter
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler
from pathlib import Path

import pytest

from crawler.sample_portals.loopback import LoopbackServer
from tests.crawler.conftest import Archive

pytestmark = pytest.mark.slow

ARTICLE = (
    "<html><head><meta charset='utf-8'></head><body><h1>某镇2023年政府信息公开工作年度报告</h1>"
    "<p>一、总体情况</p></body></html>"
)


class Flaky:
    """A tiny portal: /col/ lists one report page; robots.txt and failures on demand."""

    def __init__(self, robots: str = "User-agent: *\nAllow: /\n", fail_first: int = 0) -> None:
        self.hits: Counter[str] = Counter()
        flaky = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: object) -> None:
                pass

            def do_GET(self) -> None:
                flaky.hits[self.path] += 1
                if self.path == "/robots.txt":
                    body, status = robots.encode(), 200
                elif self.path == "/col/index.html":
                    body = (
                        "<a href='/col/t1.html' title='某镇2023年政府信息公开工作年度报告'>年报</a>"
                        "<a href='/col/big.pdf' title='某镇2022年政府信息公开工作年度报告.pdf'>pdf</a>"
                    )
                    body, status = body.encode(), 200
                elif self.path == "/col/t1.html":
                    failing = flaky.hits[self.path] <= fail_first
                    body, status = (b"busy", 503) if failing else (ARTICLE.encode(), 200)
                elif self.path == "/col/big.pdf":
                    body, status = b"%PDF-1.4\n" + b"0" * 200_000, 200
                else:
                    body, status = b"", 404
                self.send_response(status)
                self.send_header(
                    "Content-Type",
                    "application/pdf" if self.path.endswith(".pdf") else "text/html; charset=utf-8",
                )
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

        self.server = LoopbackServer(Handler).start()

    @property
    def base(self) -> str:
        return self.server.base_url

    def close(self) -> None:
        self.server.stop()


def _register(archive: Archive, tmp_path: Path, url: str, settings: str = "{}") -> None:
    path = tmp_path / "extra.yaml"
    path.write_text(
        f"regions:\n  - {{code: '999901', name: 测试县}}\n"
        f"sources:\n  - {{url: '{url}', region: '999901', family: generic, settings: {settings}}}\n",
        "utf-8",
    )
    result = archive.run("sources", "import", str(path))
    assert result.returncode == 0, result.stderr


@pytest.fixture
def flaky_factory() -> Iterator[type[Flaky]]:
    made: list[Flaky] = []

    def make(**kwargs: object) -> Flaky:
        server = Flaky(**kwargs)  # type: ignore[arg-type]
        made.append(server)
        return server

    yield make  # type: ignore[misc]
    for server in made:
        server.close()


def _outcomes(archive: Archive, base: str) -> dict[str, tuple[str, int | None]]:
    rows = archive.query(
        "SELECT requested_url, outcome, status FROM captures WHERE requested_url LIKE ?", base + "%"
    )
    return {url.removeprefix(base): (outcome, status) for url, outcome, status in rows}


def test_5xx_is_retried_with_backoff_then_captured(archive, tmp_path, flaky_factory) -> None:
    site = flaky_factory(fail_first=2)
    _register(archive, tmp_path, site.base + "/col/index.html")
    result = archive.crawl("--source", site.base + "/col/index.html", "--json")
    assert result.returncode == 0, result.stdout + result.stderr
    assert site.hits["/col/t1.html"] == 3
    assert _outcomes(archive, site.base)["/col/t1.html"] == ("ok", 200)


def test_robots_txt_is_obeyed_unless_the_source_overrides_it(
    archive, tmp_path, flaky_factory
) -> None:
    site = flaky_factory(robots="User-agent: *\nDisallow: /col/\n")
    _register(archive, tmp_path, site.base + "/col/index.html")
    archive.crawl("--source", site.base + "/col/index.html")
    assert site.hits["/col/index.html"] == 0

    _register(archive, tmp_path, site.base + "/col/index.html", "{obey_robots: false}")
    result = archive.run(
        "-v", "crawl", "--source", site.base + "/col/index.html", "--set", "DOWNLOAD_DELAY=0"
    )
    assert site.hits["/col/index.html"] == 1 and site.hits["/col/t1.html"] == 1
    assert "robots.txt not obeyed" in result.stderr


def test_a_response_over_the_size_limit_is_recorded_too_large(
    archive, tmp_path, flaky_factory
) -> None:
    site = flaky_factory()
    _register(archive, tmp_path, site.base + "/col/index.html")
    result = archive.crawl(
        "--source", site.base + "/col/index.html", "--set", "DOWNLOAD_MAXSIZE=50000"
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert _outcomes(archive, site.base)["/col/big.pdf"][0] == "too_large"


def test_a_dead_host_is_unreachable_and_a_broken_source_not_a_quiet_run(archive, tmp_path) -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]  # closed again when the block ends: nothing listens
    url = f"http://127.0.0.1:{port}/col/index.html"
    _register(archive, tmp_path, url)
    result = archive.crawl("--source", url, "--json", "--set", "RETRY_TIMES=1")
    assert result.returncode == 3, result.stdout + result.stderr
    summary = json.loads(result.stdout)
    assert summary["broken_sources"] == [url]
    assert [f["outcome"] for f in summary["failed_fetches"]] == ["unreachable"]
    (health,) = [s["health"] for s in summary["sources"]]
    assert health == "unreachable"
    # unreachable is never "published nothing": the grid says unknown
    assert archive.query("SELECT kind FROM findings WHERE kind = 'source_broken'") == [
        ("source_broken",)
    ]
