"""What an edition asks to be registered for a selection of provinces and cities.

Pure: no database. NBS codes become region codes (2 and 4 digits padded to six, six and
nine kept), each with its parent; a prefecture-level grouping without a government
(市辖区, 省直辖县级行政区划) is skipped and its counties hang from the province; a
prefecture-level city without counties (东莞市, its county row the same code) is one
city region. Bodies come from ``names``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from ..errors import InputError
from ..models import RegionLevel
from .edition import Edition
from .names import PSEUDO_CITIES, BodyName, city_body, county_body, province_body, township_body


@dataclass(frozen=True)
class WantedRegion:
    code: str
    name: str
    parent_code: str | None
    level: RegionLevel


@dataclass(frozen=True)
class WantedBody:
    region_code: str
    body: BodyName
    division: str  # the division's own name (北关镇), for telling renames apart


@dataclass
class Plan:
    regions: list[WantedRegion] = field(default_factory=list)
    bodies: list[WantedBody] = field(default_factory=list)
    prefixes: tuple[str, ...] = ("",)  # NBS code prefixes the selection covers
    without_body: int = 0  # divisions that are not governments (development zones, farms)


def _selection(edition: Edition, codes: Iterable[str], digits: int, what: str) -> list[str]:
    out = []
    for raw in codes:
        code = raw.strip()
        if len(code) == 6 and code.isdigit() and code.endswith("0" * (6 - digits)):
            code = code[:digits]
        if len(code) != digits or code not in edition.names:
            raise InputError(f"unknown {what} {raw!r} in {edition.label} (give its {digits}"
                             f" or 6-digit code)")  # fmt: skip
        out.append(code)
    return out


def _prefix(city: str, province: str) -> str | None:
    """What reports put before a county's name: its prefecture, or its municipality
    (北京市东城区); nothing for a county directly under a province (济源市)."""
    if city not in PSEUDO_CITIES:
        return city
    return province if province.endswith("市") else None


def region_code(nbs: str) -> str:
    """The registry's code for an NBS code: ``41`` → ``410000``, ``4114`` → ``411400``."""
    return nbs.ljust(6, "0") if len(nbs) < 6 else nbs


def make_plan(edition: Edition, provinces: Iterable[str] = (), cities: Iterable[str] = ()) -> Plan:
    """The regions and bodies for whole ``provinces`` and ``cities`` (nothing: the country)."""
    chosen_p = _selection(edition, provinces, 2, "province")
    chosen_c = [c for c in _selection(edition, cities, 4, "city") if c[:2] not in chosen_p]
    prefixes = tuple(sorted({*chosen_p, *chosen_c})) or ("",)
    ancestors = {c[:2] for c in chosen_c} - set(chosen_p)  # regions only, no body
    names = edition.names
    plan = Plan(prefixes=prefixes)

    def add(code: str, name: str, parent: str | None, level: RegionLevel,
            body: BodyName | None) -> None:  # fmt: skip
        plan.regions.append(WantedRegion(code, name, parent, level))
        if body is None:
            plan.without_body += 1
        else:
            plan.bodies.append(WantedBody(code, body, name))

    for code, name in names.items():
        if code in ancestors:
            plan.regions.append(WantedRegion(region_code(code), name, None, RegionLevel.PROVINCE))
            continue
        if not code.startswith(prefixes):
            continue
        province = region_code(code[:2])
        if len(code) == 2:
            add(province, name, None, RegionLevel.PROVINCE, province_body(name))
        elif len(code) == 4:
            if name not in PSEUDO_CITIES:
                add(region_code(code), name, province, RegionLevel.CITY, city_body(name))
        elif len(code) == 6:
            city_name = names[code[:4]]
            if code == region_code(code[:4]):
                continue  # a city without counties: its row is the city's
            pseudo = city_name in PSEUDO_CITIES
            parent = province if pseudo else region_code(code[:4])
            prefix = _prefix(city_name, names[code[:2]])
            add(code, name, parent, RegionLevel.COUNTY, county_body(code, name, prefix))
        else:
            add(code, name, code[:6], RegionLevel.TOWNSHIP,
                township_body(code, name, names.get(code[:6])))  # fmt: skip
    return plan
