"""``nianbao reports`` and ``nianbao runs``: what the archive holds, and how crawls went."""

from __future__ import annotations

import click

from ..lookups import note_empty, require_region, require_run
from ..queries import report_rows, run_rows
from .context import AppContext, pass_app
from .output import print_rows, rows_option


@click.command()
@click.option("--region", metavar="CODE", help="Only this region and the regions below it.")
@rows_option
@pass_app
def reports(app: AppContext, region: str | None, as_json: bool) -> None:
    """List archived reports, one row per body and year, described by the newest version."""
    with app.session() as session:
        if region:
            region = require_region(session, region).code
        rows = report_rows(session, region)
    note_empty(rows, f"no reports archived{f' for region {region}' if region else ''} yet")
    print_rows(
        rows,
        as_json,
        ["body", "region", "year", "template", "format", "published", "versions", "url"],
        "reports",
    )


@click.command()
@click.argument("run_id", metavar="[ID]", type=int, required=False)
@click.option("--limit", default=50, show_default=True, help="How many recent runs to show.")
@rows_option
@pass_app
def runs(app: AppContext, run_id: int | None, limit: int, as_json: bool) -> None:
    """List recent crawl runs with their status and per-run counts (or run ID alone)."""
    with app.session() as session:
        if run_id is not None:
            require_run(session, run_id)
            rows = [r for r in run_rows(session, None) if r["id"] == run_id]
        else:
            rows = run_rows(session, limit)
    note_empty(rows, "no crawl runs yet: nianbao crawl starts one")
    print_rows(
        rows,
        as_json,
        [
            "id",
            "started",
            "status",
            "region",
            "pages",
            "reports",
            "blocked",
            "broken",
            "unreachable",
            "sources_broken",
        ],
        "runs",
    )
