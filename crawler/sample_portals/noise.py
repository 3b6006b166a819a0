"""Per-request noise in HTML pages: the visit counter and today's date.

Pages carry ``<!--NB:VISITS-->`` and ``<!--NB:TODAY-->`` placeholders; ``inject_noise``
fills them at byte level in the site's encoding (GBK bytes stay GBK), so no two answers
for one page are equal, as on the real portals.
"""

from __future__ import annotations

from datetime import datetime

VISITS = b"<!--NB:VISITS-->"
TODAY = b"<!--NB:TODAY-->"
_WEEKDAYS = "一二三四五六日"


def inject_noise(data: bytes, encoding: str, visits: int, now: datetime) -> bytes:
    """Fill the visit counter and today's date placeholders, at byte level."""
    if VISITS not in data and TODAY not in data:
        return data
    today = (
        f"{now.year}年{now.month:02d}月{now.day:02d}日 星期{_WEEKDAYS[now.weekday()]} "
        f"{now:%H:%M:%S}"
    )
    return data.replace(VISITS, str(visits).encode("ascii")).replace(
        TODAY, today.encode(encoding)
    )
