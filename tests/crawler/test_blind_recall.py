"""The recall goal on the blind portal farm (``tests/support/blindfarm``).

The farm is written from ``shared/real`` alone, sharing no code with the team's own
``portalgen``: ten portal styles (TRS GBK tables with JS-only paging, ``<li>`` rows
with the date inside the link, date-first rows without a year, jcms datastores and
dataproxy windows, a gkmlpt JSON API, Anhui Openness lists with a department branch
site, the Hanweb annual-report module, bare PDF/DOCX/DOC/WPS links, a year → level
folder tree with a department sub-site, and a portal behind the real Ruishu challenge).
A small farm (one department and one township per county) is crawled by ``nianbao``
in subprocesses exactly as ``bench/blind_recall.py`` does. The goal: every report found
with the right year and body, no false report, no wrong ``missing`` row, no wrong
``overdue`` row as of 2025-04-01 and 2025-06-30, and the challenged portal's bodies
unknown (blocked), never missing.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from bench.blind_recall import run


@pytest.mark.slow
def test_blind_farm_goal(tmp_path: Path) -> None:
    result, _ = run(seed=2, work=tmp_path, depts=1, towns=1)
    t = result.total
    causes = Counter(m["cause"] for m in result.misses).most_common(15)
    detail = f"\n{result.render()}\ncauses: {causes}"
    assert t["expected"] > 100, detail
    assert t["found"] == t["expected"], detail
    assert t["right_year"] == t["expected"], detail
    assert t["right_body"] == t["expected"], detail
    assert t["false"] == 0, detail
    assert t["wrong_missing"] == 0, detail
    assert t["wrong_overdue@04-01"] == 0, detail
    assert t["wrong_overdue@06-30"] == 0, detail
    assert t["blocked_expected"] > 0, detail
    assert t["blocked_unknown"] == t["blocked_expected"], detail
