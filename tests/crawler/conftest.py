"""Real crawls: the sample portals on 127.0.0.1, and ``nianbao`` run in a subprocess.

A Twisted reactor cannot restart inside one process, so every crawl is its own
``nianbao crawl`` process; the portals run in a thread of the test process.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from crawler.sample_portals.server import PACKAGE_DIR, SamplePortals

NIANBAO = shutil.which("nianbao", path=os.path.dirname(sys.executable)) or "nianbao"
# Loopback needs no politeness delays; everything else stays as shipped.
FAST = [
    "--set",
    "DOWNLOAD_DELAY=0",
    "--set",
    "AUTOTHROTTLE_START_DELAY=0",
    "--set",
    "NIANBAO_RETRY_BACKOFF=0.05",
]


@dataclass
class Archive:
    """A data folder and the CLI bound to it."""

    data: Path
    portals: SamplePortals

    @property
    def env(self) -> dict[str, str]:
        env = {**os.environ, "NIANBAO_DATA": str(self.data)}
        env.pop("NIANBAO_DB", None)
        return env

    def run(self, *args: str, timeout: float = 240) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [NIANBAO, *args], env=self.env, capture_output=True, text=True, timeout=timeout
        )

    def popen(self, *args: str) -> subprocess.Popen[str]:
        return subprocess.Popen(
            [NIANBAO, *args],
            env=self.env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )

    def crawl(self, *args: str) -> subprocess.CompletedProcess[str]:
        return self.run("crawl", *FAST, *args)

    def query(self, sql: str, *params: Any) -> list[tuple[Any, ...]]:
        with sqlite3.connect(self.data / "archive.sqlite") as db:
            return db.execute(sql, params).fetchall()

    def blob_files(self) -> set[Path]:
        return {p for p in (self.data / "blobs").rglob("*.zst")}


@pytest.fixture(scope="session")
def truth() -> dict[str, Any]:
    return json.loads((PACKAGE_DIR / "truth.json").read_text("utf-8"))


@pytest.fixture
def portals() -> Iterator[SamplePortals]:
    with SamplePortals() as server:
        yield server


@pytest.fixture
def archive(tmp_path: Path, portals: SamplePortals) -> Archive:
    """An initialised archive with the sample portals' registry imported."""
    arch = Archive(tmp_path / "data", portals)
    assert arch.run("init").returncode == 0
    registry = (PACKAGE_DIR / "registry.yaml").read_text("utf-8")
    path = tmp_path / "sources.yaml"
    path.write_text(registry.replace("{base}", portals.base_url), "utf-8")
    result = arch.run("sources", "import", str(path))
    assert result.returncode == 0, result.stderr
    return arch
