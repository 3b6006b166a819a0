"""``nianbao sources``: register regions, bodies, sources and deadlines; list sources."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from importlib import resources
from pathlib import Path

import click
from rich.progress import TaskID
from sqlalchemy import select
from sqlalchemy.orm import Session

from ..errors import InputError
from ..models import Source, utcnow
from ..queries import source_rows
from ..reattribute import reattribute
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
        # reports archived before a body was registered, renamed or moved follow it now
        moved = reattribute(session)
    counts = result.as_dict()
    if moved:
        counts["reports"] = {
            "attached": moved.attached,
            "renamed": moved.renamed,
            "merged": moved.merged,
        }
    if as_json:
        click.echo(dumps(counts))
        return
    for section, c in counts.items():
        if section == "reports":
            click.echo(
                f"reports re-attributed: {c['attached']} attached to bodies, "
                f"{c['renamed']} renamed or moved, {c['merged']} merged"
            )
            continue
        click.echo(
            f"{section}: {c['created']} created, {c['updated']} updated, {c['unchanged']} unchanged"
        )
    if not counts:
        click.echo(f"{file}: nothing to import")


@sources.command("list")
@click.option("--all", "show_all", is_flag=True, help="Also list removed sources.")
@rows_option
@pass_app
def list_(app: AppContext, show_all: bool, as_json: bool) -> None:
    """List registered sources with their region and the bodies registered there."""
    with app.session() as session:
        rows = source_rows(session, show_all)
    print_rows(
        rows,
        as_json,
        ["id", "region", "region_name", "family", "enabled", "bodies", "url"],
        "sources",
    )


def _find_source(session: Session, ref: str) -> Source:
    """A source by id or URL; an unknown one is an error naming what was asked."""
    source = session.get(Source, int(ref)) if ref.isdigit() else None
    if source is None:
        source = session.scalars(select(Source).where(Source.url == ref)).first()
    if source is None:
        raise InputError(f"no registered source {ref!r} (give its id or URL: nianbao sources list)")
    return source


def _set_state(app: AppContext, refs: tuple[str, ...], what: str) -> None:
    with app.session() as session:
        for ref in refs:
            source = _find_source(session, ref)
            if what == "remove":
                source.removed_at = source.removed_at or utcnow()
                source.enabled = False
            else:
                source.enabled = what == "enable"
                if what == "enable":
                    source.removed_at = None
            click.echo(f"source {source.id} {what}d: {source.url}")


@sources.command("disable")
@click.argument("refs", nargs=-1, required=True, metavar="ID_OR_URL...")
@pass_app
def disable(app: AppContext, refs: tuple[str, ...]) -> None:
    """Stop crawling these sources; they stay listed, with everything they fetched."""
    _set_state(app, refs, "disable")


@sources.command("enable")
@click.argument("refs", nargs=-1, required=True, metavar="ID_OR_URL...")
@pass_app
def enable(app: AppContext, refs: tuple[str, ...]) -> None:
    """Crawl these sources again (also removed ones)."""
    _set_state(app, refs, "enable")


@sources.command("remove")
@click.argument("refs", nargs=-1, required=True, metavar="ID_OR_URL...")
@pass_app
def remove(app: AppContext, refs: tuple[str, ...]) -> None:
    """Take these sources out of the registry: never crawled or listed again (see
    ``sources list --all``), while their captures and reports stay in the archive.
    Importing the same URL again registers it anew."""
    _set_state(app, refs, "remove")


@sources.command("example")
def example() -> None:
    """Print the bundled example registry (YAML) to start from."""
    click.echo(resources.files("archive.samples").joinpath(EXAMPLE).read_text("utf-8"), nl=False)
