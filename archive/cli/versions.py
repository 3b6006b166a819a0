"""``nianbao diff``, ``nianbao revisions``, ``nianbao reextract``: how reports changed."""

from __future__ import annotations

import sys
from datetime import date
from typing import Any

import click
from rich.console import Console
from rich.table import Table

from ..blobstore import BlobStore
from ..figure_labels import label
from ..lookups import note_empty, require_region, require_report
from ..reextract import reextract as run_reextract
from ..revisions import find_report, report_diff, revision_rows
from ..words import china_time
from .context import AppContext, pass_app
from .output import dumps, json_option, print_rows, rows_option

SECTION_NAMES = {
    "head": "标题与前言",
    "一": "一、总体情况",
    "二": "二、主动公开政府信息情况",
    "三": "三、收到和处理政府信息公开申请情况",
    "四": "四、政府信息公开行政复议、行政诉讼情况",
    "五": "五、存在的主要问题及改进情况",
    "六": "六、其他需要报告的事项",
}


@click.command()
@click.argument("body_or_report")
@click.argument("year", type=int, required=False)
@click.option(
    "--from", "old", type=int, help="Version to diff from (default: the one before --to)."
)
@click.option("--to", "new", type=int, help="Version to diff to (default: the newest).")
@json_option
@pass_app
def diff(
    app: AppContext,
    body_or_report: str,
    year: int | None,
    old: int | None,
    new: int | None,
    as_json: bool,
) -> None:
    """Show what changed between two versions of a report: figures, checks, text.

    BODY_OR_REPORT is a body's name or alias with a YEAR, or a report id alone.
    """
    with app.session() as session:
        result = report_diff(session, find_report(session, body_or_report, year), old, new)
    if as_json:
        click.echo(dumps(result))
    else:
        print_diff(result, Console())


def print_diff(d: dict[str, Any], console: Console) -> None:
    a, b = d["from"], d["to"]
    console.print(
        f"[bold]{d['body']} {d['year']}年报告[/bold]  version {a['version']} → {b['version']}"
    )
    for side, v in (("from", a), ("to", b)):
        console.print(
            f"  {side} v{v['version']}: first seen {china_time(v['first_seen'])}, claimed "
            f"{v['published'] or '—'}, {v['document_url']}",
            markup=False,
        )
    if a["published"] != b["published"]:
        console.print(f"  claimed publication date moved: {a['published']} → {b['published']}")
    if d["figures"]:
        table = Table(title="figures", title_justify="left")
        for col in ("项目", "path", "old", "new"):
            table.add_column(col)
        for f in d["figures"]:
            table.add_row(label(f["path"]), f["path"], str(f["old"]), str(f["new"]))
        console.print(table)
    else:
        console.print("  no figure changed")
    for c in d["checks"]:
        state = {True: "passes", False: "fails", None: "absent"}
        console.print(f"  check {c['rule']}: {state[c['old_ok']]} → {state[c['new_ok']]}")
    for section, lines in d["text"].items():
        console.print(f"[bold]{SECTION_NAMES.get(section, section)}[/bold]")
        for line in lines:
            console.print(
                f"  {line}", style="red" if line.startswith("-") else "green", markup=False
            )
    if not d["text"]:
        console.print("  no text changed")


@click.command()
@click.option(
    "--since", type=click.DateTime(["%Y-%m-%d"]), help="Only versions first seen on or after DATE."
)
@click.option("--region", metavar="CODE", help="Only this region and the regions below it.")
@rows_option
@pass_app
def revisions(app: AppContext, since: Any, region: str | None, as_json: bool) -> None:
    """List revised reports: each version after the first, with its figure changes."""
    since_date: date | None = since.date() if since else None
    with app.session() as session:
        if region:
            region = require_region(session, region).code
        rows = revision_rows(session, since_date, region)
    where = f" for region {region}" if region else ""
    when = f" since {since_date.isoformat()}" if since_date else ""
    note_empty(rows, f"no revised reports{where}{when}")
    if as_json:
        print_rows(rows, True, [])
        return
    for row in rows:
        row["changes"] = "; ".join(
            f"{label(f['path'], section=False)} {f['old']}→{f['new']}" for f in row["figures"]
        )
        if row["text_changed"]:
            row["changes"] = (row["changes"] + "; text").lstrip("; ")
    print_rows(rows, False, ["body", "year", "version", "seen", "changes", "url"], "revisions")


@click.command()
@click.option("--all", "all_", is_flag=True, help="Re-extract every report.")
@click.option(
    "--report",
    "report_ids",
    type=int,
    multiple=True,
    metavar="ID",
    help="Re-extract this report (repeatable).",
)
@json_option
@pass_app
def reextract(app: AppContext, all_: bool, report_ids: tuple[int, ...], as_json: bool) -> None:
    """Re-run the current extractor over stored documents, updating figures in place.

    The documents did not change, so no version is made; the versions whose figures or
    text now read differently are listed.
    """
    if not all_ and not report_ids:
        raise click.UsageError("give --all or at least one --report ID")
    with app.session() as session:
        for report_id in report_ids:
            require_report(session, report_id)
        result = run_reextract(
            session, BlobStore(app.settings.blob_dir), None if all_ else list(report_ids)
        )
    summary = {
        "versions": result.versions,
        "changed": result.changed,
        "failed": result.failed,
        "moved": result.moved,
    }
    if as_json:
        click.echo(dumps(summary))
        _exit_if_blobs_damaged(result.failed)
        return
    click.echo(
        f"{result.versions} versions re-read, {len(result.changed)} read differently, "
        f"{len(result.failed)} failed"
    )
    for c in result.changed:
        click.echo(f"  report {c['report']} v{c['version']} (was extractor {c['from_extractor']})")
    for f in result.failed:
        click.echo(f"  version {f['version']}: {f['error']}: {f['message']}")
    for m in result.moved:
        click.echo(
            f"  moved {m['from']['body']} {m['from']['year']} → {m['to']['body']} "
            f"{m['to']['year']} (year by {m['year_basis']}, body by {m['body_basis']})"
        )
    _exit_if_blobs_damaged(result.failed)


def _exit_if_blobs_damaged(failed: list[dict[str, Any]]) -> None:
    """A missing or corrupt blob is the archive's damage, not the document's: exit 74."""
    damaged = [f for f in failed if str(f["message"]).startswith(("BlobCorrupt", "BlobMissing"))]
    if damaged:
        click.echo(
            f"error: {len(damaged)} version(s) rest on missing or corrupt blobs: "
            "run nianbao fsck",
            err=True,
        )
        sys.exit(74)
