"""Alembic environment: the URL comes from the same settings the CLI uses.

``nianbao init`` passes its URL in ``config.attributes``; a bare ``alembic`` call falls
back to ``NIANBAO_DB`` / ``NIANBAO_DATA`` via ``archive.config``. SQLite runs in batch
mode so that later migrations can alter tables.
"""

from __future__ import annotations

from alembic import context

from archive.config import load_settings
from archive.db import make_engine
from archive.models import Base

config = context.config
url = config.attributes.get("url") or load_settings().db_url


def run_migrations_offline() -> None:
    context.configure(
        url=url,
        target_metadata=Base.metadata,
        literal_binds=True,
        render_as_batch=url.startswith("sqlite"),
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    engine = make_engine(url)
    with engine.connect() as connection:
        context.configure(
            connection=connection,
            target_metadata=Base.metadata,
            render_as_batch=connection.dialect.name == "sqlite",
            compare_type=True,
        )
        with context.begin_transaction():
            context.run_migrations()
    engine.dispose()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
