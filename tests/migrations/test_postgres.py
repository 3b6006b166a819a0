"""The same migrations on PostgreSQL, the scale-out target: upgrade, no drift, round trip."""

from __future__ import annotations

from alembic import command
from sqlalchemy import inspect

from archive.db import alembic_config, current_revision, head_revision, make_engine, upgrade
from archive.models import Base


def test_postgres_upgrade_check_downgrade_upgrade(postgres_url: str) -> None:
    assert upgrade(postgres_url) == head_revision(postgres_url)
    command.check(alembic_config(postgres_url))
    engine = make_engine(postgres_url)
    assert set(inspect(engine).get_table_names()) == set(Base.metadata.tables) | {"alembic_version"}
    engine.dispose()
    command.downgrade(alembic_config(postgres_url), "base")
    upgrade(postgres_url)
    engine = make_engine(postgres_url)
    assert current_revision(engine) == head_revision(postgres_url)
    engine.dispose()
