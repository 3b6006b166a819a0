"""``nianbao demo`` end to end, as the README's first command runs it."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

from tests.crawler.conftest import NIANBAO

pytestmark = pytest.mark.slow


def _demo(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("NIANBAO_")}
    env["COLUMNS"] = "200"
    return subprocess.run(
        [NIANBAO, "demo", *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=300
    )


def test_demo_prints_the_grid_the_checks_and_who_is_overdue(tmp_path: Path, truth) -> None:
    result = _demo("--data", "d", cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    out = result.stdout
    for heading in (
        "sources",
        "failed fetches",
        "bodies × years",
        "failed checks",
        "overdue as of",
    ):
        assert heading in out
    found = sum(1 for r in truth["reports"] if r["status"] == "found" and r["registered"])
    assert f"found: {found}" in out
    assert "blocked: 1" in out and "broken: 1" in out
    assert (tmp_path / "d" / "archive.sqlite").exists()
    # The demo's overdue table is the public command's answer.
    cli = subprocess.run(
        [NIANBAO, "overdue", "--as-of", "2025-06-30", "--years", "2019-2024", "--json"],
        env={**os.environ, "NIANBAO_DATA": str(tmp_path / "d")},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert cli.returncode == 0, cli.stderr
    rows = json.loads(cli.stdout)
    counts = {s: sum(1 for r in rows if r["status"] == s) for s in ("missing", "late")}
    assert f"missing: {counts['missing']}  late: {counts['late']}" in out
    assert counts["missing"] < found  # a past --as-of does not hide what was found later


def test_demo_refuses_a_folder_that_is_not_empty(tmp_path: Path) -> None:
    (tmp_path / "d").mkdir()
    (tmp_path / "d" / "keep.txt").write_text("mine")
    result = _demo("--data", "d", cwd=tmp_path)
    assert result.returncode == 65
    assert result.stderr.strip().splitlines() == [
        "error: d is not empty: the demo needs a fresh data folder"
    ]
