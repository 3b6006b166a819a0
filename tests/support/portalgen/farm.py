"""``build_farm``: counties, their columns in every family, the truth and the registry.

Everything is drawn from seeded streams named by what they decide (``seed:county:3``,
``seed:site:5``), so a seed always gives the same farm, and a bigger farm keeps the
counties of a smaller one. Columns get families round-robin in ``FAMILY_ORDER``, so a
farm with seven or more columns has every family.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from . import documents
from .families import FAMILIES
from .names import County, make_county
from .site import DOCX_TYPE, Site
from .world import YEARS, Column, Item, plan_county, split_columns

FAMILY_ORDER = ("trs_static", "jcms_plain", "trs_vars", "jcms", "generic", "gkmlpt", "anhui")
_SITE_KEYS = ("www", "xxgk", "zwgk")
BASE = "{base}"  # the server's base URL in the registry text


def deadline(level: str, year: int) -> date:
    """The built-in deadline (``archive/deadlines.py``): county governments 31 March Y+1,
    departments, townships and streets 31 January Y+1."""
    return date(year + 1, 3, 31) if level == "county" else date(year + 1, 1, 31)


@dataclass
class Farm:
    seed: int
    counties: list[County]
    columns: list[Column]
    site: Site

    # -- documents ----------------------------------------------------------------

    def render_documents(self, cache: Path | None = None) -> None:
        """Write the attached DOCX and PDF documents (LibreOffice for PDFs, cached on
        disk); needed before serving."""
        if not self.site.pending:
            return
        written = documents.write_documents(self.site.pending, cache)
        for k, data in written.items():
            fmt = self.site.pending[k].fmt
            self.site.put(k, data, "application/pdf" if fmt == "pdf" else DOCX_TYPE)
        self.site.pending.clear()

    # -- what is true -------------------------------------------------------------

    def report_items(self) -> list[tuple[Column, Item]]:
        return [(c, it) for c in self.columns for it in c.items if it.kind == "report"]

    def truth(self) -> dict[str, Any]:
        """Per registered body and year 2019–2024: published or not, when, where; the
        decoys (解读, news, reposted city reports) by URL; the sources."""
        bodies, reports, unpublished, decoys = [], [], [], []
        family_of = {b.name: c for c in self.columns for b in c.county.bodies
                     if b.group in c.groups}
        published: dict[tuple[str, int], dict[str, Any]] = {}
        for col, item in self.report_items():
            assert item.body is not None and item.year is not None and item.plan is not None
            k = (item.body.name, item.year)
            urls = [item.url] + ([item.attachment] if item.attachment else [])
            if k in published:
                published[k]["urls"] += [u for u in urls if u not in published[k]["urls"]]
                published[k]["listed_on"].append(item.listed_on)
                continue
            plan = item.original.plan
            assert plan is not None
            published[k] = {
                "body": item.body.name, "year": item.year, "level": item.body.level,
                "region": item.body.region, "county": col.county.slug, "family": col.family,
                "source": col.source_url, "published": item.original.published.isoformat(),
                "deadline": deadline(item.body.level, item.year).isoformat(),
                "urls": urls, "format": plan.fmt, "template": plan.template,
                "list_title": item.title, "shape": item.shape,
                "yearless_title": str(item.year) not in item.title,
                "doc_title": plan.doc_title, "period": plan.period,
                "stale_year": plan.stale_year, "pubyear_named": plan.pubyear_named,
                "url_year": plan.url_year, "named_as": plan.body_name,
                "listed_on": [item.listed_on],
            }
        for county in self.counties:
            for body in county.bodies:
                col = family_of[body.name]
                bodies.append({"name": body.name, "level": body.level, "region": body.region,
                               "county": county.slug, "family": col.family,
                               "source": col.source_url})
                for year in YEARS:
                    if (body.name, year) in published:
                        reports.append(published[(body.name, year)])
                    else:
                        unpublished.append({"body": body.name, "year": year, "level": body.level,
                                            "region": body.region, "county": county.slug,
                                            "family": col.family,
                                            "deadline": deadline(body.level, year).isoformat()})
        for col in self.columns:
            for item in col.items:
                if item.kind != "report":
                    decoys.append({"kind": item.kind, "url": item.url, "title": item.title,
                                   "attachment": item.attachment, "family": col.family,
                                   "county": col.county.slug,
                                   "body": item.body.name if item.body else None,
                                   "year": item.year})
        sources = [{"url": c.source_url, "family": c.family, "county": c.county.slug,
                    "region": c.county.code, "groups": list(c.groups)} for c in self.columns]
        return {"seed": self.seed, "counties": len(self.counties), "years": list(YEARS),
                "bodies": bodies, "reports": reports, "unpublished": unpublished,
                "decoys": decoys, "sources": sources}

    def registry(self, base: str = BASE) -> dict[str, Any]:
        """The ``nianbao sources import`` file, with every source as ``family: auto``."""
        regions: list[dict[str, str]] = []
        seen: set[str] = set()

        def region(code: str, name: str, parent: str | None = None) -> None:
            if code in seen:
                return
            seen.add(code)
            regions.append({"code": code, "name": name, **({"parent": parent} if parent else {})})

        bodies: list[dict[str, Any]] = []
        for c in self.counties:
            province = c.province_code + "0000"
            region(province, c.province_name)
            region(c.city_code, c.city_name, province)
            region(c.code, c.name, c.city_code)
            for code, name in c.township_regions:
                region(code, name, c.code)
            for b in c.bodies:
                entry: dict[str, Any] = {"name": b.name, "region": b.region, "level": b.level}
                if b.aliases:
                    entry["aliases"] = list(b.aliases)
                bodies.append(entry)
        sources = [{"url": base + col.source_url, "region": col.county.code, "family": "auto",
                    "name": f"{col.county.name} {col.name}"} for col in self.columns]
        return {"regions": regions, "bodies": bodies, "sources": sources}

    def registry_yaml(self, base: str = BASE) -> str:
        head = ("# A portal farm's registry (tests/support/portalgen), "
                f"seed {self.seed}, {len(self.counties)} counties.\n")
        return head + yaml.safe_dump(self.registry(base), allow_unicode=True, sort_keys=False,
                                     width=200)


def build_farm(seed: int = 1, counties: int = 10) -> Farm:
    """The farm for a seed and a number of counties (attached documents still pending)."""
    if counties < 1:
        raise ValueError("a farm needs at least one county")
    taken: set[str] = set()
    site = Site()
    all_counties: list[County] = []
    columns: list[Column] = []
    for i in range(counties):
        rng = random.Random(f"{seed}:county:{i}")
        county = make_county(i, rng, taken)
        all_counties.append(county)
        cols = []
        for k, groups in enumerate(split_columns(rng, counties)):
            index = len(columns) + len(cols)
            family = FAMILY_ORDER[index % len(FAMILY_ORDER)]
            name = rng.choice(_COLUMN_NAMES[groups])
            cols.append(Column(county, index, family, groups, name, _SITE_KEYS[k]))
        plan_county(county, rng, cols, str(seed))
        columns += cols
    for col in columns:
        FAMILIES[col.family](col, site, random.Random(f"{seed}:site:{col.index}"))
    return Farm(seed, all_counties, columns, site)


_COLUMN_NAMES = {
    ("gov", "dept", "town", "street"): ["政府信息公开年报", "信息公开年报", "政府信息公开年度报告"],
    ("gov", "dept"): ["县政府及部门年报", "部门信息公开工作年度报告", "政务信息公开年报"],
    ("town", "street"): ["乡镇(街道)年报", "镇街", "乡镇街道信息公开年报"],
    ("town",): ["乡镇年报"],
    ("street",): ["街道年报"],
}
