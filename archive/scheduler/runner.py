"""``nianbao scheduler run``: one long-running process that starts due crawls and checks alerts.

Each tick: reap finished crawls (record their exit status, release their lease), renew
the leases of running ones, start due schedules as subprocesses (``nianbao crawl
--region CODE``, or any ``crawl_command``) up to ``jobs`` at a time, and run the alerts
check after crawls and every ``alerts_interval`` seconds. A crawl starts only under
the lease ``crawl:<region>``, so a second scheduler on the same database never crawls
the same region at once; a schedule is re-read under the lease, so it does not run
twice for one due time. SIGTERM or Ctrl-C stops starting crawls and waits for the
running ones (which receive the signal themselves and stop gracefully).
"""

from __future__ import annotations

import logging
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import IO, Any

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from ..config import Settings
from ..models import Schedule, utcnow
from ..overdue import china_date
from .lock import HOLDER_ENV, acquire, holder_of, release, renew
from .store import due_at, next_run

log = logging.getLogger(__name__)
ALERTS_LEASE = "alerts"


def default_crawl_command() -> list[str]:
    """The ``nianbao`` script beside this Python, else the same CLI through ``-c``."""
    script = shutil.which("nianbao", path=os.path.dirname(sys.executable))
    if script:
        return [script]
    return [sys.executable, "-c", "from crawler.cli import cli; cli()"]


@dataclass
class Job:
    schedule_id: int
    region: str
    lease: str
    process: subprocess.Popen[bytes]
    started_at: datetime
    log_path: Path | None
    log_file: IO[bytes] | None
    renewed: float = field(default_factory=time.monotonic)


@dataclass
class Event:
    """Something the scheduler did, for the log and for tests."""

    what: str  # started | finished | skipped | failed | alerts | lease_lost
    schedule_id: int | None = None
    region: str | None = None
    detail: dict[str, Any] = field(default_factory=dict)

    def line(self) -> str:
        where = f" schedule {self.schedule_id}" if self.schedule_id else ""
        where += f" region {self.region}" if self.region else ""
        extra = " ".join(f"{k}={v}" for k, v in self.detail.items())
        return f"scheduler: {self.what}{where} {extra}".rstrip()


class Scheduler:
    """Runs due crawls under leases; ``run`` loops, ``tick`` does one round."""

    def __init__(
        self,
        sessions: sessionmaker[Session],
        settings: Settings,
        *,
        crawl_command: Sequence[str] | None = None,
        jobs: int = 1,
        poll: float = 30.0,
        lease_ttl: float = 600.0,
        alerts: Callable[[date], Any] | None = None,
        alerts_interval: float = 3600.0,
        holder: str | None = None,
        clock: Callable[[], datetime] = utcnow,
        report: Callable[[Event], None] | None = None,
        log_dir: Path | None = None,
    ) -> None:
        self.sessions = sessions
        self.settings = settings
        self.crawl_command = list(crawl_command or default_crawl_command())
        self.jobs = max(1, jobs)
        self.poll = poll
        self.lease_ttl = lease_ttl
        self.alerts = alerts
        self.alerts_interval = alerts_interval
        self.holder = holder or f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
        self.clock = clock
        self.report = report or (lambda e: log.info(e.line()))
        self.log_dir = log_dir if log_dir is not None else settings.data_dir / "logs"
        self.running: dict[str, Job] = {}
        self.started = 0
        self.finished = 0
        self.stopping = False
        self._last_alerts: float | None = None
        self._alerts_wanted = False

    # -- one round -------------------------------------------------------------------

    def tick(self, max_runs: int | None = None) -> list[Event]:
        events: list[Event] = []
        events += self._reap()
        events += self._renew()
        if not self.stopping:
            events += self._start_due(max_runs)
        events += self._maybe_alerts()
        for event in events:
            self.report(event)
        return events

    def due(self, session: Session, now: datetime) -> list[Schedule]:
        """Enabled schedules due at ``now`` whose region this process is not crawling."""
        schedules = session.scalars(select(Schedule).where(Schedule.enabled.is_(True)))
        due = [s for s in schedules if s.region_code not in self.running and due_at(s, now)]
        return sorted(due, key=lambda s: (next_run(s), s.id))

    def _start_due(self, max_runs: int | None) -> list[Event]:
        events: list[Event] = []
        now = self.clock()
        with self.sessions.begin() as session:
            due = [(s.id, s.region_code) for s in self.due(session, now)]
        for schedule_id, region in due:
            if len(self.running) >= self.jobs or region in self.running:
                continue
            if max_runs is not None and self.started >= max_runs:
                break
            key = f"crawl:{region}"
            with self.sessions.begin() as session:
                if not acquire(session, key, self.holder, self.lease_ttl, now):
                    lease = holder_of(session, key, now)
                    events.append(
                        Event(
                            "skipped",
                            schedule_id,
                            region,
                            {
                                "reason": "region is being crawled",
                                "holder": lease.holder if lease else "?",
                                "until": lease.expires_at.isoformat() if lease else "?",
                            },
                        )
                    )
                    continue
                schedule = session.get(Schedule, schedule_id, populate_existing=True)
                if schedule is None or not due_at(schedule, now):
                    release(session, key, self.holder)  # another scheduler just ran it
                    continue
                schedule.last_run_at = now
            events.append(self._spawn(schedule_id, region, key, now))
        return events

    def _spawn(self, schedule_id: int, region: str, key: str, now: datetime) -> Event:
        argv = [*self.crawl_command, "crawl", "--region", region]
        env = {
            **os.environ,
            "NIANBAO_DB": self.settings.db_url,
            "NIANBAO_DATA": str(self.settings.data_dir),
            HOLDER_ENV: self.holder,  # the crawl runs under this scheduler's lease
        }
        log_path = log_file = None
        try:
            if self.log_dir is not None:
                self.log_dir.mkdir(parents=True, exist_ok=True)
                stamp = now.strftime("%Y%m%dT%H%M%SZ")
                log_path = self.log_dir / f"crawl-{region}-{stamp}.log"
                log_file = log_path.open("ab")
            process = subprocess.Popen(
                argv,
                env=env,
                stdin=subprocess.DEVNULL,
                stdout=log_file or subprocess.DEVNULL,
                stderr=subprocess.STDOUT if log_file else subprocess.DEVNULL,
            )
        except OSError as exc:
            if log_file:
                log_file.close()
            with self.sessions.begin() as session:
                schedule = session.get(Schedule, schedule_id)
                if schedule is not None:
                    schedule.last_exit_code = -1
                    schedule.last_finished_at = self.clock()
                release(session, key, self.holder)
            return Event("failed", schedule_id, region, {"error": str(exc)})
        self.running[region] = Job(schedule_id, region, key, process, now, log_path, log_file)
        self.started += 1
        return Event("started", schedule_id, region, {"pid": process.pid, "log": log_path or "-"})

    def _reap(self) -> list[Event]:
        events = []
        for region, job in list(self.running.items()):
            code = job.process.poll()
            if code is None:
                continue
            del self.running[region]
            if job.log_file:
                job.log_file.close()
            with self.sessions.begin() as session:
                schedule = session.get(Schedule, job.schedule_id)
                if schedule is not None:
                    schedule.last_exit_code = code
                    schedule.last_finished_at = self.clock()
                release(session, job.lease, self.holder)
            self.finished += 1
            self._alerts_wanted = True
            events.append(Event("finished", job.schedule_id, region, {"exit": code}))
        return events

    def _renew(self) -> list[Event]:
        events = []
        for job in self.running.values():
            if time.monotonic() - job.renewed < self.lease_ttl / 3:
                continue
            with self.sessions.begin() as session:
                kept = renew(session, job.lease, self.holder, self.lease_ttl, self.clock())
            job.renewed = time.monotonic()
            if not kept:
                events.append(Event("lease_lost", job.schedule_id, job.region))
        return events

    def _maybe_alerts(self, force: bool = False) -> list[Event]:
        if self.alerts is None:
            return []
        interval_passed = (
            self._last_alerts is None
            or time.monotonic() - self._last_alerts >= self.alerts_interval
        )
        if not (force or self._alerts_wanted or interval_passed):
            return []
        self._alerts_wanted = False
        self._last_alerts = time.monotonic()
        now = self.clock()
        with self.sessions.begin() as session:
            if not acquire(session, ALERTS_LEASE, self.holder, self.lease_ttl, now):
                return [Event("skipped", detail={"reason": "another process is checking alerts"})]
        try:
            result = self.alerts(china_date(now))
            detail = {"result": getattr(result, "summary", lambda: "done")()}
            what = "alerts"
        except Exception as exc:  # a broken channel config must not stop the crawls
            detail, what = {"error": f"{type(exc).__name__}: {exc}"}, "failed"
        finally:
            with self.sessions.begin() as session:
                release(session, ALERTS_LEASE, self.holder)
        return [Event(what, detail=detail)]

    # -- the loop ---------------------------------------------------------------------

    def stop(self, *_: Any) -> None:
        self.stopping = True

    def run(self, *, once: bool = False, max_runs: int | None = None) -> int:
        """Loop until stopped; ``once``: run what is due now, wait, check alerts, return.

        ``max_runs``: return after that many crawls have finished. Returns the number
        of crawls that finished.
        """
        previous = {}
        if hasattr(signal, "SIGTERM"):
            try:
                for sig in (signal.SIGTERM, signal.SIGINT):
                    previous[sig] = signal.signal(sig, self.stop)
            except ValueError:  # not the main thread
                previous = {}
        try:
            first = True
            while True:
                events = self.tick(max_runs)
                started_now = any(e.what == "started" for e in events)
                done = max_runs is not None and self.finished >= max_runs
                if once and not first and not self.running and not started_now:
                    break
                if (done or self.stopping) and not self.running:
                    break
                first = False
                self._sleep(0.2 if (once or self.running) else self.poll)
            if self._alerts_wanted and not once:
                for event in self._maybe_alerts(force=True):
                    self.report(event)
        finally:
            for sig, handler in previous.items():
                signal.signal(sig, handler)
            self._wait_all()
        return self.finished

    def _sleep(self, seconds: float) -> None:
        end = time.monotonic() + seconds
        while time.monotonic() < end and not self.stopping:
            if any(job.process.poll() is not None for job in self.running.values()):
                return
            time.sleep(min(0.2, max(0.0, end - time.monotonic())))

    def _wait_all(self) -> None:
        for job in list(self.running.values()):
            job.process.wait()
        for event in self._reap():
            self.report(event)
