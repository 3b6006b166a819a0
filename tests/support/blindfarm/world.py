"""Who publishes what in the blind farm: bodies, report years, dates and title shapes.

Written from ``shared/real`` (title-shapes.md, report-years.md, titles.tsv) and not from
``tests/support/portalgen``. One county per portal style; each county has its people's
government, a few departments and a few townships or streets. For every body and year
2019–2024 the truth says whether a report is published, when (the date the article
shows), under which title shape, and in which format.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta

YEARS = range(2019, 2025)

# Fictional two-character place names (none meant to be a real county or town).
COUNTIES = ("鹤鸣", "松岭", "澄溪", "云水", "柘川", "梅岗", "芦塘", "枫桥", "玉屏", "青杉",
            "石鼓", "杏坛")
TOWNS = ("双桥", "柳林", "杨家", "白沙", "龙湾", "新塘", "马坊", "周集", "花溪", "金河",
         "乌兰", "东坝", "西岭", "南浦", "北塬", "庙前")
DEPTS = ("教育局", "财政局", "卫生健康局", "自然资源局", "市场监督管理局",
         "人力资源和社会保障局", "民政局", "农业农村局", "信访局", "水利局")
CITY = "汉川市"  # the (unregistered) city whose reports counties re-post

LEVEL_DEADLINE = {"county": (3, 31), "county_department": (1, 31), "township": (1, 31),
                  "street": (1, 31)}


@dataclass
class Body:
    name: str
    level: str
    region: str
    aliases: list[str] = field(default_factory=list)
    short: str = ""        # how titles on the portal name it (may differ from name)
    county: str = ""       # county short name, e.g. 鹤鸣县
    due: tuple[int, int] | None = None  # a registry deadline rule's (month, day)
    division: str = ""  # the name of its region (townships and streets)

    def deadline(self, year: int) -> date:
        m, d = self.due or LEVEL_DEADLINE[self.level]
        return date(year + 1, m, d)


@dataclass
class Report:
    """One published report (the truth)."""

    body: Body
    year: int
    published: date           # the date the article (or list, for a bare file) shows
    title: str                # as listed
    shape: str                # title shape id (title-shapes.md) or a flag
    fmt: str                  # html | pdf | docx | doc | wps | article+pdf | …
    urls: list[str] = field(default_factory=list)  # article and document URLs (paths)
    flags: set[str] = field(default_factory=set)   # stale_year, pubyear_named, yearless…
    url_date: date | None = None  # date in the URL when it differs (republished)


def _title(rng: random.Random, b: Body, year: int, shape: str) -> str:
    n = b.short
    table = {
        "S01": f"{n}{year}年政府信息公开工作年度报告",
        "S01sp": f"{n} {year}年政府信息公开工作年度报告",
        "S02": f"{n}{year}年度政府信息公开工作年度报告",
        "S04": f"{year}年{n}政府信息公开工作年度报告",
        "S04d": f"{year}年度{n}政府信息公开工作年度报告",
        "S03b": f"{n}{year}年政府信息公开年度报告",
        "S03": f"{n}{year}年度政府信息公开工作报告",
        "S04b": f"{year}年度{n}政府信息公开工作报告",
        "S05": f"{n}政府信息公开工作{year}年度报告",
        "S10": f"{n}{year}年度政府信息公开年报",
        "S09b": f"{n} {year}年度政府信息公开工作的报告",
        "S12": f"{n}{year}年度政府信息公开年度工作报告",
        "S12w": f"{n}{year}年度政府信息公开工作年度报告(文字版)",
        "dbl": f"{year + 1}{n}{year}年度政府信息公开工作年度报告",
        "no年": f"{year}{n}政府信息公开工作年度报告",
        "trail": f"{n}{year}年政府信息公开工作年度报告  ",
        "S08": f"{year}年政府信息公开工作年度报告",
        "S06": f"{n}政府信息公开工作年度报告",
        "file": f"{n}{year}年政府信息公开工作年度报告.docx",
    }
    return table[shape]


SHAPES = (["S01"] * 10 + ["S02"] * 3 + ["S04"] * 2 + ["S04d", "S03b", "S03", "S04b", "S05",
          "S10", "S09b", "S12", "S12w", "dbl", "no年", "trail", "S01sp"])


def published_date(rng: random.Random, b: Body, year: int) -> date:
    """Mostly January of year+1; sometimes February or March; now and then later."""
    r = rng.random()
    if r < 0.72:
        return date(year + 1, 1, rng.randint(5, 30))
    if r < 0.84:
        return date(year + 1, 2, rng.randint(1, 27))
    if r < 0.93:
        return date(year + 1, 3, rng.randint(1, 31))
    return date(year + 1, rng.choice([4, 5, 6]), rng.randint(2, 27))


@dataclass
class County:
    index: int
    style: str
    code: str
    name: str            # 鹤鸣县
    bodies: list[Body]
    reports: list[Report] = field(default_factory=list)
    unpublished: list[tuple[Body, int]] = field(default_factory=list)
    # body-years the crawler cannot see: (body, year, why) with why "blocked" (a
    # challenge: must be unknown, never missing) or "dead" (a dead report link: either)
    unknown: list[tuple[Body, int, str]] = field(default_factory=list)
    extra_sources: list[str] = field(default_factory=list)  # further column paths
    deadline_rules: list[dict[str, object]] = field(default_factory=list)


def make_county(rng: random.Random, index: int, style: str, n_depts: int, n_towns: int
                ) -> County:
    short = COUNTIES[index % len(COUNTIES)]
    suffix = "区" if index % 4 == 3 else "县"
    cname = f"{short}{suffix}"
    code = f"43{index + 11:02d}21"
    bodies = [Body(f"{cname}人民政府", "county", code, short=cname, county=cname)]
    for d in rng.sample(DEPTS, n_depts):
        short_name = rng.choice([f"{cname}{d}", f"{cname}{d}", f"{suffix}{d}"])
        bodies.append(Body(f"{cname}{d}", "county_department", code, short=short_name,
                           county=cname))
    towns = rng.sample(TOWNS, n_towns)
    for k, t in enumerate(towns):
        tcode = f"{code}{101 + k:03d}"
        kind = rng.choice(["镇", "镇", "乡", "街道", "苏木"] if t == "乌兰" else
                          ["镇", "镇", "乡", "街道"])
        if kind == "街道":
            name, alias, level = f"{t}街道办事处", f"{t}街道", "street"
        elif kind == "苏木":
            name, alias, level = f"{t}苏木人民政府", f"{t}苏木", "township"
        else:
            name, alias, level = f"{t}{kind}人民政府", f"{t}{kind}", "township"
        shown = rng.choice([alias, alias, name, f"{cname}{alias}", f"{cname}{name}"])
        if index % 3 == 1:  # this registry names townships in full, without aliases
            bodies.append(Body(f"{cname}{name}", level, tcode, short=shown, county=cname,
                               division=alias))
        else:
            bodies.append(Body(name, level, tcode, aliases=[alias], short=shown, county=cname,
                               division=alias))
    county = County(index, style, code, cname, bodies)
    for b in bodies:
        for y in YEARS:
            if rng.random() < 0.14:
                county.unpublished.append((b, y))
                continue
            shape = rng.choice(SHAPES)
            county.reports.append(Report(b, y, published_date(rng, b, y),
                                         _title(rng, b, y, shape), shape, "html"))
    return county


def retitle(rng: random.Random, r: Report, shape: str) -> None:
    """Give a report another title shape (the portal writer decides some shapes)."""
    r.shape = shape
    r.title = _title(rng, r.body, r.year, shape)
    if shape in ("S06", "S08"):
        r.flags.add("yearless" if shape == "S06" else "bodyless")


def foreign_title(year: int) -> str:
    return f"{CITY}{year}年政府信息公开工作年度报告"


def decoy_titles(rng: random.Random, r: Report) -> list[tuple[str, str]]:
    """Noise a real 年报 column carries next to a report: (kind, title)."""
    t = r.title.strip()
    return [rng.choice([
        ("interpretation", f"关于{t}的解读"),
        ("interpretation", f"文字解读:{t}"),
        ("interpretation", f"图解：{t}"),
        ("interpretation", f"一图读懂{r.body.short}{r.year}年政府信息公开工作年度报告"),
    ])]


NEWS = ("{c}召开{y}年度政务公开工作推进会", "{c}{y}年政务公开工作要点",
        "{c}关于开展{y}年度政府网站与政务新媒体检查的通知",
        "{c}政府信息公开指南（{y}年修订）")


def news_title(rng: random.Random, county: str, year: int) -> str:
    return rng.choice(NEWS).format(c=county, y=year)


def shift(d: date, days: int) -> date:
    return d + timedelta(days=days)
