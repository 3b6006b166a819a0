"""``nianbao sources``: register regions, bodies, sources and deadlines; list sources."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from importlib import resources
from pathlib import Path

import click
from rich.progress import TaskID

from ..queries import source_rows
from ..registry_file import load_registry
from ..registry_import import Progress, import_registry
from .context import AppContext, pass_app
from .output import dumps, json_option, print_rows, rows_option

EXAMPLE = "example-sources.yaml"


@click.group()
def sources() -> None:
    """Register what to watch, and list the sources."""


@contextmanager
def _progress(wanted: bool) -> Iterator[Progress | None]:
    """A rich progress bar per section on stderr when it is a terminal; else nothing."""
    if not (wanted and sys.stderr.isatty()):
        yield None
        return
    from rich.console import Console
    from rich.progress import Progress as Bar

    with Bar(console=Console(stderr=True), transient=True) as bar:
        tasks: dict[str, TaskID] = {}

        def report(section: str, done: int, total: int) -> None:
            if section not in tasks:
                tasks[section] = bar.add_task(f"importing {section}", total=total)
            bar.update(tasks[section], completed=done)

        yield report


@sources.command("import")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@json_option
@pass_app
def import_(app: AppContext, file: Path, as_json: bool) -> None:
    """Import FILE (YAML, or CSV with one section per file) in one transaction.

    Importing twice changes nothing; a changed entry is updated, not duplicated.
    Any bad entry aborts the import with one line naming its place, and nothing is written.
    """
    registry = load_registry(file)
    with app.session() as session, _progress(app.verbosity >= 0) as progress:
        result = import_registry(session, registry, progress)
    counts = result.as_dict()
    if as_json:
        click.echo(dumps(counts))
        return
    for section, c in counts.items():
        click.echo(
            f"{section}: {c['created']} created, {c['updated']} updated, {c['unchanged']} unchanged"
        )
    if not counts:
        click.echo(f"{file}: nothing to import")


@sources.command("list")
@rows_option
@pass_app
def list_(app: AppContext, as_json: bool) -> None:
    """List registered sources with their region and the bodies registered there."""
    with app.session() as session:
        rows = source_rows(session)
    print_rows(rows, as_json, ["id", "region", "region_name", "family", "bodies", "url"], "sources")


@sources.command("example")
def example() -> None:
    """Print the bundled example registry (YAML) to start from."""
    click.echo(resources.files("archive.samples").joinpath(EXAMPLE).read_text("utf-8"), nl=False)
