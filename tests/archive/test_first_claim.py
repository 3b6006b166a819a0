"""A report carries its version 1's claimed publication date and its source
(``reports.claimed_published``, for ``overdue``): after ingest, a new version, a
re-extraction and a merge it is still version 1's, on SQLite and (slow) PostgreSQL."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import and_, select
from sqlalchemy.orm import Session, aliased, sessionmaker

from archive.blobstore import BlobStore
from archive.ingest import ingest_run
from archive.models import Blob, Capture, CrawlRun, FetchOutcome, Report, ReportVersion, utcnow
from archive.reattribute import merge_reports
from archive.reextract import reextract
from tests.archive.builders import registry, report, source

PAGE = Path(__file__).resolve().parents[1] / "fixtures" / "reports" / "plain_2024_bureau.html"
URL = "http://127.0.0.1:8765/ndbg/t20250125_1.html"
TITLE = "白马县水利局2024年政府信息公开工作年度报告"


def _mismatches(session: Session) -> list[Any]:
    """Reports whose own claimed date or source is not their version 1's."""
    first = aliased(ReportVersion)
    rows = session.execute(
        select(
            Report.id,
            Report.claimed_published,
            Report.claimed_date_source,
            first.claimed_published,
            first.claimed_date_source,
        ).outerjoin(first, and_(first.report_id == Report.id, first.number == 1))
    ).all()
    return [r for r in rows if (r[1], r[2]) != (r[3], r[4])]


def _crawl(
    sessions: sessionmaker[Session], store: BlobStore, source_id: int, body: bytes, day: int
) -> int:
    """A run that captured the report page with ``body``."""
    with sessions.begin() as session:
        run = CrawlRun()
        session.add(run)
        session.flush()
        stored = store.put(body)
        if session.get(Blob, stored.sha256) is None:
            session.add(Blob(sha256=stored.sha256, size=stored.size, stored_size=stored.stored_size))
            session.flush()
        session.add(
            Capture(
                run_id=run.id,
                source_id=source_id,
                requested_url=URL,
                final_url=URL,
                outcome=FetchOutcome.OK,
                status=200,
                role="article",
                blob_sha256=stored.sha256,
                context={"title": TITLE},
                fetched_at=utcnow() + timedelta(days=day),
            )
        )
        return run.id


def test_reports_keep_version_1s_claim_through_ingest_versions_reextract_and_merges(
    both_sessions: sessionmaker[Session], tmp_path: Path
) -> None:
    store = BlobStore(tmp_path / "blobs")
    with both_sessions.begin() as s:
        registry(s)
        src = source(s).id
    page = PAGE.read_bytes()
    with both_sessions.begin() as s:
        ingest_run(s, store, _crawl(both_sessions, store, src, page, 1), workers=1)
    with both_sessions() as s:
        found = s.scalars(select(Report)).one()
        assert (found.claimed_published, found.claimed_date_source) == (
            date(2025, 1, 25),
            "visible",
        )
        assert _mismatches(s) == []

    # the page comes back saying another date, with another text: version 2 claims
    # 2025-02-20, the report still claims version 1's date
    later = page.replace(b"2025-01-25", b"2025-02-20").replace(
        "2025年1月25日".encode(), "2025年2月20日".encode()
    )
    with both_sessions.begin() as s:
        ingest_run(s, store, _crawl(both_sessions, store, src, later, 2), workers=1)
    with both_sessions() as s:
        claims = s.scalars(
            select(ReportVersion.claimed_published).order_by(ReportVersion.number)
        ).all()
        assert claims == [date(2025, 1, 25), date(2025, 2, 20)]
        assert s.scalars(select(Report.claimed_published)).one() == date(2025, 1, 25)
        assert _mismatches(s) == []

    with both_sessions.begin() as s:
        reextract(s, store, workers=1)
    with both_sessions() as s:
        assert _mismatches(s) == []
        report_id, body_name, region, year = s.execute(
            select(Report.id, Report.body_name, Report.region_code, Report.year)
        ).one()

    # merged into a report of the same body and year that had no version yet: the
    # moved version 1 brings its claim
    with both_sessions.begin() as s:
        gone = s.get(Report, report_id)
        assert gone is not None
        gone.body_name = f"~{report_id}"
        s.flush()
        keep = Report(body_name=body_name, region_code=region, year=year)
        s.add(keep)
        s.flush()
        merge_reports(s, keep, gone)
        assert (keep.claimed_published, keep.claimed_date_source) == (
            date(2025, 1, 25),
            "visible",
        )
    with both_sessions() as s:
        assert s.scalars(select(Report.claimed_published)).all() == [date(2025, 1, 25)]
        assert _mismatches(s) == []


def test_a_merge_into_a_report_with_versions_keeps_its_own_claim(
    both_sessions: sessionmaker[Session],
) -> None:
    with both_sessions.begin() as s:
        bodies = registry(s)
        keep = report(s, bodies["dept"], 2023, claimed=date(2024, 1, 20))
        gone = Report(body_name="教育局", region_code="411421", year=2023)
        s.add(gone)
        s.flush()
        s.add(  # other figures: a version of its own, not a twin of the kept one
            ReportVersion(
                report_id=gone.id, number=1, figures={"n": 1}, claimed_published=date(2024, 3, 1)
            )
        )
        s.flush()
        s.refresh(gone)
        merge_reports(s, keep, gone)
    with both_sessions() as s:
        (kept,) = s.scalars(select(Report)).all()
        assert kept.claimed_published == date(2024, 1, 20)
        assert [v.claimed_published for v in kept.versions] == [
            date(2024, 1, 20),
            date(2024, 3, 1),
        ]
        assert _mismatches(s) == []
