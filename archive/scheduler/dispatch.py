"""Cluster dispatch: ``nianbao scheduler run --nodes URL,…`` runs due crawls as Scrapyd jobs.

The schedules, region leases and alerts are the single-machine scheduler's
(``runner.Scheduler``); what changes is where a crawl runs. A due region's sources are
grouped by host, a few hosts per job (``hosts_per_job``), and each group becomes one
crawl run (``crawl_runs``) and one Scrapyd job (``schedule.json``) on the least busy
node with a free slot. The node runs ``crawler.scrapyd_job``: ``nianbao crawl`` of those
sources into the shared database and blob store, extraction included.

- **Host-affine.** A job holds the lease ``host:<name>`` of each of its hosts (holder:
  its job id), taken here before ``schedule.json`` and renewed both here (while the
  node lists the job pending or running) and by the job itself. No other job — of this
  scheduler or another one on the same database — gets a host while it is held, so one
  host is crawled by one node at a time and its per-domain politeness holds cluster-wide.
- **Watching.** ``listjobs.json`` of each busy node every ``watch`` seconds. A finished
  job's outcome is its run's status in the database (the job writes it); a job that
  ended with its run still open is dispatched again (up to ``max_attempts``).
- **Faults.** A node that does not answer is skipped (one ``node_down`` line in the log
  and a ``node_down`` alert per outage; retried every ``node_retry`` seconds). Its jobs
  keep their leases until they expire — a job still alive behind a dead Scrapyd keeps
  renewing them — and are then dispatched to another node as the same crawl run, which
  resumes without capturing a URL twice. A scheduler that was killed leaves its runs
  open; the next one to take the region resumes them (``adopt.py``).

Each run records its node, job id, outcome and number of attempts.
"""

from __future__ import annotations

import time
import uuid
from collections import deque
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

from sqlalchemy import select, update
from sqlalchemy.orm import Session, sessionmaker

from ..attribution import region_scope
from ..config import Settings
from ..models import Alert, AlertStatus, CrawlRun, RunStatus, Schedule, Source
from ..models.findings import Lease
from .adopt import left_open
from .lock import acquire, release, renew
from .nodes import NodeUnreachable, ScrapydNode, Task
from .runner import Event, Scheduler


@dataclass
class RegionJob:
    """A due schedule in flight: its region lease and the tasks its sources became."""

    schedule_id: int
    region: str
    lease: str
    started_at: datetime
    tasks: list[Task] = field(default_factory=list)
    renewed: float = field(default_factory=time.monotonic)


def host_of(url: str) -> str:
    parts = urlsplit(url)
    return (parts.hostname or url).lower() + (f":{parts.port}" if parts.port else "")


def group_by_host(
    sources: Sequence[tuple[int, str]], hosts_per_job: int
) -> list[tuple[list[str], list[int]]]:
    """Sources grouped by host, ``hosts_per_job`` hosts to a group, in source order."""
    by_host: dict[str, list[int]] = {}
    for source_id, url in sources:
        by_host.setdefault(host_of(url), []).append(source_id)
    hosts = list(by_host)
    size = max(1, hosts_per_job)
    return [
        (hosts[i : i + size], [sid for h in hosts[i : i + size] for sid in by_host[h]])
        for i in range(0, len(hosts), size)
    ]


class ClusterScheduler(Scheduler):
    """The scheduler, with crawls run as Scrapyd jobs on ``nodes`` instead of subprocesses."""

    def __init__(
        self,
        sessions: sessionmaker[Session],
        settings: Settings,
        nodes: Sequence[str],
        *,
        jobs_per_node: int = 2,
        hosts_per_job: int = 20,
        max_attempts: int = 3,
        node_retry: float = 30.0,
        watch: float = 1.0,
        job_settings: dict[str, str] | None = None,
        node_db_url: str | None = None,
        node_data_dir: str | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(sessions, settings, **kwargs)
        if not nodes:
            raise ValueError("a cluster needs at least one node")
        self.nodes = [ScrapydNode(url) for url in nodes]
        self.jobs_per_node = max(1, jobs_per_node)
        self.hosts_per_job = hosts_per_job
        self.max_attempts = max_attempts
        self.node_retry = node_retry
        self.watch = watch
        self.job_settings = dict(job_settings or {})
        self.node_db_url = node_db_url or settings.db_url
        self.node_data_dir = node_data_dir or str(settings.data_dir)
        self.queue: deque[Task] = deque()
        self._last_watch = 0.0

    # -- starting a due region: its sources become tasks ---------------------------------

    def _spawn(self, schedule_id: int, region: str, key: str, now: datetime) -> Event:
        with self.sessions.begin() as session:
            sources = session.execute(
                select(Source.id, Source.url)
                .where(
                    Source.enabled.is_(True),
                    Source.removed_at.is_(None),
                    Source.region_code.in_(region_scope(region)),
                )
                .order_by(Source.id)
            )
            pairs = [(int(sid), str(url)) for sid, url in sources]
            job = RegionJob(schedule_id, region, key, now)
            job.tasks, adopted = self._adopt(session, region, dict(pairs))
            covered = {sid for task in job.tasks for sid in task.source_ids}
            rest = [(sid, url) for sid, url in pairs if sid not in covered]
            for hosts, ids in group_by_host(rest, self.hosts_per_job):
                run = CrawlRun(
                    region_code=region,
                    outcome="queued",
                    stats={"region": region, "hosts": hosts, "source_ids": ids},
                )
                session.add(run)
                session.flush()
                job.tasks.append(Task(run.id, region, hosts, ids))
            if not job.tasks:
                schedule = session.get(Schedule, schedule_id)
                if schedule is not None:
                    schedule.last_exit_code = 65
                    schedule.last_finished_at = self.clock()
                release(session, key, self.holder)
                return Event("failed", schedule_id, region, {"error": "no enabled sources"})
        self.running[region] = job  # type: ignore[assignment]
        self.queue.extend(t for t in job.tasks if t.job_id is None)
        self.started += 1
        hosts = sum(len(t.hosts) for t in job.tasks)
        detail = {"runs": len(job.tasks), "hosts": hosts}
        if adopted:
            detail["resumed"] = adopted
        return Event("started", schedule_id, region, detail)

    def _adopt(self, session: Session, region: str, urls: dict[int, str]) -> tuple[list[Task], int]:
        """Tasks for the region's runs an earlier scheduler left open (``adopt.py``).

        A run whose job still holds its hosts on one of our nodes is watched as it runs;
        the others are queued again as the same run, over those of their sources that are
        still enabled. A run with none left is closed as ``dropped``.
        """
        tasks: list[Task] = []
        nodes = {node.url: node for node in self.nodes}
        for left in left_open(session, region):
            ids = [sid for sid in left.source_ids if sid in urls]
            run = session.get(CrawlRun, left.run_id)
            assert run is not None
            if not ids:
                run.outcome, run.status = "dropped", RunStatus.INTERRUPTED
                continue
            hosts = list(dict.fromkeys(host_of(urls[sid]) for sid in ids))
            task = Task(left.run_id, region, hosts, ids, attempts=left.attempts)
            node = nodes.get(left.node or "")
            if node is not None and left.job_id and self._held_by(session, task, left.job_id):
                task.node, task.job_id, task.outcome = node, left.job_id, "dispatched"
                node.jobs[left.job_id] = task
            else:
                task.outcome = run.outcome = "queued"
            tasks.append(task)
        return tasks, len(tasks)

    # -- each tick: watch the nodes, dispatch, close finished regions ---------------------

    def _reap(self) -> list[Event]:
        events: list[Event] = []
        if time.monotonic() - self._last_watch >= self.watch:
            self._last_watch = time.monotonic()
            events += self._watch()
        if self.stopping:
            events += self._drop_queue()
        else:
            events += self._dispatch()
        events += self._close_regions()
        return events

    def _watch(self) -> list[Event]:
        events: list[Event] = []
        for node in self.nodes:
            if not node.jobs:
                continue
            states: dict[str, str] | None = None
            if node.down_since is None or time.monotonic() >= node.next_probe:
                try:
                    states = node.job_states()
                except NodeUnreachable as exc:
                    events += self._node_down(node, str(exc))
                else:
                    events += self._node_up(node)
            for job_id, task in list(node.jobs.items()):
                state = states.get(job_id) if states is not None else None
                if state in ("pending", "running"):
                    events += self._renew_task(task)
                elif state == "finished":
                    events.append(self._job_ended(node, task))
                elif not self._leases_held(task):
                    # Node down, or it forgot the job: lost once nobody renews its leases.
                    events.append(self._job_lost(node, task))
        return events

    def _renew_task(self, task: Task) -> list[Event]:
        if time.monotonic() - task.renewed < self.lease_ttl / 3:
            return []
        task.renewed = time.monotonic()
        assert task.job_id is not None
        with self.sessions.begin() as session:
            lost = [
                k
                for k in task.leases
                if not renew(session, k, task.job_id, self.lease_ttl)
                and session.get(Lease, k) is not None  # gone: the job ended and let go
            ]
        if lost:
            return [Event("lease_lost", None, task.region, {"run": task.run_id, "hosts": lost})]
        return []

    def _leases_held(self, task: Task) -> bool:
        assert task.job_id is not None
        with self.sessions.begin() as session:
            return self._held_by(session, task, task.job_id)

    def _held_by(self, session: Session, task: Task, job_id: str) -> bool:
        """Whether ``job_id`` still holds a live lease on one of the task's hosts."""
        live = session.scalars(
            select(Lease.key).where(
                Lease.key.in_(task.leases),
                Lease.holder == job_id,
                Lease.expires_at >= self.clock(),
            )
        ).first()
        return live is not None

    def _job_ended(self, node: ScrapydNode, task: Task) -> Event:
        """The job's process exited: its run's status says how it went."""
        assert task.job_id is not None
        del node.jobs[task.job_id]
        with self.sessions.begin() as session:
            run = session.get(CrawlRun, task.run_id, populate_existing=True)
            status = run.status if run is not None else RunStatus.FAILED
            for key in task.leases:
                release(session, key, task.job_id)
        if status in (RunStatus.FINISHED, RunStatus.FAILED):
            return self._settle(task, status.value, node)
        # The run is still open (interrupted, or the job crashed): dispatch it again.
        return self._retry(task, "interrupted" if status == RunStatus.INTERRUPTED else "crashed")

    def _job_lost(self, node: ScrapydNode, task: Task) -> Event:
        assert task.job_id is not None
        del node.jobs[task.job_id]
        return self._retry(task, "lost")

    def _retry(self, task: Task, why: str) -> Event:
        node, job_id = task.node.url if task.node else "-", task.job_id
        if task.attempts >= self.max_attempts:
            return self._settle(task, "gave_up", task.node, why=why)
        task.outcome = why
        self._record(task, outcome=why)
        self.queue.appendleft(task)
        return Event(
            why,
            None,
            task.region,
            {
                "run": task.run_id,
                "node": node,
                "job": job_id,
                "attempt": task.attempts,
                "next": "dispatching again",
            },
        )

    def _settle(
        self, task: Task, outcome: str, node: ScrapydNode | None, why: str | None = None
    ) -> Event:
        task.outcome, task.done = outcome, True
        self._record(task, outcome=outcome)
        detail = {
            "run": task.run_id,
            "node": node.url if node else "-",
            "job": task.job_id,
            "outcome": outcome,
        }
        if why:
            detail["after"] = why
        return Event("job_done", None, task.region, detail)

    def _record(self, task: Task, **values: Any) -> None:
        with self.sessions.begin() as session:
            session.execute(
                update(CrawlRun)
                .where(CrawlRun.id == task.run_id)
                .values(**values)
                .execution_options(synchronize_session=False)
            )

    # -- dispatching -----------------------------------------------------------------------

    def _free_node(self) -> ScrapydNode | None:
        ready = []
        for node in self.nodes:
            if len(node.jobs) >= self.jobs_per_node:
                continue
            if node.down_since is not None and time.monotonic() < node.next_probe:
                continue
            ready.append(node)
        return min(ready, key=lambda n: len(n.jobs), default=None)

    def _dispatch(self) -> list[Event]:
        events: list[Event] = []
        waiting: list[Task] = []
        while self.queue:
            node = self._free_node()
            if node is None:
                break
            task = self.queue.popleft()
            job_id = uuid.uuid4().hex
            now = self.clock()
            with self.sessions.begin() as session:
                taken = []
                for key in task.leases:
                    if not acquire(session, key, job_id, self.lease_ttl, now):
                        break
                    taken.append(key)
                if len(taken) < len(task.leases):
                    for key in taken:
                        release(session, key, job_id)
            if len(taken) < len(task.leases):
                waiting.append(task)  # a host is still held (by a job alive elsewhere)
                continue
            args = {
                "run": str(task.run_id),
                "sources": ",".join(map(str, task.source_ids)),
                "leases": ",".join(task.leases),
                "ttl": str(self.lease_ttl),
                "holder": self.holder,  # the region lease is this scheduler's
                "db": self.node_db_url,
                "data": self.node_data_dir,
            }
            try:
                node.schedule(job_id, args, self.job_settings)
            except NodeUnreachable as exc:
                with self.sessions.begin() as session:
                    for key in task.leases:
                        release(session, key, job_id)
                self.queue.appendleft(task)
                events += self._node_down(node, str(exc))
                continue
            events += self._node_up(node)
            task.node, task.job_id, task.renewed = node, job_id, time.monotonic()
            task.attempts += 1
            task.outcome = "dispatched"
            node.jobs[job_id] = task
            self._record(
                task, node=node.url, job_id=job_id, outcome="dispatched", attempts=task.attempts
            )
            events.append(
                Event(
                    "dispatched",
                    None,
                    task.region,
                    {
                        "run": task.run_id,
                        "node": node.url,
                        "job": job_id,
                        "hosts": len(task.hosts),
                        "attempt": task.attempts,
                    },
                )
            )
        self.queue.extend(waiting)
        return events

    def _drop_queue(self) -> list[Event]:
        """Stopping: what was not dispatched stays an interrupted run, to crawl later."""
        events = []
        while self.queue:
            task = self.queue.popleft()
            task.outcome, task.done = "not_dispatched", True
            self._record(task, outcome="not_dispatched", status=RunStatus.INTERRUPTED)
            events.append(
                Event(
                    "job_done", None, task.region, {"run": task.run_id, "outcome": "not_dispatched"}
                )
            )
        return events

    # -- nodes going down and coming back ----------------------------------------------------

    def _node_down(self, node: ScrapydNode, error: str) -> list[Event]:
        node.next_probe = time.monotonic() + self.node_retry
        if node.down_since is not None:
            return []
        node.down_since = self.clock()
        node.alert_key = f"node_down:{node.url}:{node.down_since.isoformat()}"
        with self.sessions.begin() as session:
            session.add(
                Alert(
                    key=node.alert_key,
                    kind="node_down",
                    message=f"crawl node {node.url} does not answer: {error}"[:1000],
                    detail={"node": node.url, "error": error, "jobs": sorted(node.jobs)},
                    raised_at=node.down_since,
                )
            )
        self._alerts_wanted = True
        return [Event("node_down", detail={"node": node.url, "error": error})]

    def _node_up(self, node: ScrapydNode) -> list[Event]:
        if node.down_since is None:
            return []
        since, node.down_since = node.down_since, None
        with self.sessions.begin() as session:
            alert = session.scalars(select(Alert).where(Alert.key == node.alert_key)).first()
            if alert is not None:
                alert.status = AlertStatus.RESOLVED
                alert.resolved_at = self.clock()
        return [Event("node_up", detail={"node": node.url, "down_since": since.isoformat()})]

    # -- regions ---------------------------------------------------------------------------

    def _close_regions(self) -> list[Event]:
        events = []
        for region, job in list(self.running.items()):
            tasks = job.tasks  # type: ignore[attr-defined]
            if not all(t.done for t in tasks):
                continue
            del self.running[region]
            ok = sum(t.outcome == "finished" for t in tasks)
            code = 0 if ok == len(tasks) else 1
            with self.sessions.begin() as session:
                schedule = session.get(Schedule, job.schedule_id)
                if schedule is not None:
                    schedule.last_exit_code = code
                    schedule.last_finished_at = self.clock()
                release(session, job.lease, self.holder)
            self.finished += 1
            self._alerts_wanted = True
            events.append(
                Event(
                    "finished",
                    job.schedule_id,
                    region,
                    {"exit": code, "runs": len(tasks), "finished_runs": ok},
                )
            )
        return events

    def _sleep(self, seconds: float) -> None:
        end = time.monotonic() + min(seconds, self.watch if self.running else seconds)
        while time.monotonic() < end and not self.stopping:
            time.sleep(min(0.2, max(0.0, end - time.monotonic())))

    def _wait_all(self) -> None:
        """Jobs run on their nodes and record their own outcome; nothing to wait for here."""
        for node in self.nodes:
            node.close()
