"""Finding a section's first line in one scan of the joined lines gives the line a
line-by-line search gives, for every pattern the section finder uses."""

from __future__ import annotations

import random

from archive.extract.labels import ACTIVE_ANCHOR, APPEALS_ANCHOR, APPLICATIONS_ANCHOR, OVERVIEW
from archive.extract.report import _find, _Joined

PIECES = ["行政复议", "行政法复议", "行政诉讼", "本年新收", "申请人情况", "一、", "1.", "#",
          "总体情况", "本年制发件数", "第二十条第", "首页", "", "、", "\t", "x"]


def test_joined_search_finds_the_line_a_line_by_line_search_finds() -> None:
    rng = random.Random(3)
    for _ in range(2000):
        lines = [
            "".join(rng.choice(PIECES) for _ in range(rng.randrange(0, 4)))
            for _ in range(rng.randrange(0, 12))
        ]
        joined = _Joined(lines)
        assert joined.usable
        for pattern in (ACTIVE_ANCHOR, APPLICATIONS_ANCHOR, APPEALS_ANCHOR, OVERVIEW):
            start = rng.randrange(0, len(lines) + 1)
            stop = rng.choice([None, rng.randrange(0, len(lines) + 1)])
            assert _find(lines, pattern, start, stop, joined) == _find(
                lines, pattern, start, stop
            ), (lines, pattern.pattern, start, stop)


def test_a_line_holding_a_newline_is_searched_line_by_line() -> None:
    lines = ["首页\n行政复议", "行政复议"]
    joined = _Joined(lines)
    assert not joined.usable
    assert _find(lines, APPEALS_ANCHOR, 0, None, joined) == 1  # ^ at the line's start


def test_lines_are_compacted_alike_joined_or_one_by_one() -> None:
    from archive.extract.labels import compact
    from archive.extract.report import _compacted

    rng = random.Random(5)
    for _ in range(500):
        texts = [
            "".join(rng.choice(["一、 ", "\u3000", "\xa0", "a b", "", "\n", "行政 复议"])
                    for _ in range(rng.randrange(0, 4)))
            for _ in range(rng.randrange(0, 6))
        ]
        assert _compacted(texts) == [compact(t) for t in texts]
