"""What the spider hands to the archive pipeline: one ``Fetched`` per fetch attempt."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from archive.models import utcnow


@dataclass
class Fetched:
    """One fetch, successful or not, with what the spider knew about it.

    ``role`` is why it was fetched: ``list`` (a column page), ``article`` (a report
    candidate by its title), ``attachment`` (a document linked from a candidate).
    ``body`` is None when nothing was received (timeouts, refused connections).
    """

    run_id: int
    source_id: int
    role: str
    requested_url: str
    final_url: str
    outcome: str
    status: int | None = None
    headers: dict[str, list[str]] = field(default_factory=dict)
    body: bytes | None = None
    not_modified: bool = False
    error: str | None = None
    referer: str | None = None
    context: dict[str, Any] = field(default_factory=dict)
    fetched_at: datetime = field(default_factory=utcnow)
