"""Cluster dispatch without nodes that work: grouping by host, and a node that is down.

The cluster end to end (two Scrapyd nodes, one killed) is ``tests/crawler/test_cluster.py``.
"""

from __future__ import annotations

import socket
from datetime import UTC, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from archive.config import Settings
from archive.models import Alert, CrawlRun, Region, Source
from archive.models.findings import Lease
from archive.scheduler import add_schedule
from archive.scheduler.dispatch import ClusterScheduler, group_by_host

NOW = datetime(2025, 11, 5, 12, 0, tzinfo=UTC)


def test_sources_are_grouped_by_host_a_few_hosts_to_a_job() -> None:
    sources = [
        (1, "http://www.a.gov.cn/col/1/index.html"),
        (2, "http://WWW.A.GOV.CN/col/2/index.html"),
        (3, "http://b.gov.cn/ndbg/"),
        (4, "http://b.gov.cn:8080/ndbg/"),
        (5, "https://c.gov.cn/x"),
    ]
    assert group_by_host(sources, 2) == [
        (["www.a.gov.cn", "b.gov.cn"], [1, 2, 3]),
        (["b.gov.cn:8080", "c.gov.cn"], [4, 5]),
    ]
    assert [hosts for hosts, _ in group_by_host(sources, 1)] == [
        ["www.a.gov.cn"],
        ["b.gov.cn"],
        ["b.gov.cn:8080"],
        ["c.gov.cn"],
    ]


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]  # closed again when this returns: connections refused


def _due_region(sessions: sessionmaker[Session]) -> None:
    with sessions.begin() as s:
        s.add(Region(code="411421", name="民权县", parent_code="411400", level="county"))
        s.flush()
        s.add(Source(url="http://127.0.0.1:9/a/index.html", region_code="411421"))
        s.add(Source(url="http://127.0.0.2:9/b/index.html", region_code="411421"))
        add_schedule(s, "411421", "0 3 * * *", now=NOW - timedelta(days=2))


def _cluster(
    sessions: sessionmaker[Session], settings: Settings, node: str, now: datetime
) -> tuple[ClusterScheduler, list[str]]:
    lines: list[str] = []
    runner = ClusterScheduler(
        sessions,
        settings,
        [node],
        hosts_per_job=1,
        clock=lambda: now,
        report=lambda e: lines.append(e.line()),
        node_retry=3600,
        watch=0,
    )
    return runner, lines


def test_a_node_that_does_not_answer_is_skipped_with_one_line_and_an_alert(
    sessions: sessionmaker[Session], settings: Settings
) -> None:
    _due_region(sessions)
    down = f"http://127.0.0.1:{_closed_port()}"
    runner, lines = _cluster(sessions, settings, down, NOW)
    for _ in range(4):
        runner.tick()
    assert len([ln for ln in lines if "node_down" in ln]) == 1, lines
    assert any(down in ln and "node_down" in ln for ln in lines)
    with sessions.begin() as s:
        alerts = list(s.scalars(select(Alert)))
        assert [(a.kind, a.detail["node"]) for a in alerts] == [("node_down", down)]
        runs = list(s.scalars(select(CrawlRun).order_by(CrawlRun.id)))
        assert [(r.outcome, r.node, r.attempts) for r in runs] == [("queued", None, 0)] * 2
        # nothing was sent, so no host is held
        assert list(s.scalars(select(Lease.key).where(Lease.key.like("host:%")))) == []
    assert len(runner.queue) == 2 and "411421" in runner.running
    runner._wait_all()


def test_a_killed_schedulers_open_runs_are_resumed_not_started_over(
    sessions: sessionmaker[Session], settings: Settings
) -> None:
    _due_region(sessions)
    down = f"http://127.0.0.1:{_closed_port()}"
    first, _ = _cluster(sessions, settings, down, NOW)
    first.tick()  # two runs queued; then the process dies without stopping
    first._wait_all()
    with sessions.begin() as s:
        runs = list(s.scalars(select(CrawlRun).order_by(CrawlRun.id)))
        left = [r.id for r in runs]
        assert len(left) == 2
        # one source is disabled meanwhile: its run has nothing left to crawl
        s.get(Source, runs[1].stats["source_ids"][0]).enabled = False

    later = NOW + timedelta(days=1)  # due again, and the dead scheduler's lease has expired
    second, lines = _cluster(sessions, settings, down, later)
    second.tick()
    assert any("runs=1" in ln and "resumed=1" in ln for ln in lines), lines
    assert [t.run_id for t in second.queue] == [left[0]]
    with sessions.begin() as s:
        runs = list(s.scalars(select(CrawlRun).order_by(CrawlRun.id)))
        assert [(r.id, r.outcome) for r in runs] == [(left[0], "queued"), (left[1], "dropped")]
    second._wait_all()


def test_a_resumed_run_whose_job_still_holds_its_host_is_watched_not_sent_again(
    sessions: sessionmaker[Session], settings: Settings
) -> None:
    _due_region(sessions)
    down = f"http://127.0.0.1:{_closed_port()}"
    later = NOW + timedelta(days=1)
    with sessions.begin() as s:
        sources = list(s.scalars(select(Source).order_by(Source.id)))
        run = CrawlRun(
            region_code="411421",
            outcome="dispatched",
            node=down,
            job_id="job-alive",
            attempts=1,
            stats={"region": "411421", "source_ids": [sources[0].id]},
        )
        s.add(run)
        s.add(
            Lease(key="host:127.0.0.1:9", holder="job-alive", expires_at=later + timedelta(hours=1))
        )
    runner, _ = _cluster(sessions, settings, down, later)
    runner.tick()
    node = runner.nodes[0]
    assert list(node.jobs) == ["job-alive"]  # watched on its node, where it still runs
    assert [t.source_ids for t in runner.queue] == [[sources[1].id]]  # only the other host
    runner._wait_all()
