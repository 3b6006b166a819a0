"""Dates for the deadline queries: China calendar days, UTC instants, the years asked.

Dates are calendar dates in China (UTC+8); stored times are UTC. ``parse_years`` reads
a ``--years`` option, ``default_years`` picks the years whose earliest deadline passed.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta, timezone

from ..deadlines import DeadlineResolver
from ..errors import InputError

CHINA = timezone(timedelta(hours=8), "CST")
FIRST_YEAR = 2019  # the current template and the revised 条例 (2019)
_YEARS = re.compile(r"^\s*(\d{4})\s*(?:-\s*(\d{4})\s*)?$")


def parse_years(text: str) -> list[int]:
    """``"2019-2024"``, ``"2022"`` or ``"2019,2021-2022"`` as a sorted list of years.

    >>> parse_years("2019-2021,2023")
    [2019, 2020, 2021, 2023]
    """
    years: set[int] = set()
    for part in text.split(","):
        m = _YEARS.match(part)
        if not m:
            raise InputError(f"--years {text!r}: expected YEAR, FROM-TO or a comma list of those")
        lo, hi = int(m.group(1)), int(m.group(2) or m.group(1))
        if lo > hi or not 1990 <= lo <= 2100 or not 1990 <= hi <= 2100:
            raise InputError(f"--years {text!r}: {part.strip()} is not a plausible range of years")
        years.update(range(lo, hi + 1))
    return sorted(years)


def day_end_utc(day: date) -> datetime:
    """The first instant after ``day`` in China, in UTC."""
    return datetime.combine(day + timedelta(days=1), time(), CHINA).astimezone(UTC)


def china_date(moment: datetime) -> date:
    return moment.astimezone(CHINA).date()


def today_in_china() -> date:
    return datetime.now(CHINA).date()


def default_years(resolver: DeadlineResolver, as_of: date) -> list[int]:
    """Every year from 2019 whose earliest possible deadline has passed by ``as_of``."""
    return [y for y in range(FIRST_YEAR, as_of.year + 1) if resolver.earliest(y) < as_of]
