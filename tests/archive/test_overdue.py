"""Missing and overdue reports, on archive states built with the models in real SQLite
(the order of the answer also on a real PostgreSQL with a human collation)."""

from __future__ import annotations

import gc
import json
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from sqlalchemy import create_engine, select, text
from sqlalchemy.orm import Session, sessionmaker

from archive.coverage import coverage
from archive.db import make_engine, session_factory, upgrade
from archive.deadlines import DeadlineResolver
from archive.models import Body, BodyLevel, FetchOutcome
from archive.overdue import CrawlEvidence, default_years, missing, overdue, parse_years
from tests.archive import builders as b
from tests.conftest import Nianbao


def _keys(rows: list[dict]) -> set[tuple[str, int, str]]:
    return {(r["body"], r["year"], r.get("status", "")) for r in rows}


def test_parse_years() -> None:
    assert parse_years("2019-2021") == [2019, 2020, 2021]
    assert parse_years("2023") == [2023]
    assert parse_years("2019, 2022-2023") == [2019, 2022, 2023]


def test_missing_lists_bodies_without_a_report_and_a_region_covers_descendants(
    sessions: sessionmaker[Session],
) -> None:
    with sessions.begin() as s:
        bodies = b.registry(s)
        b.report(s, bodies["county"], 2022)
        b.report(s, bodies["town"], 2023)
    with sessions() as s:
        result = missing(s, [2022, 2023], "411421")
        assert {(r["body"], r["year"]) for r in result.missing} == {
            ("民权县人民政府", 2023),
            ("民权县教育局", 2022),
            ("民权县教育局", 2023),
            ("北关镇人民政府", 2022),
            ("绿洲街道办事处", 2022),
            ("绿洲街道办事处", 2023),
        }
        assert result.unknown == []
        town_only = missing(s, [2022, 2023], "411421101").missing
        assert [(r["body"], r["year"]) for r in town_only] == [("北关镇人民政府", 2022)]
        everything = missing(s, [2022], None).missing
        assert "淮阴区人民政府" in {r["body"] for r in everything}
        assert set(everything[0]) >= {"body", "body_id", "region", "year"}


def test_blocked_or_unreachable_sources_are_unknown_not_missing(
    sessions: sessionmaker[Session],
) -> None:
    with sessions.begin() as s:
        bodies = b.registry(s)
        county_src = b.source(s, "411421")
        other_src = b.source(s, "320804")
        run = b.run(s, b.at("2024-02-01"), {county_src: "ok", other_src: "blocked"})
        b.capture(s, run, county_src, FetchOutcome.OK)
        b.capture(
            s,
            run,
            county_src,
            FetchOutcome.UNREACHABLE,
            url="http://127.0.0.1:8765/a.html",
            role="article",
            title="北关镇人民政府2023年政府信息公开工作年度报告",
        )
        b.capture(s, run, other_src, FetchOutcome.BLOCKED)
        b.report(s, bodies["county"], 2023)
    with sessions() as s:
        grid = {(r.body, y): st for r in coverage(s, [2022, 2023]) for y, st in r.years.items()}
        assert grid[("北关镇人民政府", 2023)] == "unreachable"  # the grid reads the same evidence
        result = missing(s, [2022, 2023], None)
        unknown = {(r["body"], r["year"]): r["status"] for r in result.unknown}
        assert unknown == {
            ("北关镇人民政府", 2023): "unreachable",
            ("淮阴区人民政府", 2022): "blocked",
            ("淮阴区人民政府", 2023): "blocked",
        }
        assert ("北关镇人民政府", 2022) in {(r["body"], r["year"]) for r in result.missing}
        assert not {(r["body"], r["year"]) for r in result.missing} & set(unknown)
        rows = overdue(s, date(2024, 6, 1), [2023])
        assert "淮阴区人民政府" not in {r["body"] for r in rows}
        rows = overdue(s, date(2024, 6, 1), [2023], include_unknown=True)
        assert ("淮阴区人民政府", 2023, "unknown") in _keys(rows)


def test_overdue_missing_only_after_the_deadline_that_applies(
    sessions: sessionmaker[Session],
) -> None:
    with sessions.begin() as s:
        b.registry(s)
        b.rule(s, 2, 20, level="township", region="411421")
    with sessions() as s:
        rows = overdue(s, date(2024, 2, 15), [2023])
        assert _keys(rows) == {
            ("民权县教育局", 2023, "missing"),  # 31 Jan
            ("绿洲街道办事处", 2023, "missing"),  # 31 Jan (streets: no override)
        }  # township: 20 Feb by the override; county: 31 Mar
        dept = next(r for r in rows if r["body"] == "民权县教育局")
        assert dept["deadline"] == "2024-01-31" and "built-in" in dept["rule"]
        assert {"body", "body_id", "region", "year", "deadline", "status"} <= set(dept)
        later = overdue(s, date(2024, 4, 1), [2023])
        town = next(r for r in later if r["body"] == "北关镇人民政府")
        assert town["deadline"] == "2024-02-20" and "override" in town["rule"]
        assert ("民权县人民政府", 2023, "missing") in _keys(later)
        # the deadline day itself is still in time
        assert "民权县教育局" not in {r["body"] for r in overdue(s, date(2024, 1, 31), [2023])}


def test_default_years_are_every_year_due_from_2019(sessions: sessionmaker[Session]) -> None:
    resolver = DeadlineResolver([], {})
    assert default_years(resolver, date(2024, 2, 15)) == [2019, 2020, 2021, 2022, 2023]
    assert default_years(resolver, date(2024, 1, 31)) == [2019, 2020, 2021, 2022]
    with sessions.begin() as s:
        b.registry(s)
    with sessions() as s:
        years = {r["year"] for r in overdue(s, date(2024, 2, 15))}
        assert years == {2019, 2020, 2021, 2022, 2023}


def test_late_by_the_claimed_date(sessions: sessionmaker[Session]) -> None:
    with sessions.begin() as s:
        bodies = b.registry(s)
        b.report(s, bodies["dept"], 2023, first_seen=b.at("2024-03-01"), claimed=date(2024, 2, 5))
        b.report(s, bodies["county"], 2023, first_seen=b.at("2024-03-01"), claimed=date(2024, 3, 1))
    with sessions() as s:
        rows = overdue(s, date(2024, 6, 1), [2023], "411421")
        late = {r["body"]: r for r in rows if r["status"] == "late"}
        assert set(late) == {"民权县教育局"}  # the county's 1 March is before its 31 March
        assert late["民权县教育局"]["evidence"]["basis"] == "claimed"
        assert late["民权县教育局"]["evidence"]["claimed_published"] == "2024-02-05"


def test_late_when_a_crawl_before_the_deadline_found_it_absent(
    sessions: sessionmaker[Session],
) -> None:
    with sessions.begin() as s:
        bodies = b.registry(s)
        src = b.source(s, "411421")
        before = b.run(s, b.at("2024-01-20"), {src: "ok"})
        b.report(s, bodies["dept"], 2023, first_seen=b.at("2024-02-10"))
        # claims 25 January: the crawl of 20 January cannot contradict it
        b.report(s, bodies["town"], 2023, first_seen=b.at("2024-02-10"), claimed=date(2024, 1, 25))
        # claims 15 January, but the crawl of 20 January did not find it
        b.report(
            s, bodies["street"], 2023, first_seen=b.at("2024-02-10"), claimed=date(2024, 1, 15)
        )
    with sessions() as s:
        late = {r["body"]: r for r in overdue(s, date(2024, 6, 1), [2023]) if r["status"] == "late"}
        assert set(late) == {"民权县教育局", "绿洲街道办事处"}
        evidence = late["民权县教育局"]["evidence"]
        assert evidence["basis"] == "crawl" and evidence["absent_in_run"] == before.id
        assert evidence["first_seen"].startswith("2024-02-10")


def test_first_seen_late_is_not_late_without_a_crawl_before_the_deadline(
    sessions: sessionmaker[Session],
) -> None:
    with sessions.begin() as s:
        bodies = b.registry(s)
        src = b.source(s, "411421")
        other = b.source(s, "320804")
        b.run(s, b.at("2024-01-10"), {src: "blocked", other: "ok"})  # unhealthy or elsewhere
        b.run(s, b.at("2024-01-12"), {src: "ok"}, status=b.RunStatus.INTERRUPTED)
        b.run(s, b.at("2024-06-01"), {src: "ok"})  # the first good crawl, long after
        b.report(s, bodies["dept"], 2023, first_seen=b.at("2024-06-01"))
    with sessions() as s:
        rows = overdue(s, date(2024, 7, 1), [2023])
        assert [r for r in rows if r["status"] == "late"] == []
        assert "民权县教育局" not in {r["body"] for r in rows}


def test_as_known_on_a_past_date_does_not_see_reports_found_later(
    sessions: sessionmaker[Session],
) -> None:
    with sessions.begin() as s:
        bodies = b.registry(s)
        b.report(s, bodies["dept"], 2023, first_seen=b.at("2024-03-01"))
    with sessions() as s:
        known = _keys(overdue(s, date(2024, 2, 15), [2023], as_known=True))
        assert ("民权县教育局", 2023, "missing") in known
        later = _keys(overdue(s, date(2024, 3, 5), [2023], as_known=True))
        assert ("民权县教育局", 2023, "missing") not in later


def test_as_of_a_past_date_judges_with_everything_archived_now(
    sessions: sessionmaker[Session],
) -> None:
    """The report found on 1 March is not missing on 15 February: the question is who was
    late by then, and what was found since (a claimed date, a crawl) answers it."""
    with sessions.begin() as s:
        bodies = b.registry(s)
        src = b.source(s, "411421")
        b.run(s, b.at("2024-01-20"), {src: "ok"})  # looked before the deadline: absent
        b.report(s, bodies["dept"], 2023, first_seen=b.at("2024-03-01"))
        # claims a day before its deadline, found later, and nobody looked in between
        b.report(s, bodies["town"], 2023, first_seen=b.at("2024-03-01"), claimed=date(2024, 1, 25))
    with sessions() as s:
        rows = {(r["body"], r["status"]) for r in overdue(s, date(2024, 2, 15), [2023])}
    assert ("民权县教育局", "late") in rows  # absent on 20 Jan, first seen after its deadline
    assert not {r for r in rows if r[0] == "民权县教育局" and r[1] == "missing"}
    assert not {r for r in rows if r[0] == "北关镇人民政府"}  # on time by its claim


def test_a_report_published_after_the_date_asked_about_was_missing_on_it(
    sessions: sessionmaker[Session],
) -> None:
    with sessions.begin() as s:
        bodies = b.registry(s)
        b.report(s, bodies["dept"], 2023, first_seen=b.at("2024-03-05"), claimed=date(2024, 3, 1))
    with sessions() as s:
        then = {(r["body"], r["status"]) for r in overdue(s, date(2024, 2, 15), [2023])}
        later = {(r["body"], r["status"]) for r in overdue(s, date(2024, 6, 1), [2023])}
    assert ("民权县教育局", "missing") in then and ("民权县教育局", "late") not in then
    assert ("民权县教育局", "late") in later


def test_cli_missing_and_overdue_json(nianbao: Nianbao, sessions: sessionmaker[Session]) -> None:
    with sessions.begin() as s:
        bodies = b.registry(s)
        b.report(s, bodies["county"], 2023, claimed=date(2024, 4, 2), first_seen=b.at("2024-04-03"))
    result = nianbao("missing", "--years", "2022-2023", "--region", "411421", "--json")
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    assert len(rows) == 7 and all({"body", "body_id", "region", "year"} <= set(r) for r in rows)
    result = nianbao("overdue", "--as-of", "2024-05-01", "--region", "411421", "--json")
    rows = json.loads(result.stdout)
    county = [r for r in rows if r["body"] == "民权县人民政府" and r["year"] == 2023]
    assert county[0]["status"] == "late" and county[0]["deadline"] == "2024-03-31"
    table = nianbao("overdue", "--as-of", "2024-05-01", "--years", "2023")
    assert table.exit_code == 0 and "民权县教育局" in table.stdout
    bad = nianbao("missing", "--years", "20x9")
    assert bad.exit_code == 65 and bad.stderr.startswith("error: --years")


def test_missing_many_years_unsorted_and_repeated(sessions: sessionmaker[Session]) -> None:
    # more years than fit one mask column; a year given twice is listed twice, in order
    with sessions.begin() as s:
        bodies = b.registry(s)
        for year in (1990, 2019, 2049, 2050, 2100):
            b.report(s, bodies["dept"], year)
    years = [2100, *range(1990, 2101), 2019, 2050]
    with sessions() as s:
        rows = missing(s, years, "411421").missing
    dept = [r["year"] for r in rows if r["body"] == "民权县教育局"]
    assert dept == [y for y in sorted(years) if y not in (1990, 2019, 2049, 2050, 2100)]
    county = [r["year"] for r in rows if r["body"] == "民权县人民政府"]
    assert county == sorted(years)  # 2019 and 2050 twice, as asked
    assert [r["body"] for r in rows[:1]] == ["民权县人民政府"]  # by region, then name


def test_overdue_deadlines_follow_each_regions_rules(sessions: sessionmaker[Session]) -> None:
    # two townships and two streets: one of each under a county with its own rules
    with sessions.begin() as s:
        b.registry(s)
        s.add(b.Region(code="320804101", name="王营镇", parent_code="320804", level="township"))
        s.add(b.Region(code="320804001", name="长江路街道", parent_code="320804", level="township"))
        s.flush()
        for name, code, level in (
            ("王营镇人民政府", "320804101", b.BodyLevel.TOWNSHIP),
            ("长江路街道办事处", "320804001", b.BodyLevel.STREET),
        ):
            s.add(b.Body(name=name, region_code=code, level=level))
        b.rule(s, 2, 20, level="township", region="411421")
        b.rule(s, 3, 10, region="411421")  # region only: the street there
        b.rule(s, 2, 29, level="street")  # level only: streets elsewhere, clamped in 2025
    with sessions() as s:
        rows = {(r["body"], r["year"]): r for r in overdue(s, date(2025, 6, 1), [2023, 2024])}
    due = {key: (r["deadline"], r["rule_note"] is not None) for key, r in rows.items()}
    assert due[("北关镇人民政府", 2023)] == ("2024-02-20", False)
    assert due[("王营镇人民政府", 2023)] == ("2024-01-31", False)  # built-in
    assert due[("绿洲街道办事处", 2024)] == ("2025-03-10", False)
    assert due[("长江路街道办事处", 2023)] == ("2024-02-29", False)
    assert due[("长江路街道办事处", 2024)] == ("2025-02-28", True)
    assert "built-in" in rows[("王营镇人民政府", 2023)]["rule"]


def test_overdue_evidence_times_are_aware_utc_text(sessions: sessionmaker[Session]) -> None:
    seen = datetime(2024, 2, 10, 3, 12, 40, 123456, tzinfo=UTC)
    with sessions.begin() as s:
        bodies = b.registry(s)
        src = b.source(s, "411421")
        b.run(s, b.at("2024-01-20"), {src: "ok"})
        b.report(s, bodies["dept"], 2023, first_seen=seen)
        b.report(s, bodies["town"], 2023, first_seen=b.at("2024-03-01"), claimed=date(2024, 2, 5))
    with sessions() as s:
        late = {r["body"]: r["evidence"] for r in overdue(s, date(2024, 6, 1), [2023])}
    # the text of the aware UTC time: 2024-02-10T03:12:40.123456+00:00
    assert late["民权县教育局"]["first_seen"] == seen.isoformat()
    assert late["北关镇人民政府"]["first_seen"] == b.at("2024-03-01").isoformat()
    assert late["北关镇人民政府"]["claimed_published"] == "2024-02-05"


def test_overdue_and_missing_leave_the_garbage_collector_as_it_was(
    sessions: sessionmaker[Session],
) -> None:
    with sessions.begin() as s:
        b.registry(s)
    with sessions() as s:
        assert gc.isenabled()
        overdue(s, date(2024, 6, 1), [2023])
        missing(s, [2023])
        assert gc.isenabled()
        gc.disable()
        try:
            overdue(s, date(2024, 6, 1), [2023])
            missing(s, [2023])
            assert not gc.isenabled()
        finally:
            gc.enable()


def test_crawl_evidence_for_a_region_comes_from_every_source_above_it(
    sessions: sessionmaker[Session],
) -> None:
    with sessions.begin() as s:
        b.registry(s)
        county, city = b.source(s, "411421"), b.source(s, "411400")
        early = b.run(s, b.at("2024-01-05"), {county: "ok"})
        by_city = b.run(s, b.at("2024-01-08"), {city: "ok", county: "blocked"})
        b.run(s, b.at("2024-01-20"), {county: "ok"})
    with sessions() as s:
        evidence = CrawlEvidence(s, DeadlineResolver.load(s))
        cutoff = b.at("2024-01-10")
        # both townships: the city's read of the 8th is later than the county's of the 5th
        assert evidence.last_before("411421101", cutoff) == (by_city.id, b.at("2024-01-08"))
        assert evidence.last_before("411421001", cutoff) == (by_city.id, b.at("2024-01-08"))
        assert evidence.last_before("411421101", b.at("2024-01-06")) == (early.id, b.at("2024-01-05"))
        assert evidence.last_before("411421", b.at("2024-01-05")) is None  # nothing before
        assert evidence.last_before("320804", cutoff) is None  # no source covers it
        assert evidence.first() == b.at("2024-01-05")


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.slow)])
def collated_sessions(
    request: pytest.FixtureRequest, tmp_path: Path
) -> Iterator[sessionmaker[Session]]:
    """Sessions on an archive at head: on SQLite, and (slow) on a PostgreSQL database
    whose collation sorts text as people read it (ICU: "alpha" before "Beta")."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'archive.sqlite'}"
    else:
        server = create_engine(request.getfixturevalue("postgres_url"), isolation_level="AUTOCOMMIT")
        with server.connect() as conn:
            conn.execute(text("DROP DATABASE IF EXISTS collated"))
            conn.execute(
                text(
                    "CREATE DATABASE collated TEMPLATE template0 LOCALE_PROVIDER icu"
                    " ICU_LOCALE 'und' LOCALE 'C.utf8'"
                )
            )
        url = server.url.set(database="collated").render_as_string(hide_password=False)
        server.dispose()
    upgrade(url)
    engine = make_engine(url)
    yield session_factory(engine)
    engine.dispose()


def test_answers_are_in_region_body_year_order_as_python_compares_text(
    collated_sessions: sessionmaker[Session],
) -> None:
    """Missing and late rows of one body interleave by year, and bodies follow the code
    point order of their names ("Beta" < "Zeta" < "alpha" < Chinese), whatever the
    database's collation says."""
    with collated_sessions.begin() as s:
        bodies = b.registry(s)
        names = ["alpha局", "Zeta局", "Beta局"]
        for name in names:
            s.add(Body(name=name, region_code="411421", level=BodyLevel.COUNTY_DEPARTMENT))
        s.flush()
        extra = {x.name: x for x in s.scalars(select(Body).where(Body.name.in_(names)))}
        late = {"first_seen": b.at("2024-03-01"), "claimed": date(2024, 2, 20)}
        b.report(s, extra["alpha局"], 2022, first_seen=b.at("2023-03-01"), claimed=date(2023, 2, 20))
        b.report(s, extra["Beta局"], 2023, **late)
        b.report(s, extra["Zeta局"], 2023, **late)
        b.report(s, bodies["dept"], 2022, first_seen=b.at("2023-03-01"), claimed=date(2023, 2, 20))
    with collated_sessions() as s:
        rows = overdue(s, date(2024, 6, 1), [2022, 2023], "411421")
        gaps = missing(s, [2022, 2023], "411421").missing
    order = [(r["region"], r["body"], r["year"]) for r in rows]
    assert order == sorted(order)
    assert [(r["body"], r["year"], r["status"]) for r in rows if r["region"] == "411421"][:6] == [
        ("Beta局", 2022, "missing"),
        ("Beta局", 2023, "late"),
        ("Zeta局", 2022, "missing"),
        ("Zeta局", 2023, "late"),
        ("alpha局", 2022, "late"),
        ("alpha局", 2023, "missing"),
    ]
    listed = [(r["region"], r["body"], r["year"]) for r in gaps]
    assert listed == sorted(listed)
    assert [r["body"] for r in gaps][:3] == ["Beta局", "Zeta局", "alpha局"]
