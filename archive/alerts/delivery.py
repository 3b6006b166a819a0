"""Per-channel delivery state: which events each channel still owes.

Each raised or resolved alert gets one ``alert_deliveries`` row per channel that wants
its kind. A row stays ``pending`` until its channel accepts it, so a channel that is
down gets the events at the next check. An alert is ``sent`` once every channel has
its ``raised`` event. Functions here take a session and never commit; sending happens
between transactions (``service``), never while the database is locked.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..models import Alert, AlertStatus, Body, utcnow
from ..models.findings import AlertDelivery, DeliveryStatus
from .channels import Channel, Outcome


def queue(session: Session, events: Iterable[tuple[Alert, str]], channels: list[Channel]) -> int:
    """Add a pending delivery per (alert, event) for each channel that wants it."""
    count = 0
    for alert, event in events:
        for channel in channels:
            if channel.wants(alert.kind):
                session.add(AlertDelivery(alert=alert, channel=channel.name, event=event))
                count += 1
    session.flush()
    return count


def backfill(session: Session, channels: list[Channel]) -> int:
    """Queue each open alert's ``raised`` event once for a channel that has never had
    it (a channel added to the config after the alert was raised)."""
    open_alerts = list(
        session.scalars(
            select(Alert).where(Alert.status != AlertStatus.RESOLVED).order_by(Alert.id)
        )
    )
    if not open_alerts:
        return 0
    have = set(
        session.execute(
            select(AlertDelivery.alert_id, AlertDelivery.channel).where(
                AlertDelivery.event == "raised"
            )
        )
    )
    count = 0
    for alert in open_alerts:
        for channel in channels:
            if channel.wants(alert.kind) and (alert.id, channel.name) not in have:
                session.add(AlertDelivery(alert=alert, channel=channel.name, event="raised"))
                count += 1
    session.flush()
    return count


def event_dict(alert: Alert, event: str, body: str | None, delivery_id: int) -> dict[str, Any]:
    return {
        "event": event,
        "delivery_id": delivery_id,
        "key": alert.key,
        "kind": alert.kind,
        "status": alert.status.value,
        "body": body or alert.detail.get("body"),
        "body_id": alert.body_id,
        "year": alert.year,
        "message": alert.message,
        "detail": alert.detail,
        "raised_at": alert.raised_at.isoformat(),
        "resolved_at": alert.resolved_at.isoformat() if alert.resolved_at else None,
    }


def pending(session: Session, channels: list[Channel]) -> dict[str, list[dict[str, Any]]]:
    """Channel name → its pending events (plain dicts, safe to use after the session)."""
    names = [c.name for c in channels]
    rows = session.execute(
        select(AlertDelivery, Alert, Body.name)
        .join(Alert, Alert.id == AlertDelivery.alert_id)
        .outerjoin(Body, Body.id == Alert.body_id)
        .where(AlertDelivery.status == DeliveryStatus.PENDING, AlertDelivery.channel.in_(names))
        .order_by(AlertDelivery.id)
    )
    batches: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for delivery, alert, body in rows:
        batches[delivery.channel].append(event_dict(alert, delivery.event, body, delivery.id))
    return dict(batches)


def record(session: Session, outcomes: list[Outcome], now: datetime | None = None) -> None:
    """Write what sending came to; alerts whose every ``raised`` event went out are sent."""
    now = now or utcnow()
    touched: set[int] = set()
    for outcome in outcomes:
        if not outcome.delivery_ids:
            continue
        for delivery in session.scalars(
            select(AlertDelivery).where(AlertDelivery.id.in_(outcome.delivery_ids))
        ):
            delivery.attempts += outcome.attempts
            delivery.last_attempt_at = now
            if outcome.ok:
                delivery.status = DeliveryStatus.SENT
                delivery.sent_at = now
                delivery.last_error = None
            else:
                delivery.last_error = (outcome.error or "failed")[:1000]
            touched.add(delivery.alert_id)
    session.flush()
    if not touched:
        return
    still = set(
        session.scalars(
            select(AlertDelivery.alert_id).where(
                AlertDelivery.alert_id.in_(touched),
                AlertDelivery.event == "raised",
                AlertDelivery.status == DeliveryStatus.PENDING,
            )
        )
    )
    for alert in session.scalars(
        select(Alert).where(Alert.id.in_(touched - still), Alert.status == AlertStatus.PENDING)
    ):
        alert.status = AlertStatus.SENT
    session.flush()


def delivery_states(session: Session, alert_ids: list[int]) -> dict[int, dict[str, str]]:
    """Alert id → {"channel:event": status} for listing."""
    states: dict[int, dict[str, str]] = defaultdict(dict)
    if not alert_ids:
        return states
    for alert_id, channel, event, status in session.execute(
        select(
            AlertDelivery.alert_id, AlertDelivery.channel, AlertDelivery.event, AlertDelivery.status
        ).where(AlertDelivery.alert_id.in_(alert_ids))
    ):
        states[alert_id][f"{channel}:{event}"] = status.value
    return states
