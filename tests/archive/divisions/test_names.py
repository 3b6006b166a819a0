"""Each division's government body: the real name forms and the aliases reports use."""

from __future__ import annotations

import pytest

from archive.divisions.names import city_body, county_body, province_body, township_body
from archive.models import BodyLevel


@pytest.mark.parametrize(
    ("code", "name", "prefix", "full", "aliases"),
    [
        ("411421", "民权县", "商丘市", "民权县人民政府",
         ["民权县", "民权县政府", "商丘市民权县", "商丘市民权县人民政府"]),
        ("320813", "洪泽区", "淮安市", "洪泽区人民政府",
         ["洪泽区", "洪泽区政府", "淮安市洪泽区", "淮安市洪泽区人民政府"]),
        ("320481", "溧阳市", "常州市", "溧阳市人民政府",
         ["溧阳市", "溧阳市政府", "常州市溧阳市", "常州市溧阳市人民政府"]),
        ("152525", "东乌珠穆沁旗", "锡林郭勒盟", "东乌珠穆沁旗人民政府",
         ["东乌珠穆沁旗", "东乌珠穆沁旗政府", "锡林郭勒盟东乌珠穆沁旗",
          "锡林郭勒盟东乌珠穆沁旗人民政府"]),
        ("500241", "秀山土家族苗族自治县", None, "秀山土家族苗族自治县人民政府",
         ["秀山土家族苗族自治县", "秀山土家族苗族自治县政府"]),
        ("150724", "鄂温克族自治旗", "呼伦贝尔市", "鄂温克族自治旗人民政府",
         ["鄂温克族自治旗", "鄂温克族自治旗政府", "呼伦贝尔市鄂温克族自治旗",
          "呼伦贝尔市鄂温克族自治旗人民政府"]),
    ],
)  # fmt: skip
def test_county_governments(
    code: str, name: str, prefix: str | None, full: str, aliases: list[str]
) -> None:
    body = county_body(code, name, prefix)
    assert body is not None
    assert (body.name, body.level, list(body.aliases)) == (full, BodyLevel.COUNTY, aliases)


@pytest.mark.parametrize(
    ("code", "name", "county", "full", "level", "aliases"),
    [
        ("411421103", "北关镇", "民权县", "北关镇人民政府", BodyLevel.TOWNSHIP,
         ["北关镇", "北关镇政府", "民权县北关镇", "民权县北关镇人民政府"]),
        ("411421001", "绿洲街道", "民权县", "绿洲街道办事处", BodyLevel.STREET,
         ["绿洲街道", "绿洲街道办", "民权县绿洲街道", "民权县绿洲街道办事处"]),
        ("360429200", "大垅乡", "湖口县", "大垅乡人民政府", BodyLevel.TOWNSHIP,
         ["大垅乡", "大垅乡政府", "湖口县大垅乡", "湖口县大垅乡人民政府"]),
        ("150207202", "阿嘎如泰苏木", "九原区", "阿嘎如泰苏木人民政府", BodyLevel.TOWNSHIP,
         ["阿嘎如泰苏木", "阿嘎如泰苏木政府", "九原区阿嘎如泰苏木", "九原区阿嘎如泰苏木人民政府"]),
        ("110112209", "于家务回族乡", "通州区", "于家务回族乡人民政府", BodyLevel.TOWNSHIP,
         ["于家务回族乡", "于家务回族乡政府", "通州区于家务回族乡", "通州区于家务回族乡人民政府"]),
        ("110105021", "南磨房地区", "朝阳区", "南磨房地区办事处", BodyLevel.STREET,
         ["南磨房地区", "朝阳区南磨房地区", "朝阳区南磨房地区办事处"]),
    ],
)  # fmt: skip
def test_township_governments_and_street_offices(
    code: str, name: str, county: str, full: str, level: BodyLevel, aliases: list[str]
) -> None:
    body = township_body(code, name, county)
    assert body is not None
    assert (body.name, body.level, list(body.aliases)) == (full, level, aliases)


def test_divisions_that_are_not_governments_get_no_body() -> None:
    assert county_body("320871", "淮安经济技术开发区", "淮安市") is None  # coded 71-80
    assert county_body("152571", "乌拉盖管理区管委会", "锡林郭勒盟") is None
    assert county_body("460321", "西沙群岛", "三沙市") is None
    assert township_body("320804400", "淮安高新技术产业开发区", "淮阴区") is None  # 400-599
    assert township_body("120113500", "红旗农场", "北辰区") is None
    assert township_body("130426400", "涉城镇", "涉县") is None  # a 镇 coded as a unit
    street = township_body("130271450", "新华路街道", "河北唐山芦台经济开发区")  # still an office
    assert street is not None and street.name == "新华路街道办事处"


def test_prefecture_and_province_governments() -> None:
    shangqiu = city_body("商丘市")
    assert shangqiu is not None and (shangqiu.name, shangqiu.level) == (
        "商丘市人民政府",
        BodyLevel.CITY,
    )
    aksu = city_body("阿克苏地区")
    assert (
        aksu is not None and aksu.name == "阿克苏地区行政公署" and "阿克苏地区行署" in aksu.aliases
    )
    xilin = city_body("锡林郭勒盟")
    assert xilin is not None and xilin.name == "锡林郭勒盟行政公署"
    enshi = city_body("恩施土家族苗族自治州")
    assert enshi is not None and enshi.name == "恩施土家族苗族自治州人民政府"
    assert city_body("市辖区") is None and city_body("省直辖县级行政区划") is None
    henan = province_body("河南省")
    assert (henan.name, henan.level, henan.aliases) == (
        "河南省人民政府", BodyLevel.PROVINCE, ("河南省", "河南省政府"))  # fmt: skip
