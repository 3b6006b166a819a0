"""A claimed publication date contradicted by an earlier crawl: only when that crawl
could have seen the report, never when its page failed to load then."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from archive.models import FetchOutcome, Finding, ReportVersion, Sighting
from archive.versions import claimed_date_findings

from . import builders as b

URL = "http://127.0.0.1:8765/411421/ndbg/202401/t20240110_1.html"


@pytest.mark.parametrize(("first_outcome", "contradicted"), [(None, True), ("unreachable", False)])
def test_a_page_that_failed_in_the_earlier_run_is_not_evidence_of_absence(
    sessions: sessionmaker[Session], first_outcome: str | None, contradicted: bool
) -> None:
    with sessions.begin() as s:
        bodies = b.registry(s)
        src = b.source(s)
        run1 = b.run(s, b.at("2024-02-01"), {src: "ok"})
        b.capture(s, run1, src, FetchOutcome.OK)  # the column page, read fine
        if first_outcome:
            b.capture(s, run1, src, FetchOutcome(first_outcome), url=URL, role="article")
        run2 = b.run(s, b.at("2024-03-01"), {src: "ok"})
        seen = b.capture(s, run2, src, FetchOutcome.OK, url=URL, role="article")
        report = b.report(s, bodies["dept"], 2023, claimed=date(2024, 1, 10))
        version = s.scalars(select(ReportVersion).where(ReportVersion.report_id == report.id)).one()
        version.url = URL
        s.add(Sighting(version_id=version.id, capture_id=seen.id, url=URL))
        s.flush()
        claimed_date_findings(s, report, None, version, src.id, run2.id)
        kinds = s.scalars(select(Finding.kind)).all()
    assert ("claimed_date_contradicted" in kinds) is contradicted
