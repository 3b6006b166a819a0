"""Schedules in the archive, and when each is next due.

A schedule crawls one region on a cron expression (validated by croniter, read in the
schedule's time zone). An optional ``deadline_cron`` fires as well during
``window_months`` — e.g. daily at 06:00 from January to April, when reports fall due.
The next run is computed from the database alone (``last_run_at``, else
``created_at``), so a restarted scheduler picks up where it left off; runs missed
while it was down are made up by one run, not a burst.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from croniter import croniter
from sqlalchemy import select
from sqlalchemy.orm import Session

from ..errors import InputError
from ..lookups import require_region
from ..models import Schedule, utcnow

DEFAULT_WINDOW = [1, 2, 3, 4]
DEFAULT_TZ = "Asia/Shanghai"


def check_cron(expr: str, option: str = "--cron") -> str:
    expr = " ".join(expr.split())
    if len(expr.split()) != 5 or not croniter.is_valid(expr):
        raise InputError(
            f"{option} {expr!r} is not a cron expression (five fields: minute hour day month"
            " weekday, e.g. '0 3 * * 1')"
        )
    return expr


def parse_months(text: str) -> list[int]:
    """``"1-4"`` or ``"1,2,12"`` as month numbers."""
    months: set[int] = set()
    try:
        for part in text.split(","):
            lo, _, hi = part.strip().partition("-")
            a, b = int(lo), int(hi or lo)
            if not 1 <= a <= b <= 12:
                raise ValueError
            months.update(range(a, b + 1))
    except ValueError:
        raise InputError(f"--window-months {text!r}: expected months like 1-4 or 1,2,12") from None
    return sorted(months)


def zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise InputError(f"--tz {name!r} is not a known time zone (e.g. Asia/Shanghai)") from None


def _next(expr: str, base: datetime, tz: ZoneInfo) -> datetime:
    return croniter(expr, base.astimezone(tz)).get_next(datetime)


def next_run(schedule: Schedule) -> datetime:
    """The next time ``schedule`` fires after its last run (or its creation)."""
    tz = zone(schedule.timezone or DEFAULT_TZ)
    base = schedule.last_run_at or schedule.created_at
    when = _next(schedule.cron, base, tz)
    if schedule.deadline_cron:
        months = set(schedule.window_months or DEFAULT_WINDOW)
        extra = _next(schedule.deadline_cron, base, tz)
        # Walk to the first firing inside the window, but never past the regular one.
        for _ in range(400):
            if extra >= when or extra.month in months:
                break
            extra = _next(schedule.deadline_cron, extra, tz)
        if extra < when and extra.month in months:
            when = extra
    return when.astimezone(ZoneInfo("UTC"))


def due_at(schedule: Schedule, now: datetime) -> bool:
    return schedule.enabled and next_run(schedule) <= now


def add_schedule(
    session: Session,
    region: str,
    cron: str,
    *,
    deadline_cron: str | None = None,
    window_months: list[int] | None = None,
    timezone: str = DEFAULT_TZ,
    now: datetime | None = None,
) -> Schedule:
    """Validate and add a schedule (no commit)."""
    region = require_region(session, region).code
    zone(timezone)
    cron = check_cron(cron)
    same = session.scalars(
        select(Schedule).where(Schedule.region_code == region, Schedule.cron == cron)
    ).first()
    if same is not None:
        raise InputError(
            f"schedule {same.id} already crawls region {region} at {cron!r}: "
            "nothing added (nianbao schedule list)"
        )
    schedule = Schedule(
        region_code=region,
        cron=cron,
        deadline_cron=check_cron(deadline_cron, "--deadline-window") if deadline_cron else None,
        window_months=window_months or list(DEFAULT_WINDOW),
        timezone=timezone,
        created_at=now or utcnow(),
    )
    session.add(schedule)
    session.flush()
    return schedule


def remove_schedule(session: Session, schedule_id: int) -> Schedule:
    schedule = session.get(Schedule, schedule_id)
    if schedule is None:
        raise InputError(f"no schedule {schedule_id} (see nianbao schedule list)")
    session.delete(schedule)
    session.flush()
    return schedule


def schedule_row(schedule: Schedule) -> dict[str, Any]:
    return {
        "id": schedule.id,
        "region": schedule.region_code,
        "cron": schedule.cron,
        "deadline_window": schedule.deadline_cron,
        "window_months": schedule.window_months if schedule.deadline_cron else None,
        "timezone": schedule.timezone,
        "enabled": schedule.enabled,
        "last_run_at": schedule.last_run_at.isoformat() if schedule.last_run_at else None,
        "last_exit_code": schedule.last_exit_code,
        "next_run": next_run(schedule).isoformat() if schedule.enabled else None,
    }


def schedule_rows(session: Session) -> list[dict[str, Any]]:
    return [schedule_row(s) for s in session.scalars(select(Schedule).order_by(Schedule.id))]
