"""``nianbao alerts``: raise, resolve and deliver alerts; list them."""

from __future__ import annotations

import sys
from datetime import datetime
from pathlib import Path

import click

from ..alerts import check_and_deliver, load_config
from ..alerts.listing import alert_rows
from ..alerts.service import send_test
from ..db import require_head, session_factory
from ..lookups import require_region
from ..models import AlertStatus
from ..overdue import today_in_china
from .context import AppContext, pass_app
from .output import print_rows, rows_option

EXIT_CHANNEL_FAILED = 75  # EX_TEMPFAIL: the events stay pending for the next check


@click.group()
def alerts() -> None:
    """Alerts for overdue reports, broken sources and revised reports."""


@alerts.command("check")
@click.option(
    "--as-of",
    "as_of",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    help="Judge deadlines at this date (YYYY-MM-DD) [default: today in China].",
)
@click.option(
    "--config",
    "config_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Alerts YAML (channels: stdout, jsonl, smtp, webhook) [default: stdout only].",
)
@click.option(
    "--region", metavar="CODE", help="Only raise overdue alerts for this region and below."
)
@pass_app
def check(
    app: AppContext, as_of: datetime | None, config_path: Path | None, region: str | None
) -> None:
    """Raise new alerts, resolve settled ones, and send both to the configured channels.

    Each alert is raised once (overdue:<body>:<year>, source_broken:<finding>,
    revision:<version>). A channel that fails is named in one line and keeps its events
    pending for the next check (exit 75).
    """
    config = load_config(config_path)
    day = as_of.date() if as_of else today_in_china()
    engine = require_head(app.settings.db_url)  # the service opens its own transactions
    if region:
        with session_factory(engine)() as session:
            region = require_region(session, region).code
    try:
        report = check_and_deliver(session_factory(engine), config, day, region=region)
    finally:
        engine.dispose()
    for outcome in report.failed:
        click.echo(
            f"error: channel {outcome.channel} failed after {outcome.attempts} tries:"
            f" {outcome.error}; {len(outcome.delivery_ids)} event(s) stay pending",
            err=True,
        )
    if app.verbosity >= 0:
        click.echo(report.summary(), err=True)
    if report.failed:
        sys.exit(EXIT_CHANNEL_FAILED)


@alerts.command("list")
@click.option(
    "--status",
    type=click.Choice([s.value for s in AlertStatus]),
    help="Only alerts in this state.",
)
@click.option(
    "--kind",
    type=click.Choice(["overdue", "source_broken", "revision"]),
    help="Only alerts of this kind.",
)
@click.option("--limit", type=int, help="At most this many, newest first.")
@rows_option
@pass_app
def list_(
    app: AppContext, status: str | None, kind: str | None, limit: int | None, as_json: bool
) -> None:
    """List alerts, newest first, with their delivery state per channel."""
    with app.session() as session:
        rows = alert_rows(session, status, kind, limit)
    if not as_json:
        for row in rows:
            row["deliveries"] = " ".join(f"{k}={v}" for k, v in row["deliveries"].items())
    print_rows(
        rows,
        as_json,
        ["id", "kind", "status", "body", "year", "raised_at", "deliveries", "message"],
        "alerts",
    )


@alerts.command("test")
@click.option(
    "--config",
    "config_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Alerts YAML naming the channels [default: stdout only].",
)
@click.option("--channel", metavar="NAME", help="Only this channel (its name in the config).")
def test(config_path: Path | None, channel: str | None) -> None:
    """Send a test notice to every configured channel (or one), to see it reaches people.

    Nothing is stored. Exit 75 when a channel fails (one line each), 65 for an unknown
    channel name.
    """
    config = load_config(config_path)
    outcomes = send_test(config, channel)
    for outcome in outcomes:
        if outcome.ok:
            click.echo(f"channel {outcome.channel}: test notice sent", err=True)
        else:
            click.echo(
                f"error: channel {outcome.channel} failed after {outcome.attempts} tries:"
                f" {outcome.error}",
                err=True,
            )
    if any(not o.ok for o in outcomes):
        sys.exit(EXIT_CHANNEL_FAILED)
