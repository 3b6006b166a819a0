"""``nianbao init``: create or upgrade the archive database and the data folder."""

from __future__ import annotations

import click
from sqlalchemy.engine import make_url

from ..config import check_data_dir
from ..db import upgrade
from .context import AppContext, pass_app


@click.command()
@pass_app
def init(app: AppContext) -> None:
    """Create or upgrade the archive database (Alembic upgrade head) and data folder."""
    check_data_dir(app.settings.data_dir)
    app.settings.blob_dir.mkdir(parents=True, exist_ok=True)
    head = upgrade(app.settings.db_url)
    url = make_url(app.settings.db_url).render_as_string(hide_password=True)
    click.echo(f"database {url} is at revision {head}; data in {app.settings.data_dir}")
