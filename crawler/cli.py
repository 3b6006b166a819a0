"""The ``nianbao`` console script: the archive's commands plus ``crawl`` and ``demo``.

``archive.cli`` holds every command that works without Scrapy; this module adds the
two that crawl, so the dependency points one way (crawler → archive).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click
from rich.console import Console

from archive.cli.context import AppContext, pass_app
from archive.cli.main import cli
from archive.config import check_data_dir
from archive.db import require_head, session_factory
from web import cli as _web_cli  # noqa: F401 (adds ``serve`` and the exports to the group)

from .demo import run_demo
from .node import node
from .run import run_crawl
from .summary import print_summary, summary_dict

EXIT_SOURCE_BROKEN = 3
EXIT_INTERRUPTED = 130


def _overrides(pairs: tuple[str, ...]) -> dict[str, str]:
    out = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep:
            raise click.BadParameter(f"{pair!r} is not KEY=VALUE", param_hint="--set")
        out[key.strip()] = value.strip()
    return out


@cli.command()
@click.option("--region", metavar="CODE", help="Crawl the sources of this region and below.")
@click.option("--source", "source_url", metavar="URL", help="Crawl this one registered source.")
@click.option("--resume", is_flag=True, help="Continue the last interrupted run (its JOBDIR).")
@click.option(
    "--run",
    "resume_run",
    type=int,
    metavar="ID",
    help="With --resume: continue this run, also one a kill left marked running.",
)
@click.option(
    "--set",
    "settings_",
    multiple=True,
    metavar="KEY=VALUE",
    help="Override a Scrapy setting, e.g. --set DOWNLOAD_DELAY=2.",
)
@click.option("--json", "as_json", is_flag=True, help="Print the run summary as one JSON object.")
@pass_app
def crawl(
    app: AppContext,
    region: str | None,
    source_url: str | None,
    resume: bool,
    resume_run: int | None,
    settings_: tuple[str, ...],
    as_json: bool,
) -> None:
    """Crawl registered sources into the archive, then extract and assess the run.

    Exit 0 when the run finished, even with failed fetches (they are listed); 3 when a
    source is broken (blocked, empty column, far fewer reports than before); 74 when the
    archive could not be written; 130 when interrupted (resume with --resume).
    """
    check_data_dir(app.settings.data_dir)  # before the database: a wrong folder is cheaper
    engine = require_head(app.settings.db_url)
    overrides = {"NIANBAO_PROGRESS": sys.stderr.isatty() and not as_json, **_overrides(settings_)}
    if app.verbosity < 1:
        overrides.setdefault("LOG_LEVEL", "WARNING")
    result = run_crawl(
        app.settings,
        session_factory(engine),
        region=region,
        source_url=source_url,
        resume=resume or resume_run is not None,
        resume_run=resume_run,
        overrides=overrides,
    )
    engine.dispose()
    if as_json:
        click.echo(json.dumps(summary_dict(result), ensure_ascii=False, indent=2))
    else:
        print_summary(result)
    if result.status != "finished":
        click.echo("error: run interrupted; continue it with nianbao crawl --resume", err=True)
        sys.exit(EXIT_INTERRUPTED)
    if result.broken_sources:
        sys.exit(EXIT_SOURCE_BROKEN)


@cli.command()
@click.option(
    "--data",
    "data_dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="Data folder to create (default: a new nianbao-demo-* folder here).",
)
@click.option(
    "--port", default=0, show_default=True, help="Port of the sample portals (0: any free)."
)
def demo(data_dir: Path | None, port: int) -> None:
    """Crawl the bundled sample portals on 127.0.0.1 into a fresh data folder and show
    what was found, missed and flagged."""
    run_demo(data_dir, port=port, console=Console())


cli.add_command(node)

__all__ = ["cli"]
