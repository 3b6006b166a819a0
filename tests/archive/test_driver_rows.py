"""Rows as the driver gives them: the stored dates read back whatever the backend gave."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from archive.driver_rows import as_date, as_naive_utc, driver_rows, utc_text
from archive.models import Report, ReportVersion
from tests.archive import builders as b


def test_stored_dates_and_times_read_back_as_the_orm_reads_them(
    sessions: sessionmaker[Session],
) -> None:
    with sessions.begin() as s:
        bodies = b.registry(s)
        b.report(
            s, bodies["town"], 2023, first_seen=b.at("2024-02-10", 4), claimed=date(2024, 1, 25)
        )
    with sessions() as s:
        query = select(Report.first_seen, ReportVersion.claimed_published).join(
            ReportVersion, ReportVersion.report_id == Report.id
        )
        ((seen, claimed),) = driver_rows(s, query)
        orm_seen, orm_claimed = s.execute(query).one()
        assert as_naive_utc(seen) == orm_seen.replace(tzinfo=None) == datetime(2024, 2, 10, 4)
        assert as_date(claimed) == orm_claimed == date(2024, 1, 25)


def test_values_already_typed_pass_through_and_aware_times_become_utc() -> None:
    china = timezone(timedelta(hours=8))
    assert as_naive_utc(datetime(2024, 2, 10, 12, tzinfo=china)) == datetime(2024, 2, 10, 4)
    assert as_naive_utc(datetime(2024, 2, 10, 4, tzinfo=UTC)) == datetime(2024, 2, 10, 4)
    assert as_naive_utc("2024-02-10 04:00:00.000000") == datetime(2024, 2, 10, 4)
    assert as_date(date(2024, 1, 25)) == as_date("2024-01-25") == date(2024, 1, 25)


def test_utc_text_is_the_iso_text_of_the_aware_utc_time() -> None:
    """SQLite's stored text (rewritten as text) and datetimes give the same text."""
    for moment in (
        datetime(2024, 2, 10, 4, tzinfo=UTC),
        datetime(2024, 2, 10, 4, 5, 6, 123456, tzinfo=UTC),
        datetime(2024, 2, 10, 0, 0, 0, 1, tzinfo=UTC),
    ):
        expected = moment.isoformat()
        stored = moment.replace(tzinfo=None).strftime("%Y-%m-%d %H:%M:%S.%f")  # SQLite's text
        assert utc_text(stored) == expected
        assert utc_text(moment) == expected
        assert utc_text(moment.astimezone(timezone(timedelta(hours=8)))) == expected
    assert utc_text("2024-02-10 04:05:06") == "2024-02-10T04:05:06+00:00"  # other text
