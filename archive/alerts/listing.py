"""``nianbao alerts list``: alerts as rows, newest first, with their delivery states."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..models import Alert, AlertStatus, Body
from .delivery import delivery_states


def alert_rows(
    session: Session,
    status: str | None = None,
    kind: str | None = None,
    limit: int | None = None,
) -> list[dict[str, Any]]:
    query = (
        select(Alert, Body.name)
        .outerjoin(Body, Body.id == Alert.body_id)
        .order_by(Alert.raised_at.desc(), Alert.id.desc())
    )
    if status:
        query = query.where(Alert.status == AlertStatus(status))
    if kind:
        query = query.where(Alert.kind == kind)
    if limit:
        query = query.limit(limit)
    rows = session.execute(query).all()
    states = delivery_states(session, [a.id for a, _ in rows])
    return [
        {
            "id": alert.id,
            "key": alert.key,
            "kind": alert.kind,
            "status": alert.status.value,
            "body": body or alert.detail.get("body"),
            "body_id": alert.body_id,
            "year": alert.year,
            "message": alert.message,
            "raised_at": alert.raised_at.isoformat(),
            "resolved_at": alert.resolved_at.isoformat() if alert.resolved_at else None,
            "deliveries": states.get(alert.id, {}),
            "detail": alert.detail,
        }
        for alert, body in rows
    ]
