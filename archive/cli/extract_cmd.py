"""``nianbao extract``: read one report document, or a folder of them, without a database."""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

import click
from rich.console import Console
from rich.table import Table

from .. import figure_labels as labels
from ..extract import EXIT_STATUS, ExtractError, extract_report
from ..extract.labels import APPEAL_FIELDS, APPEAL_GROUPS, APPLICANT_COLUMNS

_EPILOG = "\b\nExit status:\n    0  report extracted\n    1  unreadable file or internal error\n" \
    "    2  usage error\n" + "\n".join(
        f"   {code:>2}  {kind}"
        for kind, code in sorted(EXIT_STATUS.items(), key=lambda kv: kv[1])
    )


def extract_file(path: str, timeout: float | None = None) -> dict[str, Any]:
    """One JSON line for one file (runs in a worker process; never raises)."""
    try:
        data = Path(path).read_bytes()
        report = extract_report(data, conversion_timeout=timeout)
    except ExtractError as exc:
        return {"file": path, "ok": False, "error": exc.kind, "message": exc.message}
    except OSError as exc:
        return {"file": path, "ok": False, "error": "unreadable", "message": str(exc)}
    except Exception as exc:  # a bug: report it and keep going with the other files
        message = " ".join(f"{type(exc).__name__}: {exc}".split())
        return {"file": path, "ok": False, "error": "internal", "message": message}
    return {"file": path, "ok": True, "report": report}


def _files(folder: Path, pattern: str) -> list[str]:
    return sorted(
        str(p) for p in folder.rglob(pattern)
        if p.is_file() and not any(part.startswith(".") for part in p.relative_to(folder).parts)
    )


def _lines(files: list[str], workers: int, timeout: float | None) -> Iterator[dict[str, Any]]:
    if workers <= 1 or len(files) <= 1:
        for f in files:
            yield extract_file(f, timeout)
        return
    with ProcessPoolExecutor(max_workers=workers) as pool:
        yield from pool.map(extract_file, files, [timeout] * len(files), chunksize=4)


def _cell(value: Any) -> str:
    return "" if value is None else str(value)


def _summary(report: dict[str, Any], name: str) -> None:
    console = Console()
    console.print(
        f"[bold]{report['body'] or '(body not named)'}[/bold]  {report['year'] or '(year?)'}"
        f"  template {report['template']}  [dim]{name}[/dim]"
    )
    template = report.get("template") or "2021"
    active = Table(title="二、主动公开政府信息情况", title_justify="left")
    active.add_column("项目", no_wrap=True)
    active.add_column("数字")
    for key, row in report["active"].items():
        active_rows = labels.ACTIVE_ROWS.get(template, {})
        active.add_row(
            active_rows[key][0] if key in active_rows else key,
            "  ".join(f"{labels.ACTIVE_FIELDS.get(k, k)} {_cell(v)}" for k, v in row.items()),
        )
    console.print(active)
    apps = Table(title="三、收到和处理政府信息公开申请情况", title_justify="left")
    apps.add_column("项目", no_wrap=True)
    for head in labels.APPLICANT_COLUMNS.values():
        apps.add_column(head, justify="right")
    rows = labels.APPLICATION_ROWS.get(template, labels.APPLICATION_ROWS["2021"])
    for key, row in report["applications"].items():
        apps.add_row(rows.get(key, key), *(_cell(row.get(c)) for c in APPLICANT_COLUMNS))
    console.print(apps)
    appeals = Table(title="四、行政复议、行政诉讼情况", title_justify="left")
    appeals.add_column("项目", no_wrap=True)
    for f in APPEAL_FIELDS:
        appeals.add_column(labels.APPEAL_FIELDS.get(f, f), justify="right")
    for group in APPEAL_GROUPS:
        row = report["appeals"].get(group)
        if row:
            appeals.add_row(
                labels.APPEAL_GROUPS.get(group, group), *(_cell(row.get(f)) for f in APPEAL_FIELDS)
            )
    console.print(appeals)
    failed = [c for c in report["checks"] if not c["ok"]]
    passed = len(report["checks"]) - len(failed)
    console.print(f"checks: {passed} passed, {len(failed)} failed")
    for c in failed:
        where = f" at {c['path']}" if c.get("path") else ""
        console.print(
            f"  [red]✗[/red] {c['rule']}{where}: expected {c['expected']}, found {c['found']!r}"
        )


@click.command("extract", epilog=_EPILOG)
@click.argument("path", type=click.Path(exists=True, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print the report as one JSON object.")
@click.option(
    "--jsonl", is_flag=True,
    help="One JSON line per file: {file, ok, report} or {file, ok: false, error, message}.",
)
@click.option("--glob", "pattern", default="*", show_default=True,
              help="With a folder: which files to read (searched recursively).")
@click.option("--workers", type=click.IntRange(1), default=None,
              help="With a folder: worker processes [default: CPU count].")
@click.option("--timeout", type=click.FloatRange(min=0, min_open=True), default=None,
              help="Time limit in seconds for a LibreOffice conversion "
                   "[env NIANBAO_CONVERT_TIMEOUT; default 60].")
def extract(
    path: Path, as_json: bool, jsonl: bool, pattern: str, workers: int | None,
    timeout: float | None,
) -> None:
    """Extract the figures of an annual report from FILE (HTML, PDF, DOCX, DOC/WPS, text).

    The format is read from the bytes, never the file name. With --json, prints the
    report in the shape of report-schema.md; otherwise a summary of its three tables
    and failed checks. A file that is not a report prints one line on stderr and exits
    with the status of its kind (below). Given a folder, --jsonl extracts every file in
    parallel processes, one JSON line each, and keeps going past bad files (exit 0).
    """
    if path.is_dir():
        if not jsonl:
            raise click.UsageError("a folder needs --jsonl (one JSON line per file)")
        files = _files(path, pattern)
        for line in _lines(files, workers or os.cpu_count() or 1, timeout):
            click.echo(json.dumps(line, ensure_ascii=False))
        return
    line = extract_file(str(path), timeout)
    if jsonl:
        click.echo(json.dumps(line, ensure_ascii=False))
        return
    if not line["ok"]:
        click.echo(f"error: {line['error']}: {line['message']}", err=True)
        sys.exit(EXIT_STATUS.get(line["error"], 1))
    if as_json:
        click.echo(json.dumps(line["report"], ensure_ascii=False, indent=2))
    else:
        _summary(line["report"], str(path))
