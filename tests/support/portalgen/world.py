"""What a county publishes, before any page is written: columns, items and report plans.

Per county: its report columns (one, or split by body group as real portals do), each
served by one CMS family; per registered body and report year 2019–2024, published or
not, when, under which list title, with what year evidence inside the document; 解读
twins, reposted city reports and ordinary news in the same columns; now and then a
report republished under a new URL. The frequencies come from ``shared/real``:
publication months (``report-years.md`` §4: 112 of 133 in January of Y+1, 10 in February,
3 in March, 7 later), title shapes (``title-shapes.md``), templates (2019 format for
2019–2020 reports, 2021 format after, a few late adopters).
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta

from . import titles
from .names import Body, County

YEARS = tuple(range(2019, 2025))
FORMATS = (("html", 74), ("pdf", 12), ("docx", 14))
P_UNPUBLISHED = 0.08
P_YEARLESS = 0.18
P_TWIN = 0.12
P_REPUBLISHED = 0.05
P_STALE = 0.04
P_PUBYEAR_NAMED = 0.04
P_LATE_ADOPTER = 0.06
P_EARLY_LIST_DATE = 0.05  # list/URL date before the page's 发布日期 (盂县: t20231211 vs 2024-01-10)
# families whose article URLs may carry the report year (fbtime= / nbYear=)
URL_YEAR_FAMILIES = {"jcms_plain": "fbtime", "generic": "nbYear"}


@dataclass
class ReportPlan:
    """How one report document is written (the body and year it must be read as)."""

    body_name: str  # the name form the document uses for its body
    year: int
    template: str  # "2019" | "2021"
    fmt: str  # html | pdf | docx
    doc_title: str
    period: str | None  # the statistics-period sentence, None when the document has none
    stale_year: bool = False  # 《X{year-1}年…》 named inside the text
    pubyear_named: bool = False  # "完成X{year+1}年…年度报告" (named by publication year)
    url_year: str | None = None  # "fbtime" | "nbYear": the article URL carries the year
    seed: str = ""


@dataclass
class Item:
    """One entry of a column list, and the article behind it."""

    id: int
    kind: str  # report | twin | news | foreign
    title: str  # as the list shows it
    published: date  # the 发布日期 the article page shows
    list_date: date  # the date the list shows
    body: Body | None = None
    year: int | None = None
    shape: str = ""
    plan: ReportPlan | None = None
    copy_of: Item | None = None  # a republished copy: the original item
    publisher: str = ""  # 发布机构 / 来源
    url: str = ""  # site path of the article (set by the family)
    attachment: str | None = None  # site path of the PDF/DOCX (set by the family)
    listed_on: str = ""  # the list page (or data window) that lists it (set by the family)

    @property
    def original(self) -> Item:
        return self.copy_of or self


@dataclass
class Column:
    """A report column: one registered source, one CMS family."""

    county: County
    index: int  # global source index
    family: str
    groups: tuple[str, ...]
    name: str  # the column's name in breadcrumbs
    site: str  # site key under the county prefix
    items: list[Item] = field(default_factory=list)
    source_url: str = ""  # set by the family (path, no base)

    @property
    def prefix(self) -> str:
        return f"/{self.county.slug}/{self.site}"


_SPLITS = (
    (("gov", "dept", "town", "street"),),
    (("gov", "dept"), ("town", "street")),
    (("gov", "dept"), ("town",), ("street",)),
)


def split_columns(rng: random.Random, n_counties: int) -> tuple[tuple[str, ...], ...]:
    """How a county splits its report columns; small farms use three so that every
    family gets a column."""
    if n_counties < 4:
        return _SPLITS[2]
    return rng.choices(_SPLITS, weights=[5, 3, 1])[0]


def publication_date(rng: random.Random, year: int) -> date:
    """January of Y+1 mostly, then February, March, and a few up to the summer."""
    month = rng.choices([1, 2, 3, 4, 5, 6, 7, 8], weights=[84, 7.5, 2.5, 2, 1.5, 1, 1, 0.5])[0]
    start = date(year + 1, month, 1)
    end = (date(year + 1, month + 1, 1) if month < 12 else date(year + 2, 1, 1)) - timedelta(1)
    first = 5 if month == 1 else 1  # nobody publishes on New Year's Day
    return start + timedelta(days=rng.randint(first - 1, (end - start).days))


def short_self(body_name: str) -> str:
    for suffix, short in (("镇人民政府", "我镇"), ("镇政府", "我镇"), ("镇", "我镇"),
                          ("乡人民政府", "我乡"), ("乡", "我乡"), ("街道办事处", "我街道"),
                          ("街道", "我街道"), ("人民政府", "本级政府")):
        if body_name.endswith(suffix):
            return short
    return "我局" if body_name.endswith("局") else "本机关"


def plan_report(rng: random.Random, body: Body, year: int, family: str,
                seed: str) -> tuple[ReportPlan, str, str, bool]:
    """A report's plan, its list title and shape, and whether the list title is yearless."""
    name = rng.choice(body.report_names)
    yearless = rng.random() < P_YEARLESS
    shape, title = titles.list_title(rng, name, year, yearless=yearless)
    fmt = rng.choices([f for f, _ in FORMATS], weights=[w for _, w in FORMATS])[0]
    template = "2019" if year <= 2020 else "2021"
    if template == "2021" and year <= 2023 and rng.random() < P_LATE_ADOPTER:
        template = "2019"
    url_year = None
    if family in URL_YEAR_FAMILIES and rng.random() < 0.35:
        url_year = URL_YEAR_FAMILIES[family]
    stale = rng.random() < P_STALE
    pubyear = not stale and rng.random() < P_PUBYEAR_NAMED
    # The document's own evidence: a yearless list title gets a dated heading or a
    # period sentence (or, with a year in the URL, sometimes neither).
    if yearless:
        doc_with_year = rng.random() < 0.45
        only_url = url_year is not None and not doc_with_year and rng.random() < 0.4
        with_period = not only_url and (not doc_with_year or rng.random() < 0.7)
    else:
        doc_with_year = rng.random() < 0.75
        with_period = rng.random() < 0.85 or not doc_with_year
    if stale:
        doc_with_year, with_period = False, True  # 田黄镇: title stale, period right
    with_body = not (rng.random() < 0.05 and body.level != "county")
    heading = titles.doc_title(rng, name, year, with_year=doc_with_year, with_body=with_body)
    period = titles.period_sentence(rng, year, short_self(name)) if with_period else None
    plan = ReportPlan(name, year, template, fmt, heading, period, stale, pubyear, url_year, seed)
    return plan, shape, title, yearless


def plan_county(county: County, rng: random.Random, columns: list[Column], seed: str) -> None:
    """Fill the county's columns with reports, twins, reposts and news."""
    by_group = {g: col for col in columns for g in col.groups}
    next_id = 1

    def add(col: Column, item: Item) -> None:
        col.items.append(item)

    for body in county.bodies:
        col = by_group[body.group]
        p_missing = P_UNPUBLISHED * (1.4 if body.group in ("town", "street") else 1.0)
        for year in YEARS:
            if rng.random() < p_missing:
                continue
            plan, shape, title, _ = plan_report(
                rng, body, year, col.family, f"{seed}:{county.slug}:{body.name}:{year}")
            pub = publication_date(rng, year)
            listed = pub
            if rng.random() < P_EARLY_LIST_DATE:
                listed = pub - timedelta(days=rng.randint(3, 40))
            item = Item(next_id, "report", title, pub, listed, body, year, shape, plan,
                        publisher=body.name if rng.random() < 0.8 else plan.body_name)
            next_id += 1
            add(col, item)
            if rng.random() < P_TWIN:
                twin_day = pub + timedelta(days=rng.choice([0, 0, 1, 2, 7]))
                add(col, Item(next_id, "twin", titles.twin_title(rng, plan.body_name, year),
                              twin_day, twin_day, body, year, "S11", publisher=body.name))
                next_id += 1
            if rng.random() < P_REPUBLISHED:
                again = pub + timedelta(days=rng.randint(120, 600))
                add(col, Item(next_id, "report", title, pub, again, body, year, shape, plan,
                              copy_of=item, publisher=item.publisher))
                next_id += 1
    # the city's own report, reposted in the county's column (a body nobody registered)
    first = columns[0]
    for year in rng.sample(YEARS, rng.randint(0, 2)):
        pub = publication_date(rng, year)
        city_gov = f"{county.city_name}人民政府"
        plan = ReportPlan(city_gov, year, "2019" if year <= 2020 else "2021", "html",
                          f"{county.city_name}{year}年政府信息公开工作年度报告",
                          titles.period_sentence(rng, year, "我市"),
                          seed=f"{seed}:{county.slug}:city:{year}")
        add(first, Item(next_id, "foreign", f"{county.city_name}{year}年政府信息公开工作年度报告",
                        pub, pub, None, year, "S01", plan, publisher=city_gov))
        next_id += 1
    for col in columns:
        bodies = [b for b in county.bodies if b.group in col.groups]
        for _ in range(rng.randint(4, 9)):
            day = date(2020, 1, 1) + timedelta(days=rng.randint(0, 2000))
            body = rng.choice(bodies)
            add(col, Item(next_id, "news",
                          titles.news_title(rng, county.name, body.name, day.year - 1),
                          day, day, None, None, "", publisher=body.name))
            next_id += 1
        col.items.sort(key=lambda it: (it.list_date, it.id), reverse=True)
