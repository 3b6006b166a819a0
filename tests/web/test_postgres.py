"""The dashboard over PostgreSQL, the scale-out target: the same heatmap as on SQLite."""

from __future__ import annotations

from pathlib import Path

import pytest
from alembic import command
from starlette.testclient import TestClient

from archive.config import load_settings
from archive.db import alembic_config, make_engine, session_factory, upgrade
from web.app import create_app

from .test_app import AS_OF, cells_of, fill

pytestmark = pytest.mark.slow


def test_pages_and_api_on_postgres(postgres_url: str, tmp_path: Path) -> None:
    command.downgrade(alembic_config(postgres_url), "base")  # an empty archive
    upgrade(postgres_url)
    engine = make_engine(postgres_url)
    with session_factory(engine).begin() as s:
        ids = fill(s)
    engine.dispose()
    client = TestClient(create_app(load_settings(postgres_url, tmp_path / "data"), as_of=AS_OF))
    cells = cells_of(client)
    assert cells[("民权县人民政府", 2022)]["status"] == "on_time"
    assert cells[("民权县人民政府", 2023)]["status"] == "late"
    assert cells[("民权县教育局", 2023)]["status"] == "blocked"
    assert cells[("北关镇人民政府", 2022)]["status"] == "found"
    late = client.get("/api/coverage", params={"years": "2021-2024", "status": "late"}).json()
    assert [r["body"] for r in late["rows"]] == ["民权县人民政府"]
    for path in ("/", f"/body/{ids['county']}", "/findings", "/runs", "/sources", "/charts"):
        assert client.get(path).status_code == 200, path
    assert client.get("/api/overdue", params={"years": "2021-2024"}).status_code == 200
