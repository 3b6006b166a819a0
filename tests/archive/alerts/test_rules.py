"""Alerts: raised once per key, resolved when the report appears, sources and revisions."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from archive.alerts import check_alerts
from archive.models import Alert, AlertStatus, Finding, Severity
from tests.archive import builders as b


def _alerts(s: Session) -> dict[str, Alert]:
    return {a.key: a for a in s.scalars(select(Alert))}


def test_overdue_alerts_are_raised_once_and_resolved_when_the_report_appears(
    sessions: sessionmaker[Session],
) -> None:
    with sessions.begin() as s:
        bodies = b.registry(s)
        dept = bodies["dept"]
        first = check_alerts(s, date(2024, 2, 15))
        keys = {a.key for a in first.raised}
        assert f"overdue:{dept.id}:2023" in keys
        assert f"overdue:{bodies['county'].id}:2023" not in keys  # due 31 March
        assert first.resolved == []
    with sessions.begin() as s:
        assert check_alerts(s, date(2024, 2, 16)).raised == []  # once per body and year
    with sessions.begin() as s:
        b.report(s, dept, 2023, first_seen=b.at("2024-02-20"), claimed=date(2024, 2, 18))
        result = check_alerts(s, date(2024, 2, 21))
        assert [a.key for a in result.resolved] == [f"overdue:{dept.id}:2023"]
        alert = result.resolved[0]
        assert alert.status == AlertStatus.RESOLVED and alert.resolved_at is not None
        assert alert.detail["resolution"]["late"] is True
        assert "late" in alert.message
    with sessions.begin() as s:
        again = check_alerts(s, date(2024, 3, 1))
        assert again.resolved == [] and f"overdue:{dept.id}:2023" not in {
            a.key for a in again.raised
        }


def test_a_report_claiming_a_timely_date_resolves_without_late(
    sessions: sessionmaker[Session],
) -> None:
    with sessions.begin() as s:
        dept = b.registry(s)["dept"]
        check_alerts(s, date(2024, 2, 15))
        b.report(s, dept, 2023, first_seen=b.at("2024-02-20"), claimed=date(2024, 1, 30))
        resolved = check_alerts(s, date(2024, 2, 21)).resolved
        assert resolved[0].detail["resolution"]["late"] is False


def test_require_crawl_raises_only_after_a_healthy_crawl_past_the_deadline(
    sessions: sessionmaker[Session],
) -> None:
    with sessions.begin() as s:
        dept = b.registry(s)["dept"]
        src = b.source(s, "411421")
        b.run(s, b.at("2024-01-20"), {src: "ok"})
        first = check_alerts(s, date(2024, 2, 15), require_crawl=True).raised
        assert {a.year for a in first} == {2019, 2020, 2021, 2022}  # looked after those
        b.run(s, b.at("2024-02-05"), {src: "ok"})
        keys = {a.key for a in check_alerts(s, date(2024, 2, 15), require_crawl=True).raised}
        assert f"overdue:{dept.id}:2023" in keys
        assert all(k.endswith(":2023") for k in keys)


def test_source_broken_alert_once_per_spell_and_resolved_when_healthy(
    sessions: sessionmaker[Session],
) -> None:
    def broken(s: Session, run, src) -> Finding:  # type: ignore[no-untyped-def]
        f = Finding(
            kind="source_broken",
            severity=Severity.ERROR,
            message=f"{src.url}: blocked",
            run_id=run.id,
            source_id=src.id,
        )
        s.add(f)
        s.flush()
        return f

    with sessions.begin() as s:
        b.registry(s)
        src = b.source(s, "411421")
        r1 = b.run(s, b.at("2024-05-01"), {src: "blocked"})
        f1 = broken(s, r1, src)
        raised = check_alerts(s, date(2024, 5, 2)).raised
        assert [a.key for a in raised if a.kind == "source_broken"] == [f"source_broken:{f1.id}"]
        r2 = b.run(s, b.at("2024-05-08"), {src: "blocked"})
        broken(s, r2, src)
        assert [
            a for a in check_alerts(s, date(2024, 5, 9)).raised if a.kind == "source_broken"
        ] == []
        b.run(s, b.at("2024-05-15"), {src: "ok"})
        resolved = check_alerts(s, date(2024, 5, 16)).resolved
        assert [a.key for a in resolved] == [f"source_broken:{f1.id}"]
        r4 = b.run(s, b.at("2024-05-22"), {src: "unreachable"})
        f4 = broken(s, r4, src)
        again = [
            a.key for a in check_alerts(s, date(2024, 5, 23)).raised if a.kind == "source_broken"
        ]
        assert again == [f"source_broken:{f4.id}"]


def test_a_revision_raises_one_alert_per_new_version(sessions: sessionmaker[Session]) -> None:
    with sessions.begin() as s:
        town = b.registry(s)["town"]
        report = b.report(s, town, 2023, versions=2)
        raised = [a for a in check_alerts(s, date(2023, 6, 1)).raised if a.kind == "revision"]
        assert len(raised) == 1
        assert raised[0].key == f"revision:{report.versions[1].id}"
        assert raised[0].body_id == town.id and raised[0].year == 2023
        assert [a for a in check_alerts(s, date(2023, 6, 2)).raised if a.kind == "revision"] == []
        assert _alerts(s)[raised[0].key].status == AlertStatus.PENDING
