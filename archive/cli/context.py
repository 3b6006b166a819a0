"""What every command shares: resolved settings, the verbosity, and a database guard."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import click
from sqlalchemy.orm import Session

from ..config import Settings
from ..db import require_head, session_factory


@dataclass
class AppContext:
    settings: Settings
    verbosity: int = 0

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A transaction on a database at head: committed on success, rolled back on error."""
        engine = require_head(self.settings.db_url)
        try:
            with session_factory(engine).begin() as session:
                yield session
        finally:
            engine.dispose()


pass_app = click.make_pass_decorator(AppContext)
