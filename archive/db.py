"""Engines, sessions and the migration state of the archive database.

Callers own transactions (``with session_factory.begin() as session:``); library
functions take a ``session`` and never commit. ``require_head`` is the guard every
command except ``init`` passes first.
"""

from __future__ import annotations

import json
import os
from functools import partial
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, NoSuchModuleError
from sqlalchemy.orm import Session, sessionmaker

from .errors import ConfigError, DatabaseBusy, DatabaseNotReady, Unavailable

MIGRATIONS_DIR = Path(__file__).resolve().parent.parent / "migrations"


# The extra that installs each backend's driver (pyproject's optional dependencies).
_DRIVER_EXTRAS = {"psycopg": "postgres", "psycopg2": "postgres", "asyncpg": "postgres"}


def parse_url(url: str) -> URL:
    """The parsed URL of a backend this archive supports, or one ``ConfigError``."""
    try:
        parsed = make_url(url)
    except ArgumentError:
        raise ConfigError(
            f"database URL {url!r} is not a URL: use sqlite:///path/archive.sqlite or "
            "postgresql+psycopg://user@host/db"
        ) from None
    if parsed.get_backend_name() not in ("sqlite", "postgresql"):
        raise ConfigError(
            f"database URL {parsed.render_as_string(hide_password=True)!r}: backend "
            f"{parsed.get_backend_name()!r} is not supported (sqlite or postgresql)"
        )
    return parsed


def sqlite_path(url: str) -> Path | None:
    """The file behind a SQLite URL, or None for other backends and in-memory SQLite."""
    parsed = parse_url(url)
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
    parsed = parse_url(url)
    try:
        # JSON as UTF-8, not \uXXXX escapes: a Chinese title takes half the bytes
        engine = create_engine(url, json_serializer=partial(json.dumps, ensure_ascii=False))
    except ModuleNotFoundError as exc:
        driver = (exc.name or "").split(".")[0]
        extra = _DRIVER_EXTRAS.get(driver)
        hint = f"pip install {driver}"
        if driver == "psycopg":
            hint = "pip install 'nianbao[postgres]'"
        elif extra:
            hint = "use postgresql+psycopg://… and pip install 'nianbao[postgres]'"
        raise Unavailable(
            f"database URL {parsed.render_as_string(hide_password=True)!r} needs the "
            f"{driver} driver, which is not installed: {hint}"
        ) from None
    except (NoSuchModuleError, ArgumentError) as exc:
        raise ConfigError(f"database URL {url!r}: {exc}") from None
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
        first = str(getattr(exc, "orig", None) or exc).strip().splitlines()
        shown = parse_url(url).render_as_string(hide_password=True)
        if first and "locked" in first[0]:
            raise DatabaseBusy(
                f"database {shown} stayed locked by another process for over "
                f"{busy_timeout():g} s: retry when it is done"
            ) from None
        raise DatabaseNotReady(
            f"cannot open database {shown}: {first[0] if first else type(exc).__name__}"
        ) from None
    head = head_revision(url)
    if current != head:
        engine.dispose()
        raise DatabaseNotReady(
            f"database is at revision {current or 'none'}, not head {head}: run nianbao init"
        )
    return engine
