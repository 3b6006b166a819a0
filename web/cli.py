"""``nianbao serve``: the dashboard under uvicorn. Added to the ``nianbao`` group by
``crawler/cli.py``, so ``archive`` never imports the web app."""

from __future__ import annotations

from datetime import datetime

import click

from archive.cli.context import AppContext, pass_app
from archive.cli.main import cli


@cli.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8000, show_default=True, help="Port to listen on.")
@click.option(
    "--write",
    is_flag=True,
    help="Allow write actions (review findings, start crawls) after login (nianbao users add).",
)
@click.option(
    "--as-of",
    "as_of",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    help="Judge deadlines at this date (YYYY-MM-DD) [default: today in China].",
)
@pass_app
def serve(app: AppContext, host: str, port: int, write: bool, as_of: datetime | None) -> None:
    """Serve the dashboard: coverage heatmap, bodies, diffs, archived pages, JSON API.

    Read-only unless --write; binds 127.0.0.1 unless --host says otherwise.
    """
    import uvicorn

    from .app import create_app

    application = create_app(app.settings, write=write, as_of=as_of.date() if as_of else None)
    click.echo(f"nianbao dashboard on http://{host}:{port}/ (Ctrl-C to stop)", err=True)
    uvicorn.run(application, host=host, port=port, log_level="warning")
