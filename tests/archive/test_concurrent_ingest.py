"""Two nodes extracting the same report at once, on PostgreSQL: one report, one version.

Two crawl runs captured the same report page; two threads (two connections, as two
nodes would be) ingest them at the same moment and hold their transactions open a
little before committing, so their report writing overlaps. Without the report-writing
lock the second insert of the report would fail on its unique constraint.
"""

from __future__ import annotations

import threading
import time

import pytest
from alembic import command
from sqlalchemy import func, select

from archive.blobstore import BlobStore
from archive.db import alembic_config, make_engine, session_factory, upgrade
from archive.ingest import ingest_run
from archive.models import Blob, Capture, CrawlRun, FetchOutcome, Report, ReportVersion, Sighting
from crawler.sample_portals.server import PACKAGE_DIR
from tests.archive.builders import registry, source

pytestmark = pytest.mark.slow

PAGE = "minquan/xxgk/ndbg/202003/t20200319_10016.html"  # 民权县人民政府 2019, inline tables


def test_two_writers_of_one_report_make_one_version(postgres_url, tmp_path) -> None:
    command.downgrade(alembic_config(postgres_url), "base")
    upgrade(postgres_url)
    engine = make_engine(postgres_url)
    sessions = session_factory(engine)
    store = BlobStore(tmp_path / "blobs")
    body = (PACKAGE_DIR / "site" / PAGE).read_bytes()
    stored = store.put(body)
    with sessions.begin() as session:
        registry(session)
        src = source(session)
        session.add(Blob(sha256=stored.sha256, size=stored.size, stored_size=stored.stored_size))
        run_ids = []
        for _ in range(2):
            run = CrawlRun()
            session.add(run)
            session.flush()
            session.add(
                Capture(
                    run_id=run.id,
                    source_id=src.id,
                    requested_url=f"http://127.0.0.1:8765/{PAGE}",
                    final_url=f"http://127.0.0.1:8765/{PAGE}",
                    outcome=FetchOutcome.OK,
                    status=200,
                    role="article",
                    blob_sha256=stored.sha256,
                    context={"title": "民权县人民政府2019年政府信息公开工作年度报告"},
                )
            )
            run_ids.append(run.id)

    start = threading.Barrier(2)
    errors: list[BaseException] = []
    new_versions: list[int] = []

    def node(run_id: int) -> None:
        try:
            start.wait(timeout=30)
            with sessions.begin() as session:
                summary = ingest_run(session, store, run_id, workers=1)
                new_versions.append(summary.versions_new)
                time.sleep(1.0)  # keep the transaction open: the other writer overlaps
        except BaseException as exc:  # reported below
            errors.append(exc)

    threads = [threading.Thread(target=node, args=(r,)) for r in run_ids]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert errors == []
    assert sorted(new_versions) == [0, 1]
    with sessions.begin() as session:
        assert session.scalar(select(func.count()).select_from(Report)) == 1
        assert session.scalar(select(func.count()).select_from(ReportVersion)) == 1
        assert session.scalar(select(func.count()).select_from(Sighting)) == 2
    engine.dispose()
