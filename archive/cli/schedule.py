"""``nianbao schedule add|list|remove`` and ``nianbao scheduler run``."""

from __future__ import annotations

import shlex
from pathlib import Path

import click

from ..alerts import check_and_deliver, load_config
from ..db import require_head, session_factory
from ..scheduler import Scheduler, add_schedule, remove_schedule, schedule_rows
from ..scheduler.store import DEFAULT_TZ, parse_months, schedule_row
from .context import AppContext, pass_app
from .output import json_option, print_rows, rows_option

COLUMNS = ["id", "region", "cron", "deadline_window", "timezone", "last_run_at", "next_run"]


@click.group()
def schedule() -> None:
    """Crawl schedules kept in the archive (run by nianbao scheduler run)."""


@schedule.command("add")
@click.option("--region", metavar="CODE", required=True, help="Region to crawl (and below).")
@click.option("--cron", metavar="EXPR", required=True, help="Cron expression, e.g. '0 3 * * 1'.")
@click.option(
    "--deadline-window",
    metavar="EXPR",
    help="A second cron expression used only in the window months, e.g. '0 6 * * *'.",
)
@click.option(
    "--window-months",
    default="1-4",
    show_default=True,
    metavar="MONTHS",
    help="Months in which --deadline-window applies (1-4, or 1,2,12).",
)
@click.option(
    "--tz", default=DEFAULT_TZ, show_default=True, help="Time zone the cron fields are read in."
)
@json_option
@pass_app
def add(
    app: AppContext,
    region: str,
    cron: str,
    deadline_window: str | None,
    window_months: str,
    tz: str,
    as_json: bool,
) -> None:
    """Add a schedule: crawl REGION on a cron expression (and more often near deadlines)."""
    months = parse_months(window_months)
    with app.session() as session:
        row = schedule_row(
            add_schedule(
                session,
                region,
                cron,
                deadline_cron=deadline_window,
                window_months=months,
                timezone=tz,
            )
        )
    print_rows([row], as_json, COLUMNS, "schedule added")


@schedule.command("list")
@rows_option
@pass_app
def list_(app: AppContext, as_json: bool) -> None:
    """List schedules with their last and next run."""
    with app.session() as session:
        rows = schedule_rows(session)
    print_rows(rows, as_json, [*COLUMNS, "last_exit_code"], "schedules")


@schedule.command("remove")
@click.argument("schedule_id", metavar="ID", type=int)
@pass_app
def remove(app: AppContext, schedule_id: int) -> None:
    """Remove schedule ID."""
    with app.session() as session:
        gone = remove_schedule(session, schedule_id)
        click.echo(f"removed schedule {gone.id} ({gone.region_code}, {gone.cron})")


@click.group()
def scheduler() -> None:
    """The long-running process that runs the schedules."""


@scheduler.command("run")
@click.option("--once", is_flag=True, help="Run what is due now, wait for it, check alerts, exit.")
@click.option("--max-runs", type=int, metavar="N", help="Exit after N crawls have finished.")
@click.option(
    "--jobs", default=1, show_default=True, help="Crawls of different regions run at once."
)
@click.option(
    "--poll", default=30.0, show_default=True, help="Seconds between looks at the schedules."
)
@click.option(
    "--alerts-config",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Alerts YAML for the checks after crawls [default: stdout only].",
)
@click.option("--no-alerts", is_flag=True, help="Do not run alert checks.")
@click.option(
    "--alerts-every",
    default=3600.0,
    show_default=True,
    help="Seconds between alert checks when no crawl ran.",
)
@click.option(
    "--crawl-command",
    metavar="CMD",
    help="Command to run instead of 'nianbao' (gets 'crawl --region CODE'), e.g. 'nice nianbao'.",
)
@click.option(
    "--lease-ttl",
    default=600.0,
    show_default=True,
    help="Seconds a region lock lasts unless renewed (renewed while the crawl runs).",
)
@pass_app
def run(
    app: AppContext,
    once: bool,
    max_runs: int | None,
    jobs: int,
    poll: float,
    alerts_config: Path | None,
    no_alerts: bool,
    alerts_every: float,
    crawl_command: str | None,
    lease_ttl: float,
) -> None:
    """Run due crawls (as nianbao crawl --region CODE subprocesses) and alert checks.

    Survives restarts (the next run comes from the database), never crawls one region
    twice at once (a lease in the database that other schedulers respect), and stops
    gracefully on SIGTERM or Ctrl-C.
    """
    config = None if no_alerts else load_config(alerts_config)
    engine = require_head(app.settings.db_url)
    sessions = session_factory(engine)

    def check(day):  # type: ignore[no-untyped-def]
        assert config is not None
        return check_and_deliver(sessions, config, day)

    def report(event) -> None:  # type: ignore[no-untyped-def]
        if app.verbosity >= 0:
            click.echo(event.line(), err=True)

    runner = Scheduler(
        sessions,
        app.settings,
        crawl_command=shlex.split(crawl_command) if crawl_command else None,
        jobs=jobs,
        poll=poll,
        lease_ttl=lease_ttl,
        alerts=None if no_alerts else check,
        alerts_interval=alerts_every,
        report=report,
    )
    try:
        finished = runner.run(once=once, max_runs=max_runs)
    finally:
        engine.dispose()
    if app.verbosity >= 0:
        click.echo(f"scheduler: {finished} crawl(s) finished", err=True)
