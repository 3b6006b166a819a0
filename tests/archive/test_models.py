"""The archive model's constraints, on a real SQLite file migrated to head."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError, StatementError
from sqlalchemy.orm import Session, sessionmaker

from archive.models import Blob, Body, BodyLevel, CrawlRun, Region, Report, ReportVersion


def _body(session: Session) -> Body:
    region = Region(code="411421", name="民权县", parent_code="411400", level="county")
    body = Body(name="民权县人民政府", region=region, level=BodyLevel.COUNTY)
    session.add(body)
    session.flush()
    return body


def test_one_report_per_body_and_year(sessions: sessionmaker[Session]) -> None:
    with sessions() as session:
        body = _body(session)
        session.add(Report(body_id=body.id, body_name=body.name, region_code="411421", year=2023))
        session.commit()
        session.add(Report(body_id=body.id, body_name="别名", region_code="411421", year=2023))
        with pytest.raises(IntegrityError, match="UNIQUE"):
            session.commit()


def test_unregistered_body_reports_are_unique_by_name_region_and_year(
    sessions: sessionmaker[Session],
) -> None:
    with sessions() as session:
        _body(session)
        for _ in range(2):
            session.add(
                Report(body_id=None, body_name="某某镇人民政府", region_code="411421", year=2022)
            )
        with pytest.raises(IntegrityError, match="UNIQUE"):
            session.commit()


def test_one_blob_row_per_hash(sessions: sessionmaker[Session]) -> None:
    with sessions() as session:
        session.add(Blob(sha256="a" * 64, size=1, stored_size=1))
        session.commit()
        session.add(Blob(sha256="a" * 64, size=1, stored_size=1))
        with pytest.raises(IntegrityError):
            session.commit()


def test_version_numbers_are_unique_per_report(sessions: sessionmaker[Session]) -> None:
    with sessions() as session:
        body = _body(session)
        report = Report(body_id=body.id, body_name=body.name, region_code="411421", year=2021)
        report.versions.append(ReportVersion(number=1))
        report.versions.append(ReportVersion(number=1))
        session.add(report)
        with pytest.raises(IntegrityError):
            session.commit()


def test_timestamps_come_back_timezone_aware_utc(sessions: sessionmaker[Session]) -> None:
    beijing = timezone(timedelta(hours=8))
    started = datetime(2025, 1, 31, 23, 30, tzinfo=beijing)
    with sessions() as session:
        session.add(CrawlRun(started_at=started))
        session.commit()
    with sessions() as session:
        run = session.scalars(select(CrawlRun)).one()
        assert run.started_at.tzinfo is UTC
        assert run.started_at == started
        assert run.started_at.hour == 15


def test_naive_timestamps_are_refused(sessions: sessionmaker[Session]) -> None:
    with sessions() as session:
        session.add(CrawlRun(started_at=datetime(2025, 1, 1)))
        with pytest.raises(StatementError, match="naive datetime"):
            session.commit()


def test_foreign_keys_are_enforced_on_sqlite(sessions: sessionmaker[Session]) -> None:
    with sessions() as session:
        session.add(Body(name="无主机关", region_code="999999", level=BodyLevel.COUNTY))
        with pytest.raises(IntegrityError, match="FOREIGN KEY"):
            session.commit()


def test_unknown_level_is_refused_by_the_database(sessions: sessionmaker[Session]) -> None:
    with sessions() as session:
        _body(session)
        session.commit()
        with pytest.raises((IntegrityError, StatementError)):
            session.execute(
                Body.__table__.insert().values(
                    name="x",
                    region_code="411421",
                    level="village",
                    aliases=[],
                    updated_at=datetime.now(UTC),
                )
            )
