"""Where alerts go: a channel sends a batch of alert events or raises ``ChannelError``.

An *event* is a JSON-ready dict: ``event`` (``raised`` or ``resolved``), ``key``,
``kind``, ``status``, ``body``, ``body_id``, ``year``, ``message``, ``detail`` and the
times. ``stdout`` prints one line per event; ``jsonl`` appends one JSON object per line
to a file. ``send_with_retries`` tries a channel a bounded number of times with a small
doubling backoff.
"""

from __future__ import annotations

import json
import sys
import time
from abc import ABC, abstractmethod
from collections.abc import Callable, Collection
from dataclasses import dataclass
from pathlib import Path
from typing import Any


class ChannelError(Exception):
    """A channel could not deliver; the message is one line."""


class Channel(ABC):
    """A named destination for alert events, optionally limited to some alert kinds."""

    type: str = "channel"

    def __init__(self, name: str | None = None, kinds: Collection[str] | None = None) -> None:
        self.name = name or self.type
        self.kinds = frozenset(kinds) if kinds else None

    def wants(self, kind: str) -> bool:
        return self.kinds is None or kind in self.kinds

    @abstractmethod
    def send(self, events: list[dict[str, Any]]) -> None:
        """Deliver every event or raise ``ChannelError`` (then none counts as delivered)."""


def line(event: dict[str, Any]) -> str:
    """One readable line: ``[raised] overdue 民权县教育局 2023: ...``."""
    return f"[{event['event']}] {event['kind']}: {event['message']}"


class StdoutChannel(Channel):
    type = "stdout"

    def send(self, events: list[dict[str, Any]]) -> None:
        out = sys.stdout  # looked up now, so a captured stdout works
        for event in events:
            out.write(line(event) + "\n")
        out.flush()


class JsonlChannel(Channel):
    """Appends one JSON object per event to ``path`` (created with its folder)."""

    type = "jsonl"

    def __init__(self, path: str | Path, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.path = Path(path)

    def send(self, events: list[dict[str, Any]]) -> None:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with self.path.open("a", encoding="utf-8") as fh:
                for event in events:
                    fh.write(json.dumps(event, ensure_ascii=False, default=str) + "\n")
        except OSError as exc:
            raise ChannelError(f"cannot append to {self.path}: {exc.strerror}") from exc


@dataclass
class Outcome:
    """What sending one channel's batch came to."""

    channel: str
    delivery_ids: list[int]
    ok: bool
    attempts: int
    error: str | None = None


def send_with_retries(
    channel: Channel,
    events: list[dict[str, Any]],
    *,
    retries: int = 3,
    backoff: float = 1.0,
    sleep: Callable[[float], None] = time.sleep,
) -> Outcome:
    """Try ``retries`` times, waiting ``backoff``, 2×``backoff``, … between tries."""
    ids = [int(e["delivery_id"]) for e in events]
    error = None
    tries = max(1, retries)
    for attempt in range(1, tries + 1):
        try:
            channel.send(events)
            return Outcome(channel.name, ids, True, attempt)
        except ChannelError as exc:
            error = str(exc)
        except Exception as exc:  # a channel bug must not stop the other channels
            error = f"{type(exc).__name__}: {exc}"
        if attempt < tries and backoff > 0:
            sleep(backoff * 2 ** (attempt - 1))
    return Outcome(channel.name, ids, False, tries, (error or "failed").splitlines()[0][:500])
