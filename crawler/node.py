"""``nianbao node run``: start this machine as a crawl node (Scrapyd with nianbao's runner).

A node is Scrapyd and nianbao installed in one virtualenv. This command writes the
``scrapyd.conf`` nianbao ships (``crawler/scrapyd.conf``) into the node's folder, with
the port, bind address and job slots filled in, and runs Scrapyd there in the
foreground (for systemd or a terminal). The scheduler sends it jobs over Scrapyd's HTTP
API (``nianbao scheduler run --nodes URL,…``); see ``docs/scale.md``.
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import click

CONF_TEMPLATE = Path(__file__).resolve().parent / "scrapyd.conf"


def write_conf(folder: Path, port: int, bind: str, max_proc: int) -> Path:
    """The node's ``scrapyd.conf`` in ``folder`` (created if needed)."""
    folder.mkdir(parents=True, exist_ok=True)
    text = CONF_TEMPLATE.read_text("utf-8").format(port=port, bind=bind, max_proc=max_proc)
    path = folder / "scrapyd.conf"
    path.write_text(text, "utf-8")
    return path


def scrapyd_argv(folder: Path) -> list[str]:
    """Scrapyd beside this Python (same virtualenv), its pid file in ``folder``."""
    script = shutil.which("scrapyd", path=os.path.dirname(sys.executable))
    base = [script] if script else [sys.executable, "-m", "scrapyd"]
    return [*base, "--pidfile", str(folder / "scrapyd.pid")]


@click.group()
def node() -> None:
    """A crawl node of a cluster: Scrapyd running nianbao's crawl jobs."""


@node.command("run")
@click.option(
    "--dir",
    "folder",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("nianbao-node"),
    show_default=True,
    help="The node's folder: scrapyd.conf, job logs, Scrapyd's queue.",
)
@click.option("--port", default=6800, show_default=True, help="Port of Scrapyd's HTTP API.")
@click.option(
    "--bind",
    default="127.0.0.1",
    show_default=True,
    help="Address to listen on (0.0.0.0 for a scheduler on another machine; firewall it).",
)
@click.option("--max-proc", default=2, show_default=True, help="Crawl jobs this node runs at once.")
def run(folder: Path, port: int, bind: str, max_proc: int) -> None:
    """Write FOLDER/scrapyd.conf and run Scrapyd there (foreground; Ctrl-C stops it).

    Jobs get the database and data folder from the scheduler (its --db and NIANBAO_DATA,
    which must name the shared database and blob store), else from this node's
    NIANBAO_DB / NIANBAO_DATA.
    """
    folder = folder.resolve()
    conf = write_conf(folder, port, bind, max_proc)
    click.echo(f"node: {conf} — Scrapyd on http://{bind}:{port}, {max_proc} job slot(s)", err=True)
    os.chdir(folder)  # Scrapyd reads ./scrapyd.conf
    argv = scrapyd_argv(folder)
    os.execv(argv[0], argv)
