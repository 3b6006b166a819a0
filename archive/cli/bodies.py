"""``nianbao bodies list``: the registered bodies, filtered by region, level and activity."""

from __future__ import annotations

import click
from sqlalchemy import or_, select

from ..attribution import region_scope
from ..models import Body, BodyLevel, Region
from ..overdue import today_in_china
from .context import AppContext, pass_app
from .output import json_option, print_rows


@click.group()
def bodies() -> None:
    """The bodies that must publish a report each year."""


@bodies.command("list")
@click.option(
    "--region", metavar="CODE", help="Only bodies of this region and the regions below it."
)
@click.option(
    "--level",
    "levels",
    multiple=True,
    type=click.Choice([level.value for level in BodyLevel]),
    help="Only bodies of this level; repeatable.",
)
@click.option("--active", is_flag=True, help="Only bodies not marked inactive (as of today).")
@json_option
@pass_app
def list_(
    app: AppContext, region: str | None, levels: tuple[str, ...], active: bool, as_json: bool
) -> None:
    """List registered bodies with their region, level, aliases and inactive date."""
    query = select(Body, Region.name).join(Region).order_by(Body.region_code, Body.level, Body.name)
    if region:
        query = query.where(Body.region_code.in_(region_scope(region)))
    if levels:
        query = query.where(Body.level.in_([BodyLevel(v) for v in levels]))
    if active:
        query = query.where(
            or_(Body.inactive_from.is_(None), Body.inactive_from > today_in_china())
        )
    with app.session() as session:
        rows = [
            {
                "id": b.id,
                "name": b.name,
                "region": b.region_code,
                "region_name": region_name,
                "level": b.level.value,
                "aliases": b.aliases,
                "inactive_from": b.inactive_from,
            }
            for b, region_name in session.execute(query)
        ]
    print_rows(
        rows, as_json, ["id", "name", "region", "region_name", "level", "inactive_from"], "bodies"
    )
