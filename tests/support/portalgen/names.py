"""Fictional places and the publishing bodies of a county, named as real registries and
real reports name them.

A county has one people's government, departments, townships (镇/乡) and streets
(街道). Each body has the name it is registered under, realistic aliases, and the name
forms its reports may use (``report_names``): the registered name, an alias, or either
with the county prefixed for townships and streets (37 of 107 real township titles carry
the county, ``title-shapes.md``). A report never names its body in a form the registry
cannot give, so the truth stays right by construction.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

# Fictional syllables; pairs of them make county and town names that are not meant to
# be any real place.
_FIRST = "青石白柳安云东南永长新桃龙凤宜华静西清临望兴泰嘉和平阜汉宁"
_SECOND = "溪桥马河岭湖屏川丰源泉山阳亭海宁安城林台江岗浦塘口"
_TOWN_FIRST = "大王花双杨马孙李黄高三新刘前北南文金古下上中洪沙周梅竹"
_TOWN_SECOND = "柳庄园河楼集店堂岗庙里口营湖街昌星城坊桥埠冲铺湾店坝"

# (full name, abbreviation or None): abbreviations are how reports and people say it.
DEPARTMENTS: tuple[tuple[str, str | None], ...] = (
    ("教育局", None),
    ("卫生健康委员会", "卫健委"),
    ("自然资源局", None),
    ("市场监督管理局", "市场监管局"),
    ("住房和城乡建设局", "住建局"),
    ("交通运输局", None),
    ("民政局", None),
    ("人力资源和社会保障局", "人社局"),
    ("农业农村局", None),
    ("财政局", None),
    ("发展和改革局", "发改局"),
    ("应急管理局", None),
    ("水利局", None),
    ("司法局", None),
)

PROVINCES: tuple[tuple[str, str], ...] = (
    ("41", "河南省"), ("32", "江苏省"), ("44", "广东省"), ("34", "安徽省"),
    ("13", "河北省"), ("51", "四川省"), ("36", "江西省"), ("62", "甘肃省"),
)
_CITY_SUFFIX = "市"


@dataclass
class Body:
    """One registered publishing body."""

    name: str
    level: str  # county | county_department | township | street
    region: str
    aliases: list[str]
    report_names: list[str]  # name forms its own reports may use
    group: str  # gov | dept | town | street: which column lists it


@dataclass
class County:
    """A fictional county with its city and province, and its 15 or so bodies."""

    index: int
    slug: str
    name: str  # 青溪县
    code: str
    city_name: str
    city_code: str
    province_name: str
    province_code: str
    bodies: list[Body] = field(default_factory=list)
    township_regions: list[tuple[str, str]] = field(default_factory=list)  # (code, name)

    @property
    def government(self) -> Body:
        return next(b for b in self.bodies if b.level == "county")


def _two(rng: random.Random, first: str, second: str, taken: set[str]) -> str:
    for _ in range(500):
        name = rng.choice(first) + rng.choice(second)
        if name not in taken and name[0] != name[1]:
            taken.add(name)
            return name
    raise RuntimeError("ran out of fictional names")


def make_county(index: int, rng: random.Random, taken: set[str], *, departments: int = 6,
                townships: int = 5, streets: int = 3) -> County:
    """A county and its bodies; ``taken`` keeps names unique across the farm."""
    province_code, province_name = PROVINCES[index % len(PROVINCES)]
    city = _two(rng, _FIRST, _SECOND, taken)
    county = _two(rng, _FIRST, _SECOND, taken)
    suffix = "区" if rng.random() < 0.3 else "县"
    city_code = f"{province_code}{90 + index // 10:02d}00"[:6]
    code = f"{city_code[:4]}{21 + index % 10 * 2:02d}"
    c = County(index, f"c{index:02d}", county + suffix, code, city + _CITY_SUFFIX, city_code,
               province_name, province_code)
    cname = c.name

    gov_aliases = [f"{cname}政府"] if rng.random() < 0.3 else []
    gov_names = [f"{cname}人民政府"]
    if rng.random() < 0.5:  # real titles often name the county alone: 桐梓县2022年…
        gov_aliases.append(cname)
        gov_names.append(cname)
    c.bodies.append(Body(f"{cname}人民政府", "county", code, gov_aliases,
                         gov_names + [a for a in gov_aliases if a not in gov_names], "gov"))

    for full, short in rng.sample(DEPARTMENTS, departments):
        aliases = [f"{cname}{short}"] if short else []
        names = [f"{cname}{full}", *aliases]
        c.bodies.append(Body(f"{cname}{full}", "county_department", code, aliases, names, "dept"))

    for k in range(townships):
        town = _two(rng, _TOWN_FIRST, _TOWN_SECOND, taken)
        kind = "乡" if rng.random() < 0.25 else "镇"
        region = f"{code}{101 + k:03d}" if kind == "镇" else f"{code}{201 + k:03d}"
        c.township_regions.append((region, town + kind))
        short_form = town + kind
        if rng.random() < 0.8:
            name, aliases = f"{short_form}人民政府", [short_form]
            if rng.random() < 0.35:
                aliases.append(f"{short_form}政府")
        else:  # registered under the short form
            name, aliases = short_form, [f"{short_form}人民政府"]
        forms = [name, *aliases]
        names = forms + [f"{cname}{f}" for f in forms if not f.endswith("政府") or "人民" in f]
        c.bodies.append(Body(name, "township", region, aliases, names, "town"))

    for k in range(streets):
        stem = _two(rng, _TOWN_FIRST, _TOWN_SECOND, taken) + rng.choice(["", "路", ""])
        region = f"{code}{1 + k:03d}"
        c.township_regions.append((region, f"{stem}街道"))
        if rng.random() < 0.75:
            name, aliases = f"{stem}街道办事处", [f"{stem}街道"]
        else:
            name, aliases = f"{stem}街道", [f"{stem}街道办事处"]
        forms = [name, *aliases]
        names = forms + [f"{cname}{f}" for f in forms]
        c.bodies.append(Body(name, "street", region, aliases, names, "street"))
    return c
