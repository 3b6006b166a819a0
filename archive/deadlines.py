"""When a body's report for year Y falls due: the built-in rules and the overrides.

Built-in (政府信息公开条例 第四十九条): government departments at county level and
above (``county_department``, ``city_department``, ``province_department``) by 31
January of Y+1 and people's governments at county level and above (``county``,
``city``, ``province``) by 31 March of Y+1; townships and streets, which the 条例 leaves to
provincial rules, default to 31 January of Y+1.

Overrides are ``deadline_rules`` rows (the ``deadlines:`` section of a sources file), by
level, by region (covering its descendants), or both. The most specific rule wins:
region + level beats region only beats level only beats built-in; within one of those
kinds a deeper region (nearer the body's own) beats a shallower one. A rule for 29
February falls on 28 February in a year that is not a leap year, and says so.
"""

from __future__ import annotations

import calendar
import functools
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from .driver_rows import driver_rows
from .models import BodyLevel, DeadlineRule, Region

BUILTIN: dict[BodyLevel, tuple[int, int]] = {
    BodyLevel.PROVINCE_DEPARTMENT: (1, 31),
    BodyLevel.PROVINCE: (3, 31),
    BodyLevel.CITY_DEPARTMENT: (1, 31),
    BodyLevel.CITY: (3, 31),
    BodyLevel.COUNTY_DEPARTMENT: (1, 31),
    BodyLevel.COUNTY: (3, 31),
    BodyLevel.TOWNSHIP: (1, 31),
    BodyLevel.STREET: (1, 31),
}
BUILTIN_BASIS = {
    BodyLevel.PROVINCE_DEPARTMENT: "条例 第四十九条",
    BodyLevel.PROVINCE: "条例 第四十九条",
    BodyLevel.CITY_DEPARTMENT: "条例 第四十九条",
    BodyLevel.CITY: "条例 第四十九条",
    BodyLevel.COUNTY_DEPARTMENT: "条例 第四十九条",
    BodyLevel.COUNTY: "条例 第四十九条",
    BodyLevel.TOWNSHIP: "default (provincial rules vary)",
    BodyLevel.STREET: "default (provincial rules vary)",
}


@dataclass(frozen=True)
class Rule:
    """One applicable rule: an override row (``rule_id``) or a built-in (``rule_id`` None)."""

    month: int
    day: int
    level: BodyLevel | None = None
    region_code: str | None = None
    rule_id: int | None = None
    year_offset: int = 1

    def describe(self) -> str:
        return _describe(self)

    def _describe(self) -> str:
        when = f"{self.day} {calendar.month_abbr[self.month]}"
        if self.rule_id is None and self.level is not None:
            return f"built-in {self.level.value}: {when} Y+1, {BUILTIN_BASIS[self.level]}"
        scope = " ".join(
            part
            for part in (
                f"level {self.level.value}" if self.level else "",
                f"region {self.region_code}" if self.region_code else "",
            )
            if part
        )
        return f"override #{self.rule_id} ({scope}): {when}"


@functools.lru_cache(maxsize=4096)
def _describe(rule: Rule) -> str:
    return rule._describe()


BUILTIN_RULES = {level: Rule(month, day, level=level) for level, (month, day) in BUILTIN.items()}


@dataclass(frozen=True)
class Deadline:
    """The date a report falls due, the rule that set it, and any adjustment made."""

    date: date
    rule: Rule
    note: str | None = None

    @functools.cached_property
    def iso(self) -> str:
        return self.date.isoformat()

    @functools.cached_property
    def rule_text(self) -> str:
        return self.rule.describe()

    def as_dict(self) -> dict[str, object]:
        return {"deadline": self.iso, "rule": self.rule_text, "note": self.note}


def apply_rule(rule: Rule, year: int) -> Deadline:
    """The deadline ``rule`` gives for report year ``year`` (29 Feb clamped in common years)."""
    due_year = year + rule.year_offset
    last = calendar.monthrange(due_year, rule.month)[1]
    if rule.day > last:
        note = (
            f"{rule.day} {calendar.month_abbr[rule.month]} does not exist in {due_year};"
            f" clamped to {last} {calendar.month_abbr[rule.month]}"
        )
        return Deadline(date(due_year, rule.month, last), rule, note)
    return Deadline(date(due_year, rule.month, rule.day), rule)


def builtin_rule(level: BodyLevel | str) -> Rule:
    return BUILTIN_RULES[BodyLevel(level)]


class DeadlineResolver:
    """Resolves deadlines for many bodies at once: rules and region ancestry load once.

    >>> resolver = DeadlineResolver([], {})
    >>> resolver.deadline("county", "411421", 2023).date.isoformat()
    '2024-03-31'
    """

    def __init__(self, rules: list[Rule], parents: dict[str, str | None]) -> None:
        self._parents = parents
        self._by_scope: dict[tuple[BodyLevel | None, str | None], Rule] = {
            (r.level, r.region_code): r for r in rules
        }
        # the region codes some rule names: a body's rule depends only on its level and
        # which of these its region's chain holds (its anchor), so deadlines are cached
        # per level, anchor and year, shared by every region without rules of its own
        self._ruled = frozenset(code for _, code in self._by_scope if code)
        self._anchors: dict[str, tuple[str, ...]] = {}
        self._chains: dict[str, tuple[str, ...]] = {}
        self._rules: dict[tuple[str, str], Rule] = {}
        self._cache: dict[tuple[Rule, int], Deadline] = {}
        self._deadlines: dict[tuple[str, tuple[str, ...], int], Deadline] = {}

    @classmethod
    def load(cls, session: Session) -> DeadlineResolver:
        rules = [
            Rule(r.month, r.day, r.level, r.region_code, r.id, r.year_offset)
            for r in session.scalars(select(DeadlineRule))
        ]
        # every region of a national registry: plain tuples, no Row per region
        parents = driver_rows(session, select(Region.code, Region.parent_code))
        return cls(rules, dict(parents))

    @property
    def has_overrides(self) -> bool:
        return bool(self._by_scope)

    def parent(self, region_code: str) -> str | None:
        """The parent of ``region_code`` (None: a top region or one not registered)."""
        return self._parents.get(region_code)

    def chain(self, region_code: str) -> tuple[str, ...]:
        """``region_code`` and its ancestors, nearest first (parents need not be registered)."""
        cached = self._chains.get(region_code)
        if cached is None:
            chain: list[str] = []
            code: str | None = region_code
            while code and code not in chain:
                known = self._chains.get(code)
                if known is not None:  # an ancestor's chain: the rest, up to a cycle
                    for up in known:
                        if up in chain:
                            break
                        chain.append(up)
                    break
                chain.append(code)
                code = self._parents.get(code)
            cached = self._chains[region_code] = tuple(chain)
        return cached

    def rule(self, level: BodyLevel | str, region_code: str) -> Rule:
        """The most specific rule for a body of ``level`` in ``region_code``."""
        key = (level, region_code)  # a StrEnum and its value are the same key
        found = self._rules.get(key)
        if found is None:
            found = self._resolve(BodyLevel(level), region_code)
            self._rules[key] = found
        return found

    def _resolve(self, level: BodyLevel, region_code: str) -> Rule:
        if self._by_scope:
            chain = self.chain(region_code)
            for wanted in (level, None):  # region + level, then region only
                for code in chain:  # deeper regions first
                    rule = self._by_scope.get((wanted, code))
                    if rule is not None:
                        return rule
            rule = self._by_scope.get((level, None))
            if rule is not None:
                return rule
        return builtin_rule(level)

    def deadline(self, level: BodyLevel | str, region_code: str, year: int) -> Deadline:
        anchor: tuple[str, ...] = ()
        if self._ruled:
            known = self._anchors.get(region_code)
            if known is None:
                ruled = self._ruled
                known = tuple(code for code in self.chain(region_code) if code in ruled)
                self._anchors[region_code] = known
            anchor = known
        key = (level, anchor, year)  # a StrEnum and its value are the same key
        found = self._deadlines.get(key)
        if found is None:
            rule = self.rule(level, region_code)
            found = self._cache.get((rule, year))
            if found is None:
                found = self._cache[(rule, year)] = apply_rule(rule, year)
            self._deadlines[key] = found
        return found

    def _all_rules(self) -> list[Rule]:
        return [*self._by_scope.values(), *(builtin_rule(level) for level in BUILTIN)]

    def earliest(self, year: int) -> date:
        """The earliest deadline any body can have for ``year`` (a bound for queries)."""
        return min(apply_rule(r, year).date for r in self._all_rules())

    def latest(self, year: int) -> date:
        """The latest deadline any body can have for ``year``."""
        return max(apply_rule(r, year).date for r in self._all_rules())


def deadline_for(session: Session, level: BodyLevel | str, region_code: str, year: int) -> Deadline:
    """One body's deadline; for many bodies use ``DeadlineResolver.load`` once."""
    return DeadlineResolver.load(session).deadline(level, region_code, year)
