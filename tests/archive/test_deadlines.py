"""Deadlines: the built-in rules of 条例 第四十九条, overrides, leap years, specificity."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy.orm import Session, sessionmaker

from archive.deadlines import DeadlineResolver, Rule, apply_rule, deadline_for
from tests.archive import builders as b


@pytest.mark.parametrize(
    ("level", "expected"),
    [
        ("province", date(2024, 3, 31)),
        ("province_department", date(2024, 1, 31)),
        ("city", date(2024, 3, 31)),
        ("city_department", date(2024, 1, 31)),
        ("county", date(2024, 3, 31)),
        ("county_department", date(2024, 1, 31)),
        ("township", date(2024, 1, 31)),
        ("street", date(2024, 1, 31)),
    ],
)
def test_built_in_rules(level: str, expected: date) -> None:
    found = DeadlineResolver([], {}).deadline(level, "411421", 2023)
    assert found.date == expected
    assert found.rule.rule_id is None and "built-in" in found.rule.describe()
    assert found.note is None


def test_29_february_is_clamped_in_a_common_year_and_says_so() -> None:
    rule = Rule(2, 29, region_code="411421", rule_id=7)
    leap = apply_rule(rule, 2023)  # due in 2024, a leap year
    assert leap.date == date(2024, 2, 29) and leap.note is None
    common = apply_rule(rule, 2024)  # due in 2025
    assert common.date == date(2025, 2, 28)
    assert "29 Feb" in common.note and "2025" in common.note and "28 Feb" in common.note


def _resolver(rules: list[Rule]) -> DeadlineResolver:
    parents = {"411421101": "411421", "411421": "411400", "411400": "410000"}
    return DeadlineResolver(rules, parents)


def test_most_specific_rule_wins() -> None:
    level_only = Rule(2, 10, level="township", rule_id=1)
    region_only = Rule(2, 15, region_code="411421", rule_id=2)
    both = Rule(2, 20, level="township", region_code="411421", rule_id=3)
    resolver = _resolver([level_only, region_only, both])
    assert resolver.rule("township", "411421101") == both  # region + level
    assert resolver.rule("street", "411421101") == region_only  # region only
    assert resolver.rule("township", "320804102") == level_only  # level only elsewhere
    assert resolver.rule("county", "320804").rule_id is None  # built-in


def test_a_deeper_region_beats_a_shallower_one() -> None:
    province = Rule(2, 5, level="township", region_code="410000", rule_id=1)
    county = Rule(2, 25, level="township", region_code="411421", rule_id=2)
    resolver = _resolver([province, county])
    assert resolver.rule("township", "411421101") == county
    assert resolver.rule("township", "411400") == province  # the city is under the province
    # region + level at any depth beats region only, however deep
    resolver = _resolver([province, Rule(3, 1, region_code="411421101", rule_id=3)])
    assert resolver.rule("township", "411421101") == province


def test_overrides_from_the_archive(sessions: sessionmaker[Session]) -> None:
    with sessions.begin() as session:
        bodies = b.registry(session)
        b.rule(session, 2, 20, level="township", region="411421")
        b.rule(session, 2, 29, level="street")
        town, street = bodies["town"], bodies["street"]
        assert deadline_for(session, "township", town.region_code, 2023).date == date(2024, 2, 20)
        # a street: the level-only rule, 29 Feb, clamped in 2026
        found = deadline_for(session, "street", street.region_code, 2025)
        assert found.date == date(2026, 2, 28) and found.note
        assert "override" in found.rule.describe()
        # the county government keeps the built-in 31 March
        assert deadline_for(session, "county", "411421", 2023).date == date(2024, 3, 31)
        assert DeadlineResolver.load(session).earliest(2023) == date(2024, 1, 31)


def test_a_chain_is_the_same_whether_an_ancestor_was_walked_first() -> None:
    parents = {"411421101": "411421", "411421": "411400", "411400": "410000"}
    fresh = DeadlineResolver([], parents).chain("411421101")
    warmed = DeadlineResolver([], parents)
    warmed.chain("411400")  # the ancestor's chain is reused below
    assert warmed.chain("411421101") == fresh == ("411421101", "411421", "411400", "410000")
    assert warmed.parent("411421101") == "411421" and warmed.parent("410000") is None


def test_a_cycle_in_the_parents_ends_the_chain_before_the_repeat() -> None:
    parents = {"A": "B", "B": "C", "C": "B", "D": "A"}
    walked = DeadlineResolver([], parents)
    assert walked.chain("B") == ("B", "C")
    assert walked.chain("D") == ("D", "A", "B", "C")  # B's chain reused, still no repeat
    assert walked.chain("C") == ("C", "B")
    assert DeadlineResolver([], parents).chain("D") == ("D", "A", "B", "C")
