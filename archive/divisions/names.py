"""The government body of a division: its name, level and the names reports give it.

A county-level division (县, 区, 县级市, 旗, with 自治县 and 自治旗 among them) has a
people's government, ``民权县人民政府``; a 镇, 乡 (民族乡 too) or 苏木 has one too
(``北关镇人民政府``); a 街道 has a sub-district office (``绿洲街道办事处``), as have
Beijing's 地区 (``南磨房地区办事处``). Prefectures are 市 and 自治州 governments or 地区
and 盟 行政公署; provinces 省, 自治区 and municipality (市) governments.

Reports name their body with or without 人民政府, shortened to 政府, or with the parent
county in front (``民权县北关镇``): those forms are the aliases. Divisions that are not
governments get no body: NBS codes county-level development zones 71-80 (开发区, 管理区)
and township-level units 400-599 (farms, forest farms, parks), except a 街道 there,
which is still a district's office; names without a government suffix (群岛, 管委会)
get none either.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..models import BodyLevel

PSEUDO_CITIES = frozenset({"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"})
"""NBS prefecture-level rows that are groupings, not divisions with a government."""


@dataclass(frozen=True)
class BodyName:
    name: str
    level: BodyLevel
    aliases: tuple[str, ...]


def _body(name: str, level: BodyLevel, *aliases: str) -> BodyName:
    return BodyName(name, level, tuple(dict.fromkeys(a for a in aliases if a and a != name)))


def province_body(name: str) -> BodyName:
    return _body(f"{name}人民政府", BodyLevel.PROVINCE, name, f"{name}政府")


def city_body(name: str) -> BodyName | None:
    if name in PSEUDO_CITIES:
        return None
    if name.endswith(("地区", "盟")):
        return _body(f"{name}行政公署", BodyLevel.CITY, name, f"{name}行署")
    if name.endswith(("市", "自治州")):
        return _body(f"{name}人民政府", BodyLevel.CITY, name, f"{name}政府")
    return None


def county_body(code: str, name: str, prefix: str | None) -> BodyName | None:
    """The government of county-level division ``code``; ``prefix`` is its prefecture's
    name (or a municipality's), as reports put it in front (淮安市淮阴区)."""
    if 71 <= int(code[4:6]) <= 80 or not name.endswith(("区", "县", "市", "旗")):
        return None
    full = f"{name}人民政府"
    return _body(
        full,
        BodyLevel.COUNTY,
        name,
        f"{name}政府",
        *((f"{prefix}{name}", f"{prefix}{full}") if prefix else ()),
    )


def township_body(code: str, name: str, county: str | None) -> BodyName | None:
    """The government or office of township-level division ``code``; ``county`` is the
    name of the county-level division above it (民权县), as reports put it in front."""
    official = int(code[6:9]) < 400  # 400-599: units coded like townships (farms, parks)
    before = county or ""
    if name.endswith("街道") or (official and name.endswith("地区")):
        office = f"{name}办事处"
        short = (f"{name}办",) if name.endswith("街道") else ()
        return _body(
            office,
            BodyLevel.STREET,
            name,
            *short,
            *((f"{before}{name}", f"{before}{office}") if county else ()),
        )
    if official and name.endswith(("镇", "乡", "苏木")):
        full = f"{name}人民政府"
        return _body(
            full,
            BodyLevel.TOWNSHIP,
            name,
            f"{name}政府",
            *((f"{before}{name}", f"{before}{full}") if county else ()),
        )
    return None
