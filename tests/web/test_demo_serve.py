"""``nianbao demo`` ends with the command that serves its archive, and that command works."""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest

from tests.crawler.conftest import NIANBAO

from .conftest import free_port

pytestmark = pytest.mark.slow


def test_the_demo_prints_a_serve_command_that_serves_its_archive(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("NIANBAO_")}
    env["COLUMNS"] = "200"
    demo = subprocess.run(
        [NIANBAO, "demo", "--data", "d"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert demo.returncode == 0, demo.stdout + demo.stderr
    line = next(x for x in demo.stdout.splitlines() if "nianbao serve" in x)
    words = shlex.split(line.strip())
    assignment, command = words[0], words[1:]
    assert assignment == f"NIANBAO_DATA={(tmp_path / 'd').resolve()}"
    assert command[:2] == ["nianbao", "serve"]
    port = free_port()
    server = subprocess.Popen(
        [NIANBAO, *command[1:], "--port", str(port)],
        env={**env, "NIANBAO_DATA": assignment.split("=", 1)[1]},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        html = ""
        for _ in range(100):
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2) as r:
                    html = r.read().decode("utf-8")
                break
            except OSError:
                assert server.poll() is None, server.stderr.read() if server.stderr else ""
                time.sleep(0.2)
        assert "民权县人民政府" in html
        assert re.search(r"共 15 个机关", html)
        assert "未发布" in html and "按时" in html
    finally:
        server.terminate()
        server.wait(timeout=10)
