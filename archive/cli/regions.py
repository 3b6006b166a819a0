"""``nianbao regions import-divisions``: register provinces, cities, counties and
townships, and their governments, from the national administrative divisions."""

from __future__ import annotations

from pathlib import Path

import click

from ..divisions import edition as divisions_edition
from ..divisions.importer import import_divisions
from ..reattribute import reattribute
from .context import AppContext, pass_app
from .output import dumps, json_option
from .sources import _progress


@click.group()
def regions() -> None:
    """Register regions and their governments from the administrative divisions."""


@regions.command("import-divisions")
@click.option(
    "--province",
    "provinces",
    multiple=True,
    metavar="CODE",
    help="A whole province (41 or 410000); repeatable.",
)
@click.option(
    "--city",
    "cities",
    multiple=True,
    metavar="CODE",
    help="A whole city (4114 or 411400); repeatable.",
)
@click.option(
    "--data",
    type=click.Path(file_okay=False, exists=True, path_type=Path),
    metavar="DIR",
    help="A divisions data folder (divisions.tsv.gz, edition.json) [default: the shipped edition].",
)
@json_option
@pass_app
def import_divisions_(
    app: AppContext,
    provinces: tuple[str, ...],
    cities: tuple[str, ...],
    data: Path | None,
    as_json: bool,
) -> None:
    """Register regions and one government body per division, in one transaction.

    Without --province or --city: the whole country. Each county-level division gets its
    people's government (民权县人民政府), each township its government or, for a street,
    its office (北关镇人民政府, 绿洲街道办事处), with the names reports use as aliases; a
    whole province or city also gets its own government. Importing twice changes nothing;
    a body registered by hand under one of those names is kept and its aliases merged.
    Divisions a newer edition no longer lists make their bodies inactive from its date.
    Reports archived before their body was registered are attributed to it.
    """
    edition = divisions_edition.load(data)
    with app.session() as session, _progress(app.verbosity >= 0) as progress:
        result = import_divisions(session, edition, provinces, cities, progress)
        # reports archived before their body was registered (or moved) follow it now
        moved = reattribute(session)
    counts = result.as_dict()
    counts["reports"] = {
        "attached": moved.attached,
        "renamed": moved.renamed,
        "merged": moved.merged,
    }
    if as_json:
        click.echo(dumps(counts))
        return
    click.echo(f"divisions: {edition.label}, licence {edition.meta.get('licence', '?')}")
    for what, counts in (("regions", result.regions), ("bodies", result.bodies)):
        for level, c in counts.as_dict().items():
            click.echo(
                f"{what} {level}: {c['created']} created, {c['updated']} updated,"
                f" {c['unchanged']} unchanged"
            )
    for level, n in sorted(result.inactive.items()):
        click.echo(f"bodies {level}: {n} now inactive from {edition.as_of} (division gone)")
    click.echo(f"{result.without_body} divisions without a government (development zones, farms…)")
    if moved:
        click.echo(
            f"reports re-attributed: {moved.attached} attached to bodies,"
            f" {moved.renamed} renamed or moved, {moved.merged} merged"
        )
    for line in result.ambiguous:
        click.echo(f"warning: not merged, several registered bodies fit: {line}", err=True)
