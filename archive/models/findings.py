"""What needs a person's attention: findings, alerts (and their delivery per channel),
the schedules that find them, and the leases that keep two crawls of a region apart.
"""

from __future__ import annotations

import enum
from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, Index, String, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base, str_enum, utcnow
from .enums import AlertStatus, Severity


class DeliveryStatus(enum.StrEnum):
    PENDING = "pending"
    SENT = "sent"


class Finding(Base):
    """A failed check or a crawl problem, e.g. ``check_failed``, ``source_broken``."""

    __tablename__ = "findings"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(50), index=True)
    severity: Mapped[Severity] = mapped_column(
        str_enum(Severity, "finding_severity"), default=Severity.WARNING
    )
    message: Mapped[str] = mapped_column(String(1000))
    detail: Mapped[dict[str, Any]] = mapped_column(default=dict)
    run_id: Mapped[int | None] = mapped_column(ForeignKey("crawl_runs.id"), index=True)
    source_id: Mapped[int | None] = mapped_column(ForeignKey("sources.id"))
    report_id: Mapped[int | None] = mapped_column(ForeignKey("reports.id"), index=True)
    version_id: Mapped[int | None] = mapped_column(ForeignKey("report_versions.id"))
    capture_id: Mapped[int | None] = mapped_column(ForeignKey("captures.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Alert(Base):
    """A notice for people (overdue, source broken, revision), raised once per ``key``."""

    __tablename__ = "alerts"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(300), unique=True)
    kind: Mapped[str] = mapped_column(String(50))
    status: Mapped[AlertStatus] = mapped_column(
        str_enum(AlertStatus, "alert_status"), default=AlertStatus.PENDING
    )
    body_id: Mapped[int | None] = mapped_column(ForeignKey("bodies.id"))
    year: Mapped[int | None]
    message: Mapped[str] = mapped_column(String(1000))
    detail: Mapped[dict[str, Any]] = mapped_column(default=dict)
    raised_at: Mapped[datetime] = mapped_column(default=utcnow)
    resolved_at: Mapped[datetime | None]

    deliveries: Mapped[list[AlertDelivery]] = relationship(
        back_populates="alert", order_by="AlertDelivery.id"
    )


class AlertDelivery(Base):
    """One event of an alert (``raised`` or ``resolved``) for one channel, until it is sent.

    A channel that fails leaves its rows ``pending``; the next ``alerts check`` retries them.
    """

    __tablename__ = "alert_deliveries"
    __table_args__ = (
        UniqueConstraint("alert_id", "channel", "event"),
        Index(None, "status", "channel"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    alert_id: Mapped[int] = mapped_column(ForeignKey("alerts.id"))
    channel: Mapped[str] = mapped_column(String(100))
    event: Mapped[str] = mapped_column(String(20))  # raised | resolved
    status: Mapped[DeliveryStatus] = mapped_column(
        str_enum(DeliveryStatus, "delivery_status"), default=DeliveryStatus.PENDING
    )
    attempts: Mapped[int] = mapped_column(default=0)
    last_error: Mapped[str | None] = mapped_column(String(1000))
    last_attempt_at: Mapped[datetime | None]
    sent_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    alert: Mapped[Alert] = relationship(back_populates="deliveries")


class Schedule(Base):
    """A cron expression for crawling one region (and checking its alerts).

    ``deadline_cron``, when set, fires too in ``window_months`` (e.g. January to April,
    when reports fall due). Cron fields are read in ``timezone``. The next run is always
    computed from ``last_run_at`` (or ``created_at``), so a restart loses nothing.
    """

    __tablename__ = "schedules"

    id: Mapped[int] = mapped_column(primary_key=True)
    region_code: Mapped[str] = mapped_column(ForeignKey("regions.code"), index=True)
    cron: Mapped[str] = mapped_column(String(100))
    deadline_cron: Mapped[str | None] = mapped_column(String(100))
    window_months: Mapped[list[Any]] = mapped_column(
        default=lambda: [1, 2, 3, 4], server_default=text("'[1, 2, 3, 4]'")
    )
    timezone: Mapped[str] = mapped_column(
        String(50), default="Asia/Shanghai", server_default="Asia/Shanghai"
    )
    enabled: Mapped[bool] = mapped_column(default=True)
    last_run_at: Mapped[datetime | None]
    last_finished_at: Mapped[datetime | None]
    last_exit_code: Mapped[int | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Lease(Base):
    """A named lock with a holder and an expiry (e.g. ``crawl:411421``).

    Taken atomically by an insert-or-take-over-if-expired statement, so two scheduler
    processes on one database (SQLite or PostgreSQL) never run the same crawl at once.
    """

    __tablename__ = "leases"

    key: Mapped[str] = mapped_column(String(200), primary_key=True)
    holder: Mapped[str] = mapped_column(String(200))
    acquired_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]
