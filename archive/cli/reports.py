"""``nianbao reports`` and ``nianbao runs``: what the archive holds, and how crawls went."""

from __future__ import annotations

import click

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
        rows = report_rows(session, region)
    print_rows(
        rows,
        as_json,
        ["body", "region", "year", "template", "format", "published", "versions", "url"],
        "reports",
    )


@click.command()
@click.option("--limit", default=50, show_default=True, help="How many recent runs to show.")
@rows_option
@pass_app
def runs(app: AppContext, limit: int, as_json: bool) -> None:
    """List recent crawl runs with their status and per-run counts."""
    with app.session() as session:
        rows = run_rows(session, limit)
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
