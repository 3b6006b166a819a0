"""``nianbao demo``: the whole job on the bundled sample portals, in under a minute.

Starts the sample portals on 127.0.0.1, creates a fresh data folder and archive,
imports the portals' registry, crawls (politeness tuned for loopback), and prints the
run summary and a grid of bodies × years: found, missing, or unknown (blocked, broken,
unreachable), then the failed checks, and ends with the ``nianbao serve`` command that
shows the same archive in a browser.
"""

from __future__ import annotations

import errno
import shlex
import sys
import tempfile
from datetime import date
from pathlib import Path

from rich.console import Console
from rich.table import Table
from sqlalchemy import select
from sqlalchemy.orm import Session

from archive.config import load_settings
from archive.coverage import coverage
from archive.db import make_engine, session_factory, upgrade
from archive.errors import InputError, Unavailable
from archive.figure_labels import rule_label
from archive.models import Finding
from archive.overdue import overdue
from archive.registry_file import load_registry
from archive.registry_import import import_registry

from .run import run_crawl
from .sample_portals.server import PACKAGE_DIR, SamplePortals
from .summary import print_summary

YEARS = range(2019, 2025)
AS_OF = date(2025, 6, 30)  # every deadline of 2019-2024 reports has passed
LOOPBACK = {
    "DOWNLOAD_DELAY": 0,
    "AUTOTHROTTLE_START_DELAY": 0.0,
    "AUTOTHROTTLE_TARGET_CONCURRENCY": 8.0,
    "CONCURRENT_REQUESTS_PER_DOMAIN": 8,
    "NIANBAO_RETRY_BACKOFF": 0.1,
    "DOWNLOAD_TIMEOUT": 10,
    "LOG_LEVEL": "WARNING",
}
CELL = {
    "found": "[green]found[/green]",
    "missing": "[bold red]missing[/bold red]",
    "inactive": "[dim]inactive[/dim]",
    "blocked": "[yellow]blocked[/yellow]",
    "broken": "[yellow]broken[/yellow]",
    "unreachable": "[yellow]unreachable[/yellow]",
}


def run_demo(data_dir: Path | None, *, port: int = 0, console: Console | None = None) -> Path:
    console = console or Console()
    if data_dir is None:
        data_dir = Path(tempfile.mkdtemp(prefix="nianbao-demo-", dir="."))
    elif data_dir.exists() and any(data_dir.iterdir()):
        raise InputError(f"{data_dir} is not empty: the demo needs a fresh data folder")
    try:
        portals_server = SamplePortals(port=port).start()
    except OSError as exc:
        if exc.errno != errno.EADDRINUSE:
            raise
        raise Unavailable(
            f"port {port} on 127.0.0.1 is in use: give another with --port, or --port 0 "
            "for any free one"
        ) from None
    data_dir.mkdir(parents=True, exist_ok=True)
    settings = load_settings(f"sqlite:///{(data_dir / 'archive.sqlite').resolve()}", data_dir)
    with portals_server as portals:
        console.print(f"sample portals at {portals.base_url}; data in {data_dir}")
        upgrade(settings.db_url)
        registry_text = (PACKAGE_DIR / "registry.yaml").read_text("utf-8")
        registry_path = data_dir / "sources.yaml"
        registry_path.write_text(registry_text.replace("{base}", portals.base_url), "utf-8")
        engine = make_engine(settings.db_url)
        sessions = session_factory(engine)
        with sessions.begin() as session:
            import_registry(session, load_registry(registry_path))
        result = run_crawl(
            settings, sessions, overrides={**LOOPBACK, "NIANBAO_PROGRESS": sys.stderr.isatty()}
        )
    print_summary(result, console)
    with sessions() as session:
        print_grid(console, session)
        failed = list(
            session.scalars(
                select(Finding).where(Finding.kind == "check_failed").order_by(Finding.id)
            )
        )
    if failed:
        console.print(f"[bold]failed checks[/bold] ({len(failed)}):")
        for f in failed:
            rule = rule_label((f.detail or {}).get("rule"))
            console.print(f"  {f.message}" + (f"（{rule}）" if rule else ""), markup=False)
    with sessions() as session:
        print_overdue(console, session)
    engine.dispose()
    console.print(f"archive kept in {data_dir}: try  NIANBAO_DATA={data_dir} nianbao reports")
    console.print(
        "see it in a browser (heatmap, reports, diffs, archived pages):\n  "
        + serve_command(data_dir)
        + "\n  then open http://127.0.0.1:8000/",
        markup=False,
        soft_wrap=True,
    )
    return data_dir


def serve_command(data_dir: Path) -> str:
    """The exact command that serves the demo archive, judged at the demo's date."""
    folder = shlex.quote(str(data_dir.resolve()))
    return f"NIANBAO_DATA={folder} nianbao serve --as-of {AS_OF.isoformat()}"


def print_overdue(console: Console, session: Session) -> None:
    """Who missed the legal deadline by a fixed date (so the demo reads the same): what
    ``nianbao overdue --as-of 2025-06-30 --years 2019-2024`` prints."""
    rows = overdue(session, AS_OF, YEARS)
    command = f"nianbao overdue --as-of {AS_OF} --years {YEARS[0]}-{YEARS[-1]}"
    table = Table(
        title=f"overdue as of {AS_OF} (条例 第四十九条): {command}", title_justify="left"
    )
    for column in ("body", "year", "deadline", "status", "why"):
        table.add_column(column, overflow="fold")
    for row in rows:
        evidence = row["evidence"]
        if row["status"] == "late":
            why = (
                f"claims {evidence.get('claimed_published')}"
                if evidence.get("claimed_published")
                else f"first seen {evidence.get('first_seen', '')[:10]}"
            )
        else:
            why = evidence.get("reason", "")
        status = "[red]missing[/red]" if row["status"] == "missing" else "[yellow]late[/yellow]"
        table.add_row(row["body"], str(row["year"]), row["deadline"], status, why)
    console.print(table)
    counts = {s: sum(1 for r in rows if r["status"] == s) for s in ("missing", "late")}
    console.print(f"missing: {counts['missing']}  late: {counts['late']}")


def print_grid(console: Console, session: Session) -> None:
    rows = coverage(session, YEARS)
    table = Table(title="bodies × years", title_justify="left")
    table.add_column("body")
    table.add_column("level")
    for year in YEARS:
        table.add_column(str(year), justify="center")
    for row in rows:
        table.add_row(row.body, row.level, *(CELL[row.years[y]] for y in YEARS))
    console.print(table)
    totals: dict[str, int] = {}
    for row in rows:
        for status in row.years.values():
            totals[status] = totals.get(status, 0) + 1
    console.print("  ".join(f"{k}: {v}" for k, v in sorted(totals.items())))
