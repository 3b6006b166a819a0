"""A served archive for the dashboard's tests: two real crawls of the bundled sample
portals (snapshot 1, then snapshot 2 with its revisions, moves and withdrawals), once per
session, plus one hostile archived page, served by ``nianbao serve`` in a subprocess on
127.0.0.1."""

from __future__ import annotations

import os
import socket
import subprocess
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler
from pathlib import Path

import pytest

from archive.blobstore import BlobStore
from archive.config import load_settings
from archive.db import make_engine, session_factory
from archive.models import Blob, Capture, FetchOutcome
from crawler.sample_portals.loopback import LoopbackServer
from crawler.sample_portals.server import PACKAGE_DIR, SamplePortals
from tests.crawler.conftest import NIANBAO, Archive

AS_OF = "2025-06-30"  # the demo's own date: every 2019-2024 deadline has passed


class Listener:
    """A loopback HTTP server that records every request it gets (it must get none)."""

    def __init__(self) -> None:
        self.hits: list[str] = []
        hits = self.hits

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                hits.append(self.path)
                self.send_response(204)
                self.end_headers()

            def log_message(self, *args: object) -> None:
                pass

        self.server = LoopbackServer(Handler, name="listener")

    @property
    def port(self) -> int:
        return self.server.port

    def __enter__(self) -> Listener:
        self.server.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.stop()


@dataclass
class Served:
    data: Path
    base: str
    hostile_capture: int
    listener: Listener
    shots: Path
    extra: dict[str, object] = field(default_factory=dict)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def hostile_page(port: int) -> bytes:
    """A page whose script, onerror handler, meta refresh and stylesheet would all reach
    the listener (and retitle the page) if anything ran or loaded."""
    out = f"http://127.0.0.1:{port}"
    return f"""<!DOCTYPE html><html><head><meta charset="utf-8">
<title>恶意页面</title>
<meta http-equiv="refresh" content="5;url={out}/refresh">
<link rel="stylesheet" href="{out}/style.css">
<script>document.title = "pwned"; fetch("{out}/script");</script>
<script src="{out}/external.js"></script>
</head><body>
<h1>某县人民政府2023年政府信息公开工作年度报告</h1>
<img src="{out}/img.png" onerror="document.title='pwned'; new Image().src='{out}/onerror'">
<img src="data:," onerror="document.title='pwned'; fetch('{out}/onerror2')">
<svg onload="fetch('{out}/svg')"></svg>
<iframe src="{out}/frame"></iframe>
<a id="out" href="{out}/link">原文链接</a>
</body></html>""".encode()


def add_capture(data: Path, body: bytes, url: str, content_type: str) -> int:
    """An archived capture as the crawler would write it: a blob and its capture row."""
    settings = load_settings(f"sqlite:///{data / 'archive.sqlite'}", data)
    stored = BlobStore(settings.blob_dir).put(body)
    engine = make_engine(settings.db_url)
    try:
        with session_factory(engine).begin() as session:
            if session.get(Blob, stored.sha256) is None:
                session.add(
                    Blob(sha256=stored.sha256, size=stored.size, stored_size=stored.stored_size)
                )
            capture = Capture(
                requested_url=url,
                final_url=url,
                status=200,
                outcome=FetchOutcome.OK,
                headers={"Content-Type": [content_type]},
                content_type=content_type,
                blob_sha256=stored.sha256,
                role="article",
            )
            session.add(capture)
            session.flush()
            return capture.id
    finally:
        engine.dispose()


@pytest.fixture(scope="session")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    root = tmp_path_factory.mktemp("web")
    env = {k: v for k, v in os.environ.items() if not k.startswith("NIANBAO_")}
    with SamplePortals() as portals:
        arch = Archive(root / "data", portals)
        assert arch.run("init").returncode == 0
        registry = (PACKAGE_DIR / "registry.yaml").read_text("utf-8")
        (root / "sources.yaml").write_text(registry.replace("{base}", portals.base_url), "utf-8")
        assert arch.run("sources", "import", str(root / "sources.yaml")).returncode == 0
        for snapshot in (1, 2):
            portals.set_snapshot(snapshot)
            result = arch.crawl()
            assert result.returncode in (0, 3), result.stderr
        alerts = arch.run("alerts", "check")  # today: so the alerts page has some
        assert alerts.returncode == 0, alerts.stderr
    with Listener() as listener:
        capture_id = add_capture(
            root / "data",
            hostile_page(listener.port),
            "http://127.0.0.1:9/hostile/report.html",
            "text/html; charset=utf-8",
        )
        port = free_port()
        server = subprocess.Popen(
            [NIANBAO, "serve", "--port", str(port), "--as-of", AS_OF],
            env={**env, "NIANBAO_DATA": str(root / "data")},
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        base = f"http://127.0.0.1:{port}"
        try:
            for _ in range(100):  # up to 20 s
                try:
                    with urllib.request.urlopen(base + "/api/runs", timeout=2):
                        break
                except OSError:
                    if server.poll() is not None:
                        raise AssertionError(
                            server.stderr.read() if server.stderr else ""
                        ) from None
                    time.sleep(0.2)
            else:
                raise AssertionError("nianbao serve did not answer in 20 s")
            shots = root / "screenshots"
            shots.mkdir()
            yield Served(root / "data", base, capture_id, listener, shots)
        finally:
            server.terminate()
            server.wait(timeout=10)
