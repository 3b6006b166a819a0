"""An independent portal farm for recall tests, written from ``shared/real`` only.

``build_farm(seed, styles, depts, towns)`` makes one county per portal style
(``styles.STYLES``), each with its people's government, ``depts`` departments and
``towns`` townships or streets, and writes every portal as a ``server.Site``. Serve it
with ``farm.serve()`` (one 127.0.0.1 port per portal), register it with
``farm.registry_yaml(bases)`` and compare answers with ``farm.truth(bases)``.

It shares no code with ``tests/support/portalgen``; only the report documents come
from ``tests/support/render`` and ``reportgen``.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from typing import Any

import yaml

from .docs import Docs
from .pages import Ctx
from .server import FarmServers, Site
from .styles import STYLES, build_site
from .world import County, make_county


@dataclass
class Farm:
    counties: list[County]
    sites: list[Site]
    columns: dict[str, str]  # site name -> column path
    docs: Docs
    decoys: dict[str, list[dict[str, str]]] = field(default_factory=dict)

    def resolve(self, body: bytes | str) -> bytes:
        if isinstance(body, bytes):
            return body
        if body in self.docs.done:
            return self.docs.done[body]
        return body.encode("utf-8")

    def serve(self) -> FarmServers:
        return FarmServers(self.sites, self.resolve)

    def registry_yaml(self, bases: dict[str, str]) -> str:
        regions: list[dict[str, Any]] = [{"code": "430100", "name": "汉川市", "parent": "430000"}]
        bodies: list[dict[str, Any]] = []
        sources: list[dict[str, Any]] = []
        deadlines: list[dict[str, Any]] = []
        for c in self.counties:
            regions.append({"code": c.code, "name": c.name, "parent": "430100"})
            for b in c.bodies:
                if b.region != c.code:
                    regions.append({"code": b.region, "name": b.division or b.name,
                                    "parent": c.code})
                entry: dict[str, Any] = {"name": b.name, "region": b.region, "level": b.level}
                if b.aliases:
                    entry["aliases"] = list(b.aliases)
                bodies.append(entry)
            sources.append({"url": bases[c.style] + self.columns[c.style], "region": c.code,
                            "family": "auto"})
            for extra in c.extra_sources:
                sources.append({"url": bases[c.style] + extra, "region": c.code,
                                "family": "auto"})
            for rule in c.deadline_rules:
                deadlines.append({**rule, "region": c.code})
        return yaml.safe_dump({"regions": regions, "bodies": bodies, "sources": sources,
                               "deadlines": deadlines}, allow_unicode=True, sort_keys=False)

    def truth(self, bases: dict[str, str]) -> dict[str, Any]:
        out: dict[str, Any] = {"bodies": [], "reports": [], "unpublished": [], "unknown": [],
                               "decoys": []}
        for c in self.counties:
            base = bases[c.style]
            for b in c.bodies:
                out["bodies"].append({"name": b.name, "level": b.level, "region": b.region,
                                      "style": c.style})
            for r in c.reports:
                out["reports"].append({
                    "body": r.body.name, "region": r.body.region, "year": r.year,
                    "style": c.style,
                    "published": r.published.isoformat(),
                    "deadline": r.body.deadline(r.year).isoformat(),
                    "title": r.title, "shape": r.shape, "format": r.fmt,
                    "flags": sorted(r.flags), "urls": [base + u for u in r.urls]})
            for b, y in c.unpublished:
                out["unpublished"].append({"body": b.name, "region": b.region, "year": y,
                                           "style": c.style,
                                           "deadline": b.deadline(y).isoformat()})
            for b, y, why in c.unknown:
                out["unknown"].append({"body": b.name, "region": b.region, "year": y,
                                       "style": c.style, "why": why})
            for d in self.decoys.get(c.style, []):
                out["decoys"].append({**d, "url": base + d["url"], "style": c.style})
        return out


def build_farm(seed: int = 1, styles: tuple[str, ...] = STYLES, depts: int = 2,
               towns: int = 3) -> Farm:
    rng = random.Random(seed)
    docs = Docs(seed)
    counties, sites, columns, decoys = [], [], {}, {}
    for i, style in enumerate(styles):
        county = make_county(random.Random(f"{seed}:{i}:{style}"), i, style, depts, towns)
        site = Site(style)
        ctx = Ctx(county, site, docs, random.Random(f"{seed}:{style}:site"),
                  seq=rng.randint(10000, 90000))
        columns[style] = build_site(ctx)
        counties.append(county)
        sites.append(site)
        decoys[style] = ctx.decoys
    docs.convert()
    return Farm(counties, sites, columns, docs, decoys)
