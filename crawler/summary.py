"""The run summary a person reads at a glance (tables on stdout) or a program reads (JSON)."""

from __future__ import annotations

from typing import Any

from rich.console import Console
from rich.table import Table

from archive.figure_labels import rule_label
from archive.words import zh

from .run import RunResult

# Per-source counts in the summary table: (column heading, key in the run's stats).
COUNTS = (
    ("pages", "pages"),
    ("candidates", "candidates"),
    ("reports", "reports"),
    ("noise", "noise"),
    ("blocked", "blocked"),
    ("broken", "broken"),
    ("unreachable", "unreachable"),
    ("304", "not_modified"),
)


def summary_dict(result: RunResult) -> dict[str, Any]:
    return {
        "run": result.run_id,
        "status": result.status,
        "finish_reason": result.finish_reason,
        "documents": result.ingest.documents,
        "reports_new": result.ingest.reports_new,
        "versions_new": result.ingest.versions_new,
        "sources": list(result.sources.values()),
        "broken_sources": result.broken_sources,
        "failed_fetches": result.failed_fetches,
        "recovered": result.recovered,
        "findings": [f for f in result.findings if f["kind"] != "not_a_report"],
    }


def print_summary(result: RunResult, console: Console | None = None) -> None:
    console = console or Console()
    console.print(
        f"[bold]run {result.run_id}[/bold] {result.status}: {result.ingest.documents} documents "
        f"read, {result.ingest.reports_new} new reports, {result.ingest.versions_new} new versions"
    )
    if result.recovered:
        console.print(
            f"recovered {result.recovered} capture(s) fetched by an earlier attempt but never "
            "archived"
        )
    table = Table(title="sources", title_justify="left")
    for column in ("source", "health", *(heading for heading, _ in COUNTS)):
        table.add_column(column, overflow="fold")
    for s in result.sources.values():
        health = s["health"]
        table.add_row(
            s["url"],
            f"[green]{health}[/green]" if health == "ok" else f"[bold red]{health}[/bold red]",
            *(str(s.get(key, 0)) for _, key in COUNTS),
        )
    console.print(table)
    if result.failed_fetches:
        failed = Table(title="failed fetches", title_justify="left")
        for column in ("outcome", "status", "reason", "url"):
            failed.add_column(column, overflow="fold")
        for f in result.failed_fetches:
            failed.add_row(f["outcome"], str(f["status"] or ""), f.get("reason") or "", f["url"])
        console.print(failed)
    problems = [f for f in result.findings if f["kind"] not in ("not_a_report",)]
    if problems:
        console.print(f"[bold]findings[/bold] ({len(problems)}):")
        for f in problems[:40]:
            why = f"（{rule_label(f['rule'])}）" if f.get("rule") else ""
            console.print(f"  {zh(f['kind'])}: {f['message']}{why}", markup=False)
        if len(problems) > 40:
            console.print(f"  … and {len(problems) - 40} more (nianbao crawl --json lists all)")
    if result.broken_sources:
        console.print(f"[bold red]{len(result.broken_sources)} source(s) broken[/bold red]")
