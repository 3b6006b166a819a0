"""The recall goal on a generated portal farm (``tests/support/portalgen``).

A small farm — 3 counties, every CMS family, 2019–2024 — built from ``shared/real`` and
not from the sample portals, crawled by ``nianbao`` in subprocesses exactly as
``bench/recall.py`` does. The goal of issue 12: every report found, each with the right
year and body, no false report, and no wrong ``missing`` or ``overdue`` row.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from bench.recall import run


@pytest.mark.slow
def test_recall_goal_on_a_small_farm(tmp_path: Path) -> None:
    result, _ = run(seed=5, counties=3, as_of=None, work=tmp_path,
                    misses_path=tmp_path / "misses.json")
    total = result.total
    causes = Counter(m["cause"] for m in result.misses).most_common(12)
    detail = f"\n{result.render()}\ncauses: {causes}\nmisses: {tmp_path / 'misses.json'}"
    assert total["expected"] > 150, detail
    assert total["found"] == total["expected"], detail
    assert total["right_year"] == total["expected"], detail
    assert total["right_body"] == total["expected"], detail
    assert total["false"] == 0, detail
    assert total["wrong_missing"] == 0, detail
    assert total["wrong_overdue"] == 0, detail
