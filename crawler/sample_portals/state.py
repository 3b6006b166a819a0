"""``PortalState``: what the handler threads share (snapshot, visit counters, log)."""

from __future__ import annotations

import threading
import zlib
from pathlib import Path
from typing import NamedTuple

from .snapshot import Snapshot

CHALLENGE_FILE = "ruishu-challenge.html"


class RequestRecord(NamedTuple):
    """One answered request: ``(method, path, status, had_conditional_headers)``."""

    method: str
    path: str
    status: int
    had_conditional_headers: bool


class PortalState:
    """Everything the handler threads share: snapshot, counters, request log."""

    def __init__(self, root: Path, snapshot: int) -> None:
        self.root = root
        self.lock = threading.Lock()
        self.requests: list[RequestRecord] = []
        self.visits: dict[str, int] = {}
        self.snapshot = Snapshot.load(root, snapshot)
        self.challenge = (root / CHALLENGE_FILE).read_bytes()

    def set_snapshot(self, number: int) -> None:
        snap = Snapshot.load(self.root, number)
        with self.lock:
            self.snapshot = snap

    def log(self, record: RequestRecord) -> None:
        with self.lock:
            self.requests.append(record)

    def next_visit(self, path: str, snapshot: int) -> int:
        """A page's visit count: a per-page base that goes up on every request."""
        with self.lock:
            n = self.visits.get(path, 0) + 1
            self.visits[path] = n
        return 100 + zlib.crc32(path.encode()) % 5000 + 731 * (snapshot - 1) + n
