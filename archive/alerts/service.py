"""One alerts check, end to end, for ``nianbao alerts check`` and the scheduler.

Three short transactions: raise and resolve alerts and queue their deliveries (then
commit, so an alert exists before anyone is told); read what each channel still owes;
send outside any transaction, with retries; record the outcome.
"""

from __future__ import annotations

import difflib
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy.orm import Session, sessionmaker

from ..errors import NotFound
from ..models import utcnow
from .channels import Outcome, send_with_retries
from .config import AlertsConfig
from .delivery import backfill, pending, queue, record
from .rules import check_alerts


@dataclass
class CheckReport:
    raised: list[str] = field(default_factory=list)  # alert keys
    resolved: list[str] = field(default_factory=list)
    outcomes: list[Outcome] = field(default_factory=list)
    backfilled: int = 0  # open alerts queued for a channel added after they were raised

    @property
    def failed(self) -> list[Outcome]:
        return [o for o in self.outcomes if not o.ok]

    def summary(self) -> str:
        sent = ", ".join(f"{o.channel} {len(o.delivery_ids)}" for o in self.outcomes if o.ok)
        late = f", {self.backfilled} open alert(s) for new channels" if self.backfilled else ""
        return (
            f"alerts: {len(self.raised)} raised, {len(self.resolved)} resolved{late};"
            f" delivered: {sent or 'nothing'}"
        )


def check_and_deliver(
    sessions: sessionmaker[Session],
    config: AlertsConfig,
    as_of: date,
    *,
    region: str | None = None,
    sleep: Callable[[float], None] = time.sleep,
) -> CheckReport:
    """Raise/resolve alerts as of ``as_of`` and deliver every pending event."""
    report = CheckReport()
    with sessions.begin() as session:
        result = check_alerts(
            session, as_of, region=region, require_crawl=config.overdue_requires_crawl
        )
        events = [(a, "raised") for a in result.raised] + [(a, "resolved") for a in result.resolved]
        queue(session, events, config.channels)
        report.backfilled = backfill(session, config.channels)
        report.raised = [a.key for a in result.raised]
        report.resolved = [a.key for a in result.resolved]
    with sessions.begin() as session:
        batches = pending(session, config.channels)
    for channel in config.channels:
        events_for = batches.get(channel.name)
        if events_for:
            report.outcomes.append(
                send_with_retries(
                    channel,
                    events_for,
                    retries=config.retries,
                    backoff=config.backoff,
                    sleep=sleep,
                )
            )
    if report.outcomes:
        with sessions.begin() as session:
            record(session, report.outcomes)
    return report


def send_test(
    config: AlertsConfig, channel: str | None = None, sleep: Callable[[float], None] = time.sleep
) -> list[Outcome]:
    """Send one test notice to every channel (or the one named); nothing is stored."""
    channels = config.channels
    if channel is not None:
        channels = [c for c in channels if c.name == channel]
        if not channels:
            names = [c.name for c in config.channels]
            close = difflib.get_close_matches(channel, names, n=3, cutoff=0.5)
            hint = f"; nearest: {', '.join(close)}" if close else f"; channels: {', '.join(names)}"
            raise NotFound(f"unknown channel {channel}{hint}")
    event = {
        "event": "test",
        "delivery_id": 0,
        "key": "test",
        "kind": "test",
        "status": "test",
        "body": None,
        "body_id": None,
        "year": None,
        "message": "a test notice from nianbao alerts test: this channel reaches you",
        "detail": {},
        "raised_at": utcnow().isoformat(),
        "resolved_at": None,
    }
    return [
        send_with_retries(c, [event], retries=config.retries, backoff=config.backoff, sleep=sleep)
        for c in channels
    ]
