"""Attributing a found report to a registered body, by the name it gives itself.

Documents name their body in many ways: exactly as registered (北关镇人民政府), with the
county in front (民权县北关镇人民政府), or by an alias (北关镇). A name matches a body
when, after removing spaces and punctuation, it equals the body's name or an alias, or
ends with one (the longest such wins). A government also answers to its division's
name: 民权县人民政府 to 民权县, 北关镇人民政府 to 北关镇, 城关街道办事处 to 城关街道 (a
county's own report is titled 民权县2023年…), unless that name is registered for another
body. Ambiguous matches attribute nothing: the report is kept under the name as found
(``body_id`` null), never dropped or guessed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import Select, cast, literal, select
from sqlalchemy.orm import Session

from .models import Body, Region

_NOISE = re.compile(r"[\s\u3000·•()（）【】\[\]「」“”\"'、,，.。:：]+")


def normalize_name(name: str) -> str:
    return _NOISE.sub("", name)


@dataclass(frozen=True)
class Candidate:
    body_id: int
    name: str
    region_code: str


class BodyIndex:
    """The registered bodies of one region and its descendants, by normalized name."""

    def __init__(
        self,
        bodies: list[tuple[int, str, list[str], str]],
        region_names: dict[str, str] | None = None,
    ) -> None:
        self.names: dict[str, set[Candidate]] = {}
        implicit: dict[str, set[Candidate]] = {}
        for body_id, name, aliases, region in bodies:
            cand = Candidate(body_id, name, region)
            for n in (name, *aliases):
                self.names.setdefault(normalize_name(n), set()).add(cand)
            division = division_name(name, (region_names or {}).get(region))
            if division:
                implicit.setdefault(normalize_name(division), set()).add(cand)
        for n, cands in implicit.items():
            if n not in self.names:  # a registered name or alias always wins
                self.names[n] = cands

    @classmethod
    def for_region(cls, session: Session, region_code: str | None) -> BodyIndex:
        """Bodies registered in ``region_code`` and below (all bodies for None)."""
        query = select(Body.id, Body.name, Body.aliases, Body.region_code, Region.name).outerjoin(
            Region, Region.code == Body.region_code
        )
        if region_code is not None:
            query = query.where(Body.region_code.in_(region_scope(region_code)))
        rows = session.execute(query).all()
        return cls(
            [(i, n, list(a or []), r) for i, n, a, r, _ in rows],
            {r: rn for _, _, _, r, rn in rows if rn},
        )

    def match_in(self, text: str | None) -> Candidate | None:
        """The one body whose name or alias stands in ``text`` as a whole name (the
        longest wins): followed by the end, a year or the title's subject, so that the
        county alias 民权县 is not found in 民权县教育局2023年…, nor 北关镇 in 北关镇卫生院…"""
        if not text:
            return None
        key = normalize_name(text)
        inside = [
            (len(n), c)
            for n, c in self.names.items()
            if len(n) >= 2 and n in key and _ends_a_name(key, n)
        ]
        if not inside:
            return None
        longest = max(length for length, _ in inside)
        return _unique(set().union(*(c for length, c in inside if length == longest)))

    def match(self, found: str | None) -> Candidate | None:
        """The one body ``found`` names, or None when none or several fit: its name or
        an alias exactly, else as the end of ``found`` (民权县北关镇人民政府 for 北关镇人民政府),
        else ``found`` as the end of one registered name (王庄镇人民政府 for a body
        registered as 民权县王庄镇人民政府)."""
        if not found:
            return None
        key = normalize_name(found)
        exact = self.names.get(key)
        if exact:
            return next(iter(exact)) if len(exact) == 1 else None
        suffixes = [(len(n), c) for n, c in self.names.items() if n and key.endswith(n)]
        if suffixes:
            longest = max(length for length, _ in suffixes)
            return _unique(set().union(*(c for length, c in suffixes if length == longest)))
        if len(key) < 4 or key in _GENERIC:
            return None
        wider = [c for n, c in self.names.items() if n.endswith(key)]
        return _unique(set().union(*wider)) if wider else None

# every level of division a people's government is named after: 自治州 and 盟 (the
# prefecture level beside 市) as well as 市, 县, 区, 旗, 乡, 镇, 苏木
_GOVERNMENT = re.compile(r"^(.{2,}?(?:县|区|市|州|盟|旗|镇|乡|苏木))人民政府$")
_STREET = re.compile(r"^(.{2,}?街道)办事处$")


def division_name(body: str, region_name: str | None = None) -> str | None:
    """The division a government is named after: 民权县 for 民权县人民政府, 北关镇 for
    北关镇人民政府, 城关街道 for 城关街道办事处; None for any other body. With the name
    of the body's registered region, that name when the body is its government
    (北关镇 for 民权县北关镇人民政府 in region 北关镇)."""
    key = normalize_name(body)
    if region_name:
        region = normalize_name(region_name)
        for tail in ("人民政府", "政府", "办事处"):
            if len(region) >= 2 and key.endswith(region + tail):
                return region
    m = _GOVERNMENT.match(key) or _STREET.match(key)
    return m.group(1) if m else None


# endings every government shares: never a body's name by themselves
_GENERIC = {"人民政府", "街道办事处", "人民政府办公室", "政府办公室"}
_NAME_END = re.compile(r"(?:19|20)\d{2}|年度|关于|(?:政府)?信息公开|政务公开|$")


def _ends_a_name(text: str, name: str) -> bool:
    """Whether some occurrence of ``name`` in ``text`` is followed by a name's end."""
    start = text.find(name)
    while start >= 0:
        if _NAME_END.match(text, start + len(name)):
            return True
        start = text.find(name, start + 1)
    return False


def _unique(candidates: set[Candidate]) -> Candidate | None:
    return next(iter(candidates)) if len(candidates) == 1 else None


def region_scope(region: str) -> Select[tuple[str]]:
    """``region`` and every registered region below it, as a recursive query."""
    # typed like regions.code: PostgreSQL wants both halves of a recursive CTE alike
    base = select(cast(literal(region), Region.code.type).label("code")).cte(
        "scope", recursive=True
    )
    scope = base.union(select(Region.code).where(Region.parent_code == base.c.code))
    return select(scope.c.code)
