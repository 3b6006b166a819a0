"""Every mistake and environmental error is one line with its sysexits status, and
changes nothing stored; a name that is not registered is never an empty answer.

Each case runs the real console script in a subprocess against a real archive (the
example registry imported), and compares the archive's files before and after.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import socket
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow  # a console script per case

EXE = shutil.which("nianbao", path=os.path.dirname(sys.executable)) or "nianbao"


class Cli:
    def __init__(self, tmp: Path) -> None:
        self.tmp = tmp
        self.data = tmp / "data"
        self.env = {**os.environ, "NIANBAO_DATA": str(self.data), "NIANBAO_BUSY_TIMEOUT": "1"}
        self.env.pop("NIANBAO_DB", None)

    def __call__(self, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [EXE, *args],
            cwd=self.tmp,
            env={**self.env, **env},
            capture_output=True,
            text=True,
            timeout=120,
        )

    def snapshot(self) -> dict[str, str]:
        """Every stored file's hash, and the database's rows (WAL included)."""
        files = {
            str(p.relative_to(self.data)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(self.data.rglob("*"))
            if p.is_file() and not p.name.startswith("archive.sqlite")
        }
        with sqlite3.connect(self.data / "archive.sqlite") as db:
            for (table,) in db.execute("SELECT name FROM sqlite_master WHERE type='table'"):
                rows = db.execute(f'SELECT * FROM "{table}" ORDER BY 1').fetchall()
                files[f"table:{table}"] = hashlib.sha256(repr(rows).encode()).hexdigest()
        return files


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tmp = tmp_path_factory.mktemp("seeded")
    cli = Cli(tmp)
    assert cli("init").returncode == 0
    (tmp / "example.yaml").write_text(cli("sources", "example").stdout, encoding="utf-8")
    assert cli("sources", "import", "example.yaml").returncode == 0
    return tmp


@pytest.fixture
def cli(seeded: Path, tmp_path: Path) -> Cli:
    shutil.copytree(seeded / "data", tmp_path / "data")
    return Cli(tmp_path)


def _one_error_line(result: subprocess.CompletedProcess[str], status: int) -> str:
    assert result.returncode == status, result.stdout + result.stderr
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("error: ")
    assert "Traceback" not in result.stderr + result.stdout
    return lines[0]


def _a_region(cli: Cli) -> tuple[str, str]:
    with sqlite3.connect(cli.data / "archive.sqlite") as db:
        code, name = db.execute(
            "SELECT code, name FROM regions WHERE length(code) = 6 ORDER BY code LIMIT 1"
        ).fetchone()
    return code, name


@pytest.mark.parametrize(
    "command", [["missing"], ["overdue"], ["reports"], ["revisions"], ["crawl"]]
)
def test_a_mistyped_region_names_the_nearest_registered_ones(cli: Cli, command: list[str]) -> None:
    code, _ = _a_region(cli)
    typo = code[:-1]  # one digit short, as typed in a hurry
    before = cli.snapshot()
    line = _one_error_line(cli(*command, "--region", typo), 65)
    assert f"unknown region {typo}" in line and code in line
    assert cli.snapshot() == before


def test_a_registered_region_without_rows_says_so(cli: Cli) -> None:
    code, _ = _a_region(cli)
    result = cli("reports", "--region", code, "--json")
    assert result.returncode == 0 and result.stdout.strip() == "[]"
    assert f"no reports archived for region {code}" in result.stderr


def test_unknown_run_report_and_body_are_errors(cli: Cli) -> None:
    before = cli.snapshot()
    assert "unknown run 7" in _one_error_line(cli("runs", "7"), 65)
    assert "unknown report 9" in _one_error_line(cli("diff", "9"), 65)
    assert "unknown report 9" in _one_error_line(cli("reextract", "--report", "9"), 65)
    assert "no 2023 report of 不存在县" in _one_error_line(cli("diff", "不存在县", "2023"), 65)
    assert cli.snapshot() == before


@pytest.mark.parametrize(
    ("url", "status", "words"),
    [
        ("sqlit:///x.sqlite", 78, "not supported"),
        ("not a url", 78, "is not a URL"),
        ("mysql://u@127.0.0.1/x", 78, "not supported"),
    ],
)
def test_bad_database_urls(cli: Cli, url: str, status: int, words: str) -> None:
    before = cli.snapshot()
    assert words in _one_error_line(cli("--db", url, "reports"), status)
    assert cli.snapshot() == before


def test_a_postgresql_url_without_its_driver_names_the_extra(cli: Cli, tmp_path: Path) -> None:
    # A real interpreter in which psycopg cannot be imported, as when it is not installed.
    script = (
        "import sys; sys.modules['psycopg'] = None; sys.argv = ['nianbao', '--db', "
        "'postgresql+psycopg://u@127.0.0.1:1/x', 'reports']\n"
        "from crawler.cli import cli; cli()"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, env=cli.env, timeout=60
    )
    line = _one_error_line(result, 69)
    assert "psycopg" in line and "nianbao[postgres]" in line


def test_data_folder_that_is_a_file_or_unwritable(tmp_path: Path) -> None:
    cli = Cli(tmp_path)
    (tmp_path / "file").write_text("x")
    line = _one_error_line(cli("init", NIANBAO_DATA=str(tmp_path / "file")), 78)
    assert "is a file" in line
    assert (tmp_path / "file").read_text() == "x"
    # Below a file nothing can be created, whoever runs the test (root included).
    line = _one_error_line(cli("init", NIANBAO_DATA=str(tmp_path / "file" / "sub")), 78)
    assert "not writable" in line


def test_a_server_database_without_its_data_folder_asks_for_it(tmp_path: Path) -> None:
    # No server needed: the folder is asked for before anything connects, and nothing
    # is written into the folder the command ran in.
    cli = Cli(tmp_path)
    pg = "postgresql+psycopg://u@127.0.0.1:1/x"
    for args in (("init",), ("crawl", "--region", "411421")):
        line = _one_error_line(cli("--db", pg, *args, NIANBAO_DATA=""), 78)
        assert "NIANBAO_DATA" in line, line
    assert not (tmp_path / "nianbao-data").exists()
    # a WARC export asks before it makes its output file
    out = tmp_path / "captures.warc.gz"
    export = ("export", "--format", "warc", "--output", str(out))
    line = _one_error_line(cli("--db", pg, *export, NIANBAO_DATA=""), 78)
    assert "NIANBAO_DATA" in line, line
    assert not out.exists()


def test_a_database_locked_past_the_busy_timeout_is_one_line(cli: Cli) -> None:
    before = cli.snapshot()
    lock = sqlite3.connect(cli.data / "archive.sqlite", isolation_level=None)
    lock.execute("BEGIN EXCLUSIVE")
    try:
        code, _ = _a_region(cli)
        result = cli("schedule", "add", "--region", code, "--cron", "0 3 * * 1")  # a write
    finally:
        lock.execute("ROLLBACK")
        lock.close()
    line = _one_error_line(result, 75)
    assert "locked" in line
    assert cli.snapshot() == before


def test_demo_with_its_port_in_use_is_one_line(tmp_path: Path) -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = Cli(tmp_path)("demo", "--port", str(port), "--data", str(tmp_path / "demo"))
    line = _one_error_line(result, 69)
    assert str(port) in line and "in use" in line
