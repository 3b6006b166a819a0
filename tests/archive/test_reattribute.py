"""The registry may change at any time: reports follow their bodies, never collide."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from archive.models import Body, BodyLevel, Finding, Report, ReportVersion, Sighting
from archive.reattribute import reattribute

from .builders import at, capture, registry, run, source


def _orphan(session: Session, name: str, year: int, figures: dict | None = None) -> Report:
    """A report kept under the name it gave itself, as ingest keeps an unregistered body's."""
    r = Report(body_id=None, body_name=name, region_code="411421", year=year,
               first_seen=at(f"{year + 1}-01-05"))
    session.add(r)
    session.flush()
    v = ReportVersion(report_id=r.id, number=1, figures=figures or {"year": year},
                      first_seen=r.first_seen, last_seen=r.first_seen)
    session.add(v)
    session.flush()
    return r


def test_registering_a_body_attaches_its_earlier_reports(sessions: sessionmaker[Session]) -> None:
    with sessions.begin() as session:
        registry(session)
        _orphan(session, "王庄镇", 2022)
        _orphan(session, "王庄镇人民政府", 2023)
        _orphan(session, "另一个镇", 2023)
        assert not reattribute(session)  # nothing registered matches yet
        session.add(Body(name="民权县王庄镇人民政府", region_code="411421",
                         level=BodyLevel.TOWNSHIP, aliases=["王庄镇"]))
        session.flush()
        result = reattribute(session)
        assert result.attached == 2
        rows = session.execute(
            select(Report.body_name, Report.year, Report.body_id.is_not(None)).order_by(Report.year)
        ).all()
    assert sorted(rows) == [
        ("另一个镇", 2023, False),
        ("民权县王庄镇人民政府", 2022, True),
        ("民权县王庄镇人民政府", 2023, True),
    ]


def test_same_body_and_year_twice_merges_into_one_report(sessions: sessionmaker[Session]) -> None:
    with sessions.begin() as session:
        bodies = registry(session)
        src = source(session)
        r1 = run(session, at("2024-01-10"), {src: "ok"})
        same = {"year": 2023, "active": {"licensing": {"decisions": 5}}}
        other = {"year": 2023, "active": {"licensing": {"decisions": 6}}}
        kept = Report(body_id=bodies["town"].id, body_name="北关镇人民政府",
                      region_code="411421101", year=2023, first_seen=at("2024-01-20"))
        session.add(kept)
        session.flush()
        v1 = ReportVersion(report_id=kept.id, number=1, figures=same,
                           first_seen=at("2024-01-20"), last_seen=at("2024-01-20"))
        session.add(v1)
        orphan_same = _orphan(session, "北关镇", 2023, same)
        orphan_other = _orphan(session, "北关镇政府", 2023, other)
        c = capture(session, r1, src, "ok", url="http://x/a.html", role="article")
        ov = session.scalars(select(ReportVersion).where(
            ReportVersion.report_id == orphan_same.id)).one()
        session.add(Sighting(version_id=ov.id, capture_id=c.id, url="http://x/a.html"))
        session.add(Finding(kind="check_failed", message="m", report_id=orphan_other.id))
        bodies["town"].aliases = ["北关镇", "北关镇政府"]
        session.flush()
        result = reattribute(session)
        assert result.merged == 2
        reports = session.scalars(select(Report).where(Report.year == 2023)).all()
        assert [r.id for r in reports] == [kept.id]
        versions = session.scalars(select(ReportVersion).where(
            ReportVersion.report_id == kept.id).order_by(ReportVersion.number)).all()
        assert [v.figures for v in versions] == [same, other]
        assert session.scalar(select(func.count()).select_from(Sighting).where(
            Sighting.version_id == versions[0].id)) == 1
        assert session.scalar(select(Finding.report_id)) == kept.id
        assert kept.first_seen == at("2024-01-05")


def test_renaming_or_moving_a_body_moves_its_reports(sessions: sessionmaker[Session]) -> None:
    with sessions.begin() as session:
        bodies = registry(session)
        report = Report(body_id=bodies["dept"].id, body_name="民权县教育局",
                        region_code="411421", year=2022, first_seen=at("2023-01-10"))
        session.add(report)
        # an unattributed report already under the new name: the same report
        _orphan(session, "民权县教育体育局", 2022)
        bodies["dept"].name = "民权县教育体育局"
        session.flush()
        result = reattribute(session)
        assert (result.renamed, result.merged) == (1, 1)
        assert session.scalars(select(Report.body_name).where(Report.year == 2022)).all() == [
            "民权县教育体育局"
        ]
        bodies["dept"].region_code = "411421101"
        session.flush()
        reattribute(session)
        assert report.region_code == "411421101"
