"""Schedules, leases and the runner: due computation, firing a crawl, refusing a second."""

from __future__ import annotations

import json
import os
import shlex
import subprocess
import sys
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from archive.config import Settings
from archive.errors import InputError
from archive.models import Region, Schedule
from archive.scheduler import Scheduler, acquire, add_schedule, next_run, release, renew
from archive.scheduler.lock import holder_of
from archive.scheduler.store import check_cron, due_at, parse_months
from tests.conftest import Nianbao

NOW = datetime(2025, 11, 5, 12, 0, tzinfo=UTC)  # a Wednesday, 20:00 in China


def _stand_in(seconds: float = 0.0, code: int = 0) -> list[str]:
    """A cheap crawl: notes its arguments in $NIANBAO_DATA/crawls.txt, sleeps, exits."""
    script = (
        "import os, sys, time, pathlib; "
        "p = pathlib.Path(os.environ['NIANBAO_DATA']) / 'crawls.txt'; "
        "p.parent.mkdir(parents=True, exist_ok=True); "
        "f = p.open('a'); f.write(' '.join(sys.argv[1:]) + '\\n'); f.close(); "
        f"time.sleep({seconds}); sys.exit({code})"
    )
    return [sys.executable, "-c", script]


def _crawls(settings: Settings) -> list[str]:
    path = settings.data_dir / "crawls.txt"
    return path.read_text().splitlines() if path.exists() else []


@pytest.fixture
def region(sessions: sessionmaker[Session]) -> str:
    with sessions.begin() as s:
        s.add(Region(code="411421", name="民权县", parent_code="411400", level="county"))
        s.add(Region(code="320804", name="淮阴区", parent_code="320800", level="county"))
    return "411421"


def test_cron_expressions_are_validated() -> None:
    assert check_cron("0  3 * * 1") == "0 3 * * 1"
    for bad in ("every day", "61 * * * *", "* * * *", "0 3 * * 1 2025"):
        with pytest.raises(InputError, match="not a cron expression"):
            check_cron(bad)
    assert parse_months("1-4") == [1, 2, 3, 4] and parse_months("12,1") == [1, 12]
    with pytest.raises(InputError):
        parse_months("0-13")


def test_next_run_comes_from_the_database(sessions: sessionmaker[Session], region: str) -> None:
    with sessions.begin() as s:
        sched = add_schedule(s, region, "0 3 * * 1", now=NOW)  # Mondays 03:00 China time
        assert next_run(sched) == datetime(2025, 11, 9, 19, 0, tzinfo=UTC)
        assert not due_at(sched, NOW + timedelta(days=3))
        assert due_at(sched, datetime(2025, 11, 9, 19, 0, tzinfo=UTC))
        sched.last_run_at = datetime(2025, 11, 9, 19, 0, 5, tzinfo=UTC)
        assert next_run(sched) == datetime(2025, 11, 16, 19, 0, tzinfo=UTC)
        with pytest.raises(InputError, match="unknown region"):
            add_schedule(s, "999999", "0 3 * * 1")


def test_the_deadline_window_crawls_more_often_from_january_to_april(
    sessions: sessionmaker[Session], region: str
) -> None:
    with sessions.begin() as s:
        sched = add_schedule(s, region, "0 3 * * 1", deadline_cron="0 6 * * *", now=NOW)
        assert next_run(sched).weekday() == 6  # November: the weekly run (Sunday 19:00 UTC)
        sched.last_run_at = datetime(2026, 1, 7, 0, 0, tzinfo=UTC)  # a Wednesday in January
        assert next_run(sched) == datetime(2026, 1, 7, 22, 0, tzinfo=UTC)  # 06:00 China, daily
        sched.last_run_at = datetime(2026, 4, 30, 23, 0, tzinfo=UTC)  # 1 May in China
        assert next_run(sched) == datetime(2026, 5, 3, 19, 0, tzinfo=UTC)  # weekly again


def test_leases_are_exclusive_until_they_expire(sessions: sessionmaker[Session]) -> None:
    with sessions.begin() as s:
        assert acquire(s, "crawl:411421", "a", 60, NOW)
    with sessions.begin() as s:
        assert not acquire(s, "crawl:411421", "b", 60, NOW + timedelta(seconds=30))
        assert acquire(s, "crawl:411421", "a", 60, NOW + timedelta(seconds=30))  # re-entrant
        assert renew(s, "crawl:411421", "a", 60, NOW + timedelta(seconds=40))
        assert holder_of(s, "crawl:411421", NOW + timedelta(seconds=41)).holder == "a"
    with sessions.begin() as s:
        assert not acquire(s, "crawl:411421", "b", 60, NOW + timedelta(seconds=99))
        assert acquire(s, "crawl:411421", "b", 60, NOW + timedelta(seconds=101))  # expired
        assert not renew(s, "crawl:411421", "a", 60, NOW + timedelta(seconds=102))
        assert not release(s, "crawl:411421", "a")
        assert release(s, "crawl:411421", "b")
        assert acquire(s, "crawl:411421", "c", 60, NOW + timedelta(seconds=103))


def _runner(sessions, settings, clock=lambda: NOW, **kwargs) -> Scheduler:  # type: ignore[no-untyped-def]
    events = []
    runner = Scheduler(
        sessions,
        settings,
        crawl_command=_stand_in(kwargs.pop("seconds", 0.0)),
        clock=clock,
        poll=0.1,
        report=events.append,
        holder=kwargs.pop("holder", "test"),
        **kwargs,
    )
    runner.events = events  # type: ignore[attr-defined]
    return runner


def test_a_due_schedule_fires_a_crawl_once(
    sessions: sessionmaker[Session], settings: Settings, region: str
) -> None:
    with sessions.begin() as s:
        add_schedule(s, region, "0 * * * *", now=NOW - timedelta(hours=2))  # hourly: due
        add_schedule(s, "320804", "0 3 * * 1", now=NOW)  # weekly: not yet
    checks = []
    runner = _runner(sessions, settings, alerts=checks.append)
    assert runner.run(once=True) == 1
    assert _crawls(settings) == [f"crawl --region {region}"]
    assert checks and checks[-1] == NOW.astimezone(NOW.tzinfo).date()
    with sessions() as s:
        sched = s.scalars(select(Schedule).where(Schedule.region_code == region)).one()
        assert sched.last_run_at == NOW and sched.last_exit_code == 0
        assert holder_of(s, f"crawl:{region}") is None  # released
    # a restarted scheduler reads the last run from the database: nothing due now
    assert _runner(sessions, settings).run(once=True) == 0
    assert len(_crawls(settings)) == 1
    logs = list((settings.data_dir / "logs").glob(f"crawl-{region}-*.log"))
    assert len(logs) == 1


def test_a_region_being_crawled_is_not_crawled_again(
    sessions: sessionmaker[Session], settings: Settings, region: str
) -> None:
    with sessions.begin() as s:
        add_schedule(s, region, "0 * * * *", now=NOW - timedelta(hours=2))
        acquire(s, f"crawl:{region}", "other-host:123", 600, NOW)
    runner = _runner(sessions, settings)
    events = runner.tick()
    assert [e.what for e in events] == ["skipped"]
    assert events[0].detail["holder"] == "other-host:123"
    assert _crawls(settings) == [] and not runner.running
    with sessions.begin() as s:
        assert s.scalars(select(Schedule)).one().last_run_at is None  # still due
        release(s, f"crawl:{region}", "other-host:123")
    assert runner.run(once=True) == 1


def test_a_second_scheduler_process_respects_the_lease(
    sessions: sessionmaker[Session], settings: Settings, region: str, nianbao: Nianbao
) -> None:
    with sessions.begin() as s:
        # two schedules for one region, both due: only one crawl may run at a time
        add_schedule(s, region, "0 * * * *", now=NOW - timedelta(hours=2))
        add_schedule(s, region, "30 * * * *", now=NOW - timedelta(hours=2))
    first = _runner(sessions, settings, clock=lambda: datetime.now(UTC), seconds=0.5)
    first.tick()
    assert list(first.running) == [region]
    try:
        exe = os.path.join(os.path.dirname(sys.executable), "nianbao")
        proc = subprocess.run(
            [
                exe,
                "scheduler",
                "run",
                "--once",
                "--no-alerts",
                "--crawl-command",
                shlex.join(_stand_in()),
            ],
            env={**os.environ, **nianbao.env},
            capture_output=True,
            text=True,
            timeout=60,
        )
    finally:
        first.run(once=True)
    assert proc.returncode == 0, proc.stderr
    assert "skipped" in proc.stderr and "region is being crawled" in proc.stderr
    assert "0 crawl(s) finished" in proc.stderr
    # the first scheduler ran both schedules, one after the other
    assert _crawls(settings) == [f"crawl --region {region}"] * 2


def test_cli_schedule_add_list_remove(nianbao: Nianbao, region: str) -> None:
    added = nianbao(
        "schedule",
        "add",
        "--region",
        region,
        "--cron",
        "0 3 * * 1",
        "--deadline-window",
        "0 6 * * *",
        "--json",
    )
    assert added.exit_code == 0, added.output
    row = json.loads(added.stdout)[0]
    assert row["cron"] == "0 3 * * 1" and row["deadline_window"] == "0 6 * * *"
    assert row["window_months"] == [1, 2, 3, 4] and row["next_run"]
    rows = json.loads(nianbao("schedule", "list", "--json").stdout)
    assert [r["id"] for r in rows] == [row["id"]]
    bad = nianbao("schedule", "add", "--region", region, "--cron", "every monday")
    assert bad.exit_code == 65 and bad.stderr.startswith("error: --cron")
    assert nianbao("schedule", "remove", str(row["id"])).exit_code == 0
    assert json.loads(nianbao("schedule", "list", "--json").stdout) == []
    assert nianbao("schedule", "remove", "99").exit_code == 65
