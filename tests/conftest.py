"""Shared fixtures: a fresh archive on a real SQLite file, and a CLI runner bound to it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from archive.cli.main import cli
from archive.config import Settings, load_settings
from archive.db import make_engine, session_factory, upgrade


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    data = tmp_path / "data"
    return load_settings(f"sqlite:///{data / 'archive.sqlite'}", data)


@pytest.fixture
def engine(settings: Settings) -> Iterator[Engine]:
    """An archive database at head, migrated by Alembic as ``nianbao init`` does."""
    upgrade(settings.db_url)
    eng = make_engine(settings.db_url)
    yield eng
    eng.dispose()


@pytest.fixture
def sessions(engine: Engine) -> sessionmaker[Session]:
    return session_factory(engine)


class Nianbao:
    """Runs ``nianbao ...`` in-process against one data folder."""

    def __init__(self, settings: Settings) -> None:
        self.env = {"NIANBAO_DB": settings.db_url, "NIANBAO_DATA": str(settings.data_dir)}

    def __call__(self, *args: str, input: str | None = None) -> Result:
        return CliRunner().invoke(
            cli, list(args), env=self.env, catch_exceptions=False, input=input
        )


@pytest.fixture
def nianbao(settings: Settings) -> Nianbao:
    return Nianbao(settings)


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """An empty PostgreSQL database (skips when no server can be started here)."""
    from tests.support.postgres import postgres_server

    with postgres_server() as url:
        if url is None:
            pytest.skip("no PostgreSQL here: scripts/setup.sh test installs it")
        yield url


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.slow)])
def both_sessions(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[sessionmaker[Session]]:
    """Sessions on an archive at head: on SQLite, and (slow) on a real PostgreSQL."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'archive.sqlite'}"
    else:
        from alembic import command

        from archive.db import alembic_config

        url = request.getfixturevalue("postgres_url")
        command.downgrade(alembic_config(url), "base")
    upgrade(url)
    eng = make_engine(url)
    yield session_factory(eng)
    eng.dispose()
