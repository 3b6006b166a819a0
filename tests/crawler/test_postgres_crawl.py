"""A real crawl into PostgreSQL, the scale-out target: the same reports as on SQLite."""

from __future__ import annotations

import json

import pytest
from alembic import command

from archive.db import alembic_config
from crawler.sample_portals.server import PACKAGE_DIR
from tests.crawler.conftest import FAST, Archive

pytestmark = pytest.mark.slow


def test_crawl_versions_and_queries_on_postgres(postgres_url, portals, tmp_path, truth) -> None:
    command.downgrade(alembic_config(postgres_url), "base")  # an empty archive
    arch = Archive(tmp_path / "data", portals)

    def nianbao(*args: str):
        return arch.run("--db", postgres_url, *args)

    assert nianbao("init").returncode == 0
    registry = tmp_path / "sources.yaml"
    registry.write_text(
        (PACKAGE_DIR / "registry.yaml").read_text("utf-8").replace("{base}", portals.base_url),
        "utf-8",
    )
    assert nianbao("sources", "import", str(registry)).returncode == 0
    first = nianbao("crawl", *FAST)
    assert first.returncode == 0, first.stdout + first.stderr
    reports = json.loads(nianbao("reports", "--json").stdout)
    assert len(reports) == sum(1 for r in truth["reports"] if r["status"] == "found")

    portals.set_snapshot(2)
    assert nianbao("crawl", *FAST).returncode == 0
    revisions = json.loads(nianbao("revisions", "--json").stdout)
    changes = truth["snapshot2"]
    assert {(r["body"], r["year"]) for r in revisions} == {
        (c["body"], c["year"]) for c in changes["revised"] + changes["replaced"]
    }
    missing = nianbao("missing", "--years", "2019-2024", "--json")
    assert missing.returncode == 0, missing.stderr
    overdue = nianbao("overdue", "--as-of", "2026-12-01", "--json")
    assert overdue.returncode == 0, overdue.stderr
    assert {r["status"] for r in json.loads(overdue.stdout)} <= {"missing", "late"}
