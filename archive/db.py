"""Engines, sessions and the migration state of the archive database.

Callers own transactions (``with session_factory.begin() as session:``); library
functions take a ``session`` and never commit. ``require_head`` is the guard every
command except ``init`` passes first.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

from .errors import DatabaseNotReady

MIGRATIONS_DIR = Path(__file__).resolve().parent.parent / "migrations"


def sqlite_path(url: str) -> Path | None:
    """The file behind a SQLite URL, or None for other backends and in-memory SQLite."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or parsed.database in (None, "", ":memory:"):
        return None
    return Path(parsed.database)


def busy_timeout() -> float:
    """Seconds a SQLite writer waits for another one (``NIANBAO_BUSY_TIMEOUT``, default 30)."""
    try:
        return max(0.0, float(os.environ.get("NIANBAO_BUSY_TIMEOUT", "30")))
    except ValueError:
        return 30.0


def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA journal_mode=WAL")  # readers (dashboard, queries) beside a crawl
    cur.execute(f"PRAGMA busy_timeout={int(busy_timeout() * 1000)}")
    cur.close()


def make_engine(url: str) -> Engine:
    """An engine; SQLite gets foreign keys, WAL and a busy timeout on every connection."""
    engine = create_engine(url)
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
    return engine


def session_factory(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(engine, expire_on_commit=False)


def alembic_config(url: str) -> Config:
    """An Alembic config that works from a checkout and from an installed wheel."""
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    cfg.attributes["url"] = url
    return cfg


def head_revision(url: str) -> str | None:
    return ScriptDirectory.from_config(alembic_config(url)).get_current_head()


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def upgrade(url: str) -> str | None:
    """Create or upgrade the database to head; returns the head revision."""
    path = sqlite_path(url)
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
    command.upgrade(alembic_config(url), "head")
    return head_revision(url)


def require_head(url: str) -> Engine:
    """An engine on a database at head, or ``DatabaseNotReady`` saying what to run."""
    path = sqlite_path(url)
    if path is not None and not path.exists():
        raise DatabaseNotReady(f"no archive database at {path}: run nianbao init")
    engine = make_engine(url)
    try:
        current = current_revision(engine)
    except Exception as exc:  # unreachable server, bad credentials, not a database
        engine.dispose()
        raise DatabaseNotReady(f"cannot open database {make_url(url)!r}: {exc}") from exc
    head = head_revision(url)
    if current != head:
        engine.dispose()
        raise DatabaseNotReady(
            f"database is at revision {current or 'none'}, not head {head}: run nianbao init"
        )
    return engine
