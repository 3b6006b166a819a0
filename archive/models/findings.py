"""What needs a person's attention: findings, alerts, and the schedules that find them."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, str_enum, utcnow
from .enums import AlertStatus, Severity


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


class Schedule(Base):
    """A cron expression for crawling one region (and checking its alerts)."""

    __tablename__ = "schedules"

    id: Mapped[int] = mapped_column(primary_key=True)
    region_code: Mapped[str] = mapped_column(ForeignKey("regions.code"), index=True)
    cron: Mapped[str] = mapped_column(String(100))
    enabled: Mapped[bool] = mapped_column(default=True)
    last_run_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
