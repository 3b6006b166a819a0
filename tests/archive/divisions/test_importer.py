"""``regions import-divisions`` on a real SQLite archive: regions and bodies from the shipped
edition, idempotent, merged with bodies registered by hand, same-name townships apart."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from archive.attribution import BodyIndex
from archive.divisions import edition
from archive.divisions.importer import import_divisions
from archive.models import Body, BodyLevel, Region, Report
from tests.conftest import Nianbao

SHANGQIU = "4114"


def _import(nianbao: Nianbao, *args: str) -> dict:
    result = nianbao("regions", "import-divisions", *args, "--json")
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def _bodies(session: Session, **where: str) -> list[Body]:
    query = select(Body)
    for column, value in where.items():
        query = query.where(getattr(Body, column) == value)
    return list(session.scalars(query))


def test_the_shipped_edition_loads_whole() -> None:
    shipped = edition.load()
    assert len(shipped.names) == int(shipped.meta["divisions"])
    assert shipped.meta["licence"] == "WTFPL" and shipped.as_of.isoformat() == shipped.meta["as_of"]
    lengths = [len(code) for code in shipped.names]
    assert lengths.count(2) == 31 and lengths.count(9) > 40_000
    assert shipped.names["411421103"] == "北关镇"


def test_a_city_import_registers_regions_and_bodies_and_a_second_run_changes_nothing(
    nianbao: Nianbao, sessions: sessionmaker[Session]
) -> None:
    first = _import(nianbao, "--city", SHANGQIU)
    assert first["bodies"]["city"] == {"created": 1, "updated": 0, "unchanged": 0}
    assert "province" not in first["bodies"]  # a city import: the province as a region only
    created = sum(c["created"] for c in first["bodies"].values())
    second = _import(nianbao, "--city", "411400")
    for section in ("regions", "bodies"):
        for counts in second[section].values():
            assert counts["created"] == counts["updated"] == 0
    assert sum(c["unchanged"] for c in second["bodies"].values()) == created
    with sessions() as s:
        assert len(_bodies(s)) == created
        county = _bodies(s, region_code="411421", level=BodyLevel.COUNTY)
        assert [b.name for b in county] == ["民权县人民政府"]
        assert {"民权县", "民权县政府", "商丘市民权县人民政府"} <= set(county[0].aliases)
        town = _bodies(s, region_code="411421103")
        assert [(b.name, b.level) for b in town] == [("北关镇人民政府", BodyLevel.TOWNSHIP)]
        street = _bodies(s, region_code="411421001")
        assert [(b.name, b.level) for b in street] == [("绿洲街道办事处", BodyLevel.STREET)]
        region = s.get(Region, "411421103")
        assert region is not None and (region.parent_code, region.level) == ("411421", "township")
        assert (
            s.get(Region, "410000") is not None and s.get(Region, "411400").parent_code == "410000"
        )


def test_same_name_townships_in_different_counties_stay_apart_and_are_told_apart_by_region(
    nianbao: Nianbao, sessions: sessionmaker[Session]
) -> None:
    _import(nianbao, "--city", SHANGQIU, "--city", "3208")
    with sessions() as s:
        chengguan = _bodies(s, name="城关镇人民政府")
        # 睢县, 虞城县 and 夏邑县 each have a 城关镇 (NBS 2023)
        assert sorted(b.region_code for b in chengguan) == ["411422105", "411425100", "411426100"]
        matoutown = sorted(b.region_code for b in _bodies(s, name="马头镇人民政府"))
        assert matoutown == ["320804115", "411426102"]  # 淮阴区 and 夏邑县
        for county, code in (("411422", "411422105"), ("411426", "411426100")):
            found = BodyIndex.for_region(s, county).match("城关镇")
            assert found is not None and found.region_code == code
        assert BodyIndex.for_region(s, "411400").match("城关镇") is None  # the city: ambiguous
        minquan = BodyIndex.for_region(s, "411421")
        for name in ("北关镇", "北关镇政府", "民权县北关镇", "民权县北关镇人民政府"):
            found = minquan.match(name)
            assert found is not None and (found.name, found.region_code) == (
                "北关镇人民政府",
                "411421103",
            ), name
        county = minquan.match("民权县")
        assert county is not None and county.name == "民权县人民政府"


def test_bodies_registered_by_hand_are_merged_not_duplicated(
    nianbao: Nianbao, sessions: sessionmaker[Session], tmp_path
) -> None:
    example = nianbao("sources", "example").output
    (tmp_path / "example.yaml").write_text(example, encoding="utf-8")
    assert nianbao("sources", "import", str(tmp_path / "example.yaml")).exit_code == 0
    with sessions.begin() as s:  # the way many registries put a township: under its county
        s.add(Body(name="程庄镇政府", region_code="411421", level=BodyLevel.TOWNSHIP))
    with sessions() as s:
        hand = {b.name: b.id for b in _bodies(s)}
    _import(nianbao, "--city", SHANGQIU, "--city", "3208")
    with sessions() as s:
        beiguan = _bodies(s, name="北关镇人民政府")
        assert [(b.id, b.region_code) for b in beiguan] == [(hand["北关镇人民政府"], "411421103")]
        assert beiguan[0].aliases[:2] == ["北关镇", "民权县北关镇人民政府"]  # its own first
        assert "北关镇政府" in beiguan[0].aliases
        chengzhuang = [b for b in _bodies(s) if b.region_code.startswith("411421104")
                       or "程庄镇" in b.name]  # fmt: skip
        assert [(b.id, b.name, b.region_code) for b in chengzhuang] == [
            (hand["程庄镇政府"], "程庄镇政府", "411421104")
        ]
        assert "程庄镇人民政府" in chengzhuang[0].aliases
        huaiyin = _bodies(s, region_code="320804", level=BodyLevel.COUNTY)
        assert [(b.id, b.name) for b in huaiyin] == [
            (hand["淮安市淮阴区人民政府"], "淮安市淮阴区人民政府")
        ]
        assert "淮阴区" in huaiyin[0].aliases
        # the departments stay as they were; the region 411421101 takes its official name
        assert len(_bodies(s, region_code="411421", level=BodyLevel.COUNTY_DEPARTMENT)) == 2
        assert s.get(Region, "411421101").name == "人和镇"
    again = _import(nianbao, "--city", SHANGQIU, "--city", "3208")
    assert all(c["created"] == c["updated"] == 0 for c in again["bodies"].values())


def test_reports_archived_before_the_import_land_on_the_new_bodies(
    nianbao: Nianbao, sessions: sessionmaker[Session]
) -> None:
    with sessions.begin() as s:  # found on 民权县's portal before any township was registered
        s.add(Region(code="411421", name="民权县", parent_code="411400", level="county"))
        s.flush()
        for name in ("北关镇", "北关镇政府", "民权县绿洲街道"):
            s.add(Report(body_id=None, body_name=name, region_code="411421", year=2023))
            s.flush()
    counts = _import(nianbao, "--city", SHANGQIU)
    assert counts["reports"]["attached"] == 2 and counts["reports"]["merged"] == 1
    with sessions() as s:
        landed = {(r.body_name, r.region_code) for r in s.scalars(select(Report))}
    # 北关镇 and 北关镇政府 are one body's 2023 report: merged into one
    assert landed == {("北关镇人民政府", "411421103"), ("绿洲街道办事处", "411421001")}


def test_two_registered_bodies_that_both_fit_are_reported_not_merged(
    sessions: sessionmaker[Session],
) -> None:
    with sessions.begin() as s:
        s.add(Region(code="411422", name="睢县", parent_code="411400", level="county"))
        s.add_all(
            [
                Body(name="城关镇政府", region_code="411422", level=BodyLevel.TOWNSHIP),
                Body(name="睢县城关镇", region_code="411422", level=BodyLevel.TOWNSHIP),
            ]
        )
    with sessions.begin() as s:
        result = import_divisions(s, edition.load(), cities=[SHANGQIU])
        assert len(result.ambiguous) == 1 and "411422105 城关镇人民政府" in result.ambiguous[0]
    with sessions() as s:
        assert _bodies(s, region_code="411422105") == []
        assert len([b for b in _bodies(s) if "城关镇" in b.name]) == 4  # two by hand, two made


def test_unknown_codes_are_one_line_errors(nianbao: Nianbao, engine) -> None:
    result = nianbao("regions", "import-divisions", "--city", "9999")
    assert result.exit_code == 65 and "unknown city '9999'" in result.output
    result = nianbao("regions", "import-divisions", "--data", str(engine.url.database))
    assert result.exit_code == 2  # not a folder


@pytest.mark.slow
def test_the_whole_country_imports_once(nianbao: Nianbao, sessions: sessionmaker[Session]) -> None:
    first = _import(nianbao)
    assert set(first["bodies"]) == {"province", "city", "county", "township", "street"}
    assert first["bodies"]["province"]["created"] == 31 and not first["ambiguous"]
    second = _import(nianbao)
    assert all(c["created"] == c["updated"] == 0 for c in second["bodies"].values())
    with sessions() as s:
        assert len(_bodies(s, name="城关镇人民政府")) > 50  # 城关镇 in many counties, apart


def test_reports_of_unregistered_bodies_do_not_land_on_the_governments(
    nianbao: Nianbao, sessions: sessionmaker[Session]
) -> None:
    with sessions.begin() as s:
        s.add(Region(code="411421", name="民权县", parent_code="411400", level="county"))
        s.flush()
        for name in ("民权县教育局", "北关镇卫生院"):
            s.add(Report(body_id=None, body_name=name, region_code="411421", year=2023))
            s.flush()
    _import(nianbao, "--city", SHANGQIU)
    title = "民权县教育局2023年政府信息公开工作年度报告"
    with sessions() as s:
        index = BodyIndex.for_region(s, "411421")
        assert index.match(title) is None  # as ingest asks: by name, then inside the title
        assert index.match_in(title) is None
        assert [r.body_id for r in s.scalars(select(Report))] == [None, None]
