"""The cluster for real: PostgreSQL, two Scrapyd nodes, the scheduler, and a node killed mid-crawl.

The three sample counties are served on three loopback hosts (127.0.0.1, .2, .3), so
their crawls are three host-affine jobs over two nodes. When one node has fetched part
of a county, it is killed (SIGKILL to Scrapyd and its jobs); its jobs' host leases
expire, they are dispatched to the other node as the same crawl runs, and the archive
must end exactly as a single-machine crawl leaves it: every report with its figures, one
version each, no capture or finding twice.
"""

from __future__ import annotations

import json
import subprocess
import time
from datetime import timedelta
from typing import Any

import pytest
from alembic import command
from sqlalchemy import create_engine, text

from archive.db import alembic_config
from archive.models import utcnow
from crawler.sample_portals.server import PACKAGE_DIR, SamplePortals
from tests.crawler.conftest import NIANBAO, Archive
from tests.support.scrapyd import scrapyd_nodes

pytestmark = pytest.mark.slow

COUNTIES = {"minquan": "127.0.0.1", "huaiyin": "127.0.0.2", "generic": "127.0.0.3"}
REGIONS = ["411421", "320804", "130534"]
LEASE_TTL = 8
JOB_SETTINGS = [
    "--set", "AUTOTHROTTLE_ENABLED=False",
    "--set", "DOWNLOAD_DELAY=0.1",
    "--set", "RANDOMIZE_DOWNLOAD_DELAY=False",
    "--set", "CONCURRENT_REQUESTS_PER_DOMAIN=2",
    "--set", "NIANBAO_RETRY_BACKOFF=0.05",
]  # fmt: skip


@pytest.fixture
def three_hosts():
    servers = [SamplePortals(host=h) for h in COUNTIES.values()]
    for s in servers:
        s.start()
    try:
        yield dict(zip(COUNTIES, servers, strict=True))
    finally:
        for s in servers:
            s.stop()


def _rows(url: str, sql: str, **params: Any) -> list[Any]:
    engine = create_engine(url)
    try:
        with engine.begin() as db:
            return list(db.execute(text(sql), params))
    finally:
        engine.dispose()


def test_two_nodes_one_killed_mid_crawl_archive_matches_the_truth(
    postgres_url, three_hosts, tmp_path, truth
) -> None:
    command.downgrade(alembic_config(postgres_url), "base")  # an empty archive
    arch = Archive(tmp_path / "data", three_hosts["minquan"])

    def nianbao(*args: str) -> subprocess.CompletedProcess[str]:
        return arch.run("--db", postgres_url, *args)

    assert nianbao("init").returncode == 0
    registry = (PACKAGE_DIR / "registry.yaml").read_text("utf-8")
    for county, server in three_hosts.items():
        registry = registry.replace(f"{{base}}/{county}/", f"{server.base_url}/{county}/")
    assert "\"{base}/" not in registry
    (tmp_path / "sources.yaml").write_text(registry, "utf-8")
    result = nianbao("sources", "import", str(tmp_path / "sources.yaml"))
    assert result.returncode == 0, result.stderr
    for region in REGIONS:
        assert nianbao("schedule", "add", "--region", region, "--cron", "0 3 * * *").returncode == 0
    engine = create_engine(postgres_url)
    with engine.begin() as db:  # created a day ago: due now
        db.execute(text("UPDATE schedules SET created_at = :t"), {"t": utcnow() - timedelta(days=1)})
    engine.dispose()

    with scrapyd_nodes(tmp_path / "nodes", arch.env) as (node1, node2):
        log = (tmp_path / "scheduler.log").open("w")
        scheduler = subprocess.Popen(
            [NIANBAO, "--db", postgres_url, "scheduler", "run", "--once", "--no-alerts",
             "--jobs", "3", "--nodes", f"{node1.url},{node2.url}", "--jobs-per-node", "2",
             "--hosts-per-job", "1", "--lease-ttl", str(LEASE_TTL), *JOB_SETTINGS],
            env=arch.env, stdout=log, stderr=subprocess.STDOUT, text=True,
        )  # fmt: skip
        try:
            # Kill node 1 once one of its crawls is well under way (and not finished).
            deadline = time.monotonic() + 90
            killed = False
            while time.monotonic() < deadline and scheduler.poll() is None:
                busy = _rows(
                    postgres_url,
                    "SELECT r.id, COUNT(c.id) FROM crawl_runs r JOIN captures c ON c.run_id = r.id"
                    " WHERE r.node = :node AND r.status = 'running' GROUP BY r.id",
                    node=node1.url,
                )
                if any(n >= 8 for _, n in busy):
                    node1.kill()
                    killed = True
                    break
                time.sleep(0.3)
            assert killed, (tmp_path / "scheduler.log").read_text()
            scheduler.wait(timeout=150)
        finally:
            if scheduler.poll() is None:
                scheduler.kill()
            log.close()
    out = (tmp_path / "scheduler.log").read_text()
    assert scheduler.returncode == 0, out

    # One line and one alert for the node that went down; its jobs went to node 2.
    assert len([ln for ln in out.splitlines() if "node_down" in ln]) == 1, out
    assert node1.url in out and "lost" in out
    alerts = _rows(postgres_url, "SELECT kind, detail FROM alerts WHERE kind = 'node_down'")
    detail = alerts[0][1] if alerts and isinstance(alerts[0][1], dict) else {}
    assert len(alerts) == 1 and detail["node"] == node1.url, alerts
    runs = _rows(
        postgres_url, "SELECT id, status, outcome, node, job_id, attempts FROM crawl_runs"
    )
    assert len(runs) == 3
    assert {(status, outcome, node) for _, status, outcome, node, _, _ in runs} == {
        ("finished", "finished", node2.url)
    }, runs
    assert any(attempts == 2 for *_, attempts in runs), runs  # at least one was redone
    assert all(job for *_, job, _ in runs)
    shown = json.loads(nianbao("runs", "--json").stdout)
    assert {(r["node"], r["outcome"]) for r in shown} == {(node2.url, "finished")}

    # No duplicate captures, versions or findings; no lost report.
    assert _rows(
        postgres_url,
        "SELECT run_id, requested_url FROM captures GROUP BY run_id, requested_url"
        " HAVING COUNT(*) > 1",
    ) == []
    assert _rows(
        postgres_url,
        "SELECT kind, capture_id FROM findings WHERE capture_id IS NOT NULL"
        " GROUP BY kind, capture_id, message HAVING COUNT(*) > 1",
    ) == []
    assert _rows(
        postgres_url, "SELECT report_id FROM report_versions GROUP BY report_id HAVING COUNT(*) > 1"
    ) == []
    reports = {(r["body"], r["year"]): r for r in json.loads(nianbao("reports", "--json").stdout)}
    expected = [r for r in truth["reports"] if r["status"] == "found"]
    assert len(reports) == len(expected)
    wrong = []
    for r in expected:
        row = reports.get((r["body"], r["year"]))
        assert row is not None, (r["body"], r["year"])
        (figures,) = _rows(
            postgres_url,
            "SELECT v.figures FROM report_versions v JOIN reports r ON r.id = v.report_id"
            " WHERE r.body_name = :body AND r.year = :year",
            body=r["body"],
            year=r["year"],
        )[0]
        figures = figures if isinstance(figures, dict) else json.loads(figures)
        figures.pop("checks")
        if figures != r["report"]:
            wrong.append((r["body"], r["year"]))
        assert row["template"] == r["template"]
        assert row["url"].endswith(r["url_path"])
        assert row["document_url"].endswith(r["document_path"])
        assert row["format"] == r["format"]
        assert row["published"] == r["published"]
    assert wrong == []
