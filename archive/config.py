"""Where the archive lives: the database URL and the data folder.

One resolution order for every entry point (CLI, Alembic, crawler): an explicit value,
then ``NIANBAO_DB`` / ``NIANBAO_DATA``, then defaults under ``nianbao-data/`` in the
working directory. A SQLite database given alone keeps its blobs beside it (its
folder is the data folder), never in whatever folder the command ran in. A server
database (PostgreSQL) given alone names no folder at all: queries work, and whatever
needs the blobs stops with one line asking for ``NIANBAO_DATA`` rather than writing
them into (or reading them from) wherever the command happened to run.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

DEFAULT_DATA_DIR = "nianbao-data"


@dataclass(frozen=True)
class Settings:
    db_url: str
    # None when nothing named the data folder of a server database: see ``data_dir``.
    folder: Path | None

    @property
    def data_dir(self) -> Path:
        if self.folder is None:
            from .errors import ConfigError

            raise ConfigError(
                "this archive's database is a server, which does not say where its blobs "
                "live: set NIANBAO_DATA to that folder (the same one on every machine)"
            )
        return self.folder

    @property
    def blob_dir(self) -> Path:
        return self.data_dir / "blobs"


def load_settings(db_url: str | None = None, data_dir: str | os.PathLike | None = None) -> Settings:
    """Resolve settings; the default database sits inside the data folder."""
    explicit = data_dir or os.environ.get("NIANBAO_DATA")
    url = db_url or os.environ.get("NIANBAO_DB")
    if not explicit and url:
        beside = _sqlite_folder(url)
        if beside is not None:
            return Settings(url, beside)
        if not url.startswith("sqlite"):
            return Settings(url, None)
    data = Path(explicit or DEFAULT_DATA_DIR)
    return Settings(url or f"sqlite:///{data / 'archive.sqlite'}", data)


def _sqlite_folder(url: str) -> Path | None:
    if not url.startswith("sqlite") or ":memory:" in url:
        return None
    _, sep, path = url.partition(":///")
    return Path(path).parent if sep and path else None


def check_data_dir(path: Path) -> None:
    """The data folder exists (or can be made) and takes writes, or one ``ConfigError``."""
    from .errors import ConfigError

    if path.exists() and not path.is_dir():
        raise ConfigError(
            f"data folder {path} is a file, not a folder: set NIANBAO_DATA to a folder"
        )
    try:
        path.mkdir(parents=True, exist_ok=True)
        probe = path / f".nianbao-write-test-{os.getpid()}"
        probe.write_bytes(b"")
        probe.unlink()
    except OSError as exc:
        raise ConfigError(
            f"data folder {path} is not writable ({exc.strerror or exc}): "
            "set NIANBAO_DATA to a folder you can write"
        ) from None
