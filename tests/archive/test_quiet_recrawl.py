"""Findings are facts about content: an unchanged re-crawl neither extracts nor says again.

Real fixture pages (a report with a failed check, a report whose year nothing tells, a
page that is not a report) are stored in a real blob store and captured in three runs;
``ingest_run`` reads each run as a crawl's post-crawl stage does. The third run comes
after a new extractor: its verdicts on the same bytes are made afresh.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session, sessionmaker

from archive.blobstore import BlobStore
from archive.extract import EXTRACTOR_VERSION
from archive.ingest import ingest_run
from archive.models import Blob, Capture, CrawlRun, FetchOutcome, Finding, ReportVersion, utcnow
from tests.archive.builders import registry, source

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "reports"
PAGES = {
    # a report whose figures fail a check: check_failed, with its version
    "http://127.0.0.1:8765/ndbg/a1.html": (
        (FIXTURES / "wordpaste_2023_gbk_inconsistent.html").read_bytes(),
        "柳河县应急管理局2023年政府信息公开工作年度报告",
    ),
    # a report whose year nothing tells (none in its title, text, list title or URL)
    "http://127.0.0.1:8765/ndbg/a2.html": (
        (FIXTURES / "plain_2024_bureau.html")
        .read_bytes()
        .replace(b"2024", b"")
        .replace(b"2025", b"")
        .replace(b"2021", b""),
        "白马县水利局政府信息公开工作年度报告",
    ),
    # a notice about the reports, not a report
    "http://127.0.0.1:8765/ndbg/a3.html": (
        (FIXTURES / "notareport_notice_2023.html").read_bytes(),
        "关于做好年度报告编制工作的通知",
    ),
}


def _crawl(sessions: sessionmaker[Session], store: BlobStore, source_id: int, n: int) -> int:
    """A run that captured every page with the same bytes as before."""
    with sessions.begin() as session:
        run = CrawlRun()
        session.add(run)
        session.flush()
        for url, (body, title) in PAGES.items():
            stored = store.put(body)
            if session.get(Blob, stored.sha256) is None:
                session.add(
                    Blob(sha256=stored.sha256, size=stored.size, stored_size=stored.stored_size)
                )
                session.flush()
            session.add(
                Capture(
                    run_id=run.id,
                    source_id=source_id,
                    requested_url=url,
                    final_url=url,
                    outcome=FetchOutcome.OK if n == 1 else FetchOutcome.NOT_MODIFIED,
                    status=200 if n == 1 else 304,
                    role="article",
                    blob_sha256=stored.sha256,
                    context={"title": title},
                    fetched_at=utcnow() + timedelta(days=n),
                )
            )
        return run.id


def _ingest(sessions: sessionmaker[Session], store: BlobStore, run_id: int) -> tuple[int, dict]:
    with sessions.begin() as session:
        summary = ingest_run(session, store, run_id, workers=1)
        kinds = dict(
            session.execute(
                select(Finding.kind, func.count())
                .where(Finding.run_id == run_id)
                .group_by(Finding.kind)
            ).all()
        )
        return summary.extracted, kinds


def test_an_unchanged_recrawl_extracts_nothing_and_finds_nothing_new(
    both_sessions, tmp_path
) -> None:
    sessions = both_sessions
    store = BlobStore(tmp_path / "blobs")
    with sessions.begin() as session:
        registry(session)
        sid = source(session).id

    extracted, kinds = _ingest(sessions, store, _crawl(sessions, store, sid, 1))
    assert extracted == 3
    assert kinds["not_a_report"] == 1 and kinds["check_failed"] >= 1 and kinds["no_year"] == 1
    with sessions() as session:
        versions = session.scalar(select(func.count()).select_from(ReportVersion))
    assert versions == 1

    extracted, kinds = _ingest(sessions, store, _crawl(sessions, store, sid, 2))
    assert extracted == 0
    assert kinds == {}
    with sessions() as session:
        assert session.scalar(select(func.count()).select_from(ReportVersion)) == versions

    # A new extractor reads the same bytes again. Where it says what the last one said,
    # that is no news; where it says otherwise (the last one called the notice
    # unreadable), it is.
    notice = store.put(PAGES["http://127.0.0.1:8765/ndbg/a3.html"][0]).sha256
    with sessions.begin() as session:
        session.execute(update(Blob).values(verdict_extractor="an-older-extractor"))
        session.execute(update(ReportVersion).values(extractor_version="an-older-extractor"))
    extracted, kinds = _ingest(sessions, store, _crawl(sessions, store, sid, 3))
    assert extracted == 3
    assert kinds == {}
    with sessions.begin() as session:
        session.execute(
            update(Blob)
            .where(Blob.sha256 == notice)
            .values(verdict="corrupt", verdict_extractor="an-older-extractor")
        )
    extracted, kinds = _ingest(sessions, store, _crawl(sessions, store, sid, 4))
    assert extracted == 1
    assert kinds == {"not_a_report": 1}
    with sessions() as session:
        verdicts = set(session.scalars(select(Blob.verdict_extractor)))
        assert verdicts == {EXTRACTOR_VERSION}
        # the same figures: a sighting of the version, not a new one
        assert session.scalar(select(func.count()).select_from(ReportVersion)) == versions
