"""One alerts check, end to end, for ``nianbao alerts check`` and the scheduler.

Three short transactions: raise and resolve alerts and queue their deliveries (then
commit, so an alert exists before anyone is told); read what each channel still owes;
send outside any transaction, with retries; record the outcome.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy.orm import Session, sessionmaker

from .channels import Outcome, send_with_retries
from .config import AlertsConfig
from .delivery import pending, queue, record
from .rules import check_alerts


@dataclass
class CheckReport:
    raised: list[str] = field(default_factory=list)  # alert keys
    resolved: list[str] = field(default_factory=list)
    outcomes: list[Outcome] = field(default_factory=list)

    @property
    def failed(self) -> list[Outcome]:
        return [o for o in self.outcomes if not o.ok]

    def summary(self) -> str:
        sent = ", ".join(f"{o.channel} {len(o.delivery_ids)}" for o in self.outcomes if o.ok)
        return (
            f"alerts: {len(self.raised)} raised, {len(self.resolved)} resolved;"
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
