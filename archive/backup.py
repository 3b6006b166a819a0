"""``nianbao backup DEST`` / ``nianbao restore SRC``: the database and the blob store, together.

SQLite is copied with its online backup API (a consistent snapshot, also while a crawl
writes); PostgreSQL with ``pg_dump --format=custom`` / ``pg_restore``. The blobs are
copied after the database snapshot, so every blob the copied database names is in
the copy (blobs are written before the captures that name them). ``MANIFEST.json``
says what the backup holds; ``restore`` refuses a target that already has an archive,
and checks the result with ``archive.fsck``.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
import subprocess
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy.engine import make_url

from .config import Settings, check_data_dir
from .db import parse_url, sqlite_path
from .errors import ConfigError, InputError, Unavailable

MANIFEST = "MANIFEST.json"
SQLITE_FILE = "archive.sqlite"
PG_FILE = "archive.pgdump"


@dataclass
class BackupResult:
    path: Path
    backend: str
    blobs: int
    bytes: int


def _copy_blobs(src: Path, dest: Path) -> tuple[int, int]:
    count = size = 0
    if not src.exists():
        return 0, 0
    for path in sorted(src.rglob("*.zst")):
        if path.name.startswith(".tmp-"):
            continue
        target = dest / path.relative_to(src)
        if not target.exists():
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(path, target)
        count += 1
        size += path.stat().st_size
    return count, size


def _sqlite_copy(src: Path, dest: Path) -> None:
    with (
        sqlite3.connect(f"file:{src}?mode=ro", uri=True) as source,
        sqlite3.connect(dest) as target,
    ):
        source.backup(target)
    source.close()
    target.close()


def _pg_tool(name: str) -> str:
    tool = shutil.which(name)
    if tool is None:
        raise Unavailable(f"{name} is not installed: PostgreSQL backups need the client tools")
    return tool


def _pg_run(args: list[str]) -> None:
    """Run a PostgreSQL client tool; its failure is one line with the tool's own reason."""
    try:
        subprocess.run(args, check=True, capture_output=True, text=True)
    except subprocess.CalledProcessError as exc:
        lines = [ln for ln in (exc.stderr or "").splitlines() if ln.strip()]
        reason = lines[-1] if lines else f"exit status {exc.returncode}"
        raise Unavailable(f"{Path(args[0]).name} failed: {reason}"[:500]) from None


def _require_empty_pg(url: str) -> None:
    from sqlalchemy import inspect

    from .db import make_engine

    engine = make_engine(url)
    try:
        tables = inspect(engine).get_table_names()
    finally:
        engine.dispose()
    if tables:
        raise InputError(
            f"the database already holds {len(tables)} tables: restore into an empty database"
        )


def _pg_url(url: str) -> str:
    """The URL as libpq reads it (no SQLAlchemy driver suffix)."""
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


def backup(settings: Settings, dest: Path) -> BackupResult:
    if dest.exists() and any(dest.iterdir()):
        raise InputError(f"{dest} is not empty: back up into a new folder")
    parsed = parse_url(settings.db_url)
    # Where the blobs are, before anything is made: a server database without
    # NIANBAO_DATA stops here, not after a whole dump that leaves ``dest`` not empty.
    blob_dir = settings.blob_dir
    dest.mkdir(parents=True, exist_ok=True)
    backend = parsed.get_backend_name()
    if backend == "sqlite":
        src = sqlite_path(settings.db_url)
        if src is None or not src.exists():
            raise ConfigError(f"no archive database at {src}: nothing to back up")
        _sqlite_copy(src, dest / SQLITE_FILE)
    else:
        _pg_run(
            [
                _pg_tool("pg_dump"),
                "--format=custom",
                "--file",
                str(dest / PG_FILE),
                _pg_url(settings.db_url),
            ]
        )
    blobs, size = _copy_blobs(blob_dir, dest / "blobs")
    manifest = {
        "backend": backend,
        "database": SQLITE_FILE if backend == "sqlite" else PG_FILE,
        "blobs": blobs,
        "blob_bytes": size,
        "made_at": datetime.now(UTC).isoformat(),
    }
    (dest / MANIFEST).write_text(json.dumps(manifest, indent=2), encoding="utf-8")
    return BackupResult(dest, backend, blobs, size)


def restore(settings: Settings, src: Path) -> BackupResult:
    manifest_path = src / MANIFEST
    if not manifest_path.exists():
        raise InputError(f"{src} is not a nianbao backup (no {MANIFEST})")
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    parsed = parse_url(settings.db_url)
    backend = parsed.get_backend_name()
    if backend != manifest["backend"]:
        raise InputError(
            f"{src} holds a {manifest['backend']} archive; the target database is {backend}"
        )
    check_data_dir(settings.data_dir)
    if backend == "sqlite":
        target = sqlite_path(settings.db_url)
        if target is None:
            raise ConfigError("restore needs a SQLite file, not an in-memory database")
        if target.exists() and target.stat().st_size > 0:
            raise InputError(f"{target} already exists: restore into a fresh data folder")
        target.parent.mkdir(parents=True, exist_ok=True)
        _sqlite_copy(src / SQLITE_FILE, target)
    else:
        _require_empty_pg(settings.db_url)
        _pg_run(
            [
                _pg_tool("pg_restore"),
                "--no-owner",
                "--exit-on-error",
                "--dbname",
                _pg_url(settings.db_url),
                str(src / PG_FILE),
            ]
        )
    blobs, size = _copy_blobs(src / "blobs", settings.blob_dir)
    return BackupResult(settings.data_dir, backend, blobs, size)
