"""``nianbao extract``: the report as JSON or a summary, one line and a distinct exit
status per kind of bad input, and a folder as JSON lines in parallel."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from archive.cli.extract_cmd import extract
from archive.extract.errors import EXIT_STATUS

from .helpers import SEEDS, html_report


def _run(*args: str) -> object:
    return CliRunner().invoke(extract, list(args), catch_exceptions=False)


def test_json_prints_the_schema_shape(tmp_path: Path) -> None:
    page = tmp_path / "report.bin"  # the name does not matter
    page.write_bytes(html_report())
    result = _run(str(page), "--json")
    assert result.exit_code == 0
    report = json.loads(result.stdout)
    assert list(report) == ["schema", "template", "year", "body", "active", "applications",
                            "appeals", "checks"]


def test_summary_lists_the_tables_and_failed_checks(tmp_path: Path) -> None:
    page = tmp_path / "report.html"
    page.write_bytes(html_report(app_cells={2: ["6", "0", "0", "0", "0", "0", "6"]}))
    result = _run(str(page))
    assert result.exit_code == 0
    assert "示例县人民政府" in result.stdout
    assert "applications.results.total" in result.stdout


def test_bad_input_is_one_line_on_stderr_and_its_own_exit_status(tmp_path: Path) -> None:
    empty = tmp_path / "empty.pdf"
    empty.write_bytes(b"")
    result = _run(str(empty), "--json")
    assert result.exit_code == EXIT_STATUS["empty"]
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1 and result.stderr.startswith("error: empty:")
    news = tmp_path / "news.html"
    news.write_bytes("<html><body><h1>2023年度工作总结</h1></body></html>".encode())
    assert _run(str(news)).exit_code == EXIT_STATUS["not_a_report"]


def test_folder_as_json_lines_keeps_going_past_bad_files(tmp_path: Path) -> None:
    for seed in SEEDS.glob("*.txt"):
        (tmp_path / seed.name).write_bytes(seed.read_bytes())
    (tmp_path / "broken.docx").write_bytes(b"PK\x03\x04broken")
    (tmp_path / "empty.html").write_bytes(b"")
    result = _run(str(tmp_path), "--jsonl", "--workers", "2")
    assert result.exit_code == 0
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    by_name = {Path(line["file"]).name: line for line in lines}
    assert len(lines) == 5
    assert by_name["broken.docx"] == {**by_name["broken.docx"], "ok": False, "error": "corrupt"}
    assert by_name["empty.html"]["error"] == "empty"
    assert sum(line["ok"] for line in lines) == 3
    assert all(line["report"]["schema"] == 1 for line in lines if line["ok"])


def test_a_folder_needs_jsonl(tmp_path: Path) -> None:
    result = CliRunner().invoke(extract, [str(tmp_path)])
    assert result.exit_code == 2


def test_help_documents_the_exit_statuses() -> None:
    result = _run("--help")
    for kind, code in EXIT_STATUS.items():
        assert f"{code}  {kind}" in result.stdout
