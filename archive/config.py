"""Where the archive lives: the database URL and the data folder.

One resolution order for every entry point (CLI, Alembic, crawler): an explicit value,
then ``NIANBAO_DB`` / ``NIANBAO_DATA``, then defaults under ``nianbao-data/`` in the
working directory.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

DEFAULT_DATA_DIR = "nianbao-data"


@dataclass(frozen=True)
class Settings:
    db_url: str
    data_dir: Path

    @property
    def blob_dir(self) -> Path:
        return self.data_dir / "blobs"


def load_settings(db_url: str | None = None, data_dir: str | os.PathLike | None = None) -> Settings:
    """Resolve settings; the default database sits inside the data folder."""
    data = Path(data_dir or os.environ.get("NIANBAO_DATA") or DEFAULT_DATA_DIR)
    url = db_url or os.environ.get("NIANBAO_DB") or f"sqlite:///{data / 'archive.sqlite'}"
    return Settings(db_url=url, data_dir=data)
