"""The evidence ladder for a report's year: which rung is believed, and when rungs clash.

Rungs (most trusted first within each family):

- ``name`` — how the report names itself: ``title`` (its own title line),
  ``page_title`` (the HTML ``<title>``), ``list_title`` (the link text in the column);
- ``text`` — what its text says of the period: ``period`` (the statistics period
  sentence), ``heading`` (``YYYY年度`` in a heading), ``intro`` (``现将…YYYY年度…报告如下``);
- ``url`` — ``url_param``: a year parameter (``fbtime=``, ``nbYear=``, ``timeFrame=``);
- ``date`` — ``published``: a publication date in January–June gives the year before.

Each family votes with its most trusted rung; the year with most votes wins, a tie
goes to the family listed first (name, then text, …). So a stale title (title 2020,
period 2021, ``fbtime=2021``) loses to the two others, and a report named by its year
of publication (title 2024, period 2023, published January 2024) is read as 2023.
Whenever two of the strong families (name, text, url) disagree the decision lists the
losers as ``conflicts``: a finding for a person, not a silent choice. A publication
date only breaks ties: reports published a year late are real, so its disagreement
is no conflict. A year folder in the URL (``/2023n/``)
is the weakest rung of all: real portals keep filing new reports in old folders, so
it decides only when nothing else says anything.
"""

from __future__ import annotations

from dataclasses import dataclass, field

FAMILIES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("name", ("title", "page_title", "list_title")),
    ("text", ("period", "heading", "intro")),
    ("url", ("url_param",)),
    ("date", ("published",)),
)
LAST_RESORT = ("url_folder",)
RUNGS = tuple(r for _, rungs in FAMILIES for r in rungs) + LAST_RESORT


@dataclass(frozen=True)
class YearDecision:
    year: int | None
    basis: str | None
    conflicts: list[tuple[str, int]] = field(default_factory=list)


def decide_year(rungs: dict[str, int]) -> YearDecision:
    """The year ``rungs`` (rung name → year) support, with its basis and any conflicts.

    >>> decide_year({"list_title": 2020, "period": 2021, "url_param": 2021})
    YearDecision(year=2021, basis='period', conflicts=[('list_title', 2020)])
    >>> decide_year({"title": 2024, "period": 2023, "published": 2023}).year
    2023
    >>> decide_year({"title": 2022, "period": 2021})
    YearDecision(year=2022, basis='title', conflicts=[('period', 2021)])
    >>> decide_year({"url_folder": 2022})
    YearDecision(year=2022, basis='url_folder', conflicts=[])
    """
    votes: list[tuple[str, str, int]] = []  # (family, rung, year) in family order
    for family, names in FAMILIES:
        rung = next((r for r in names if rungs.get(r) is not None), None)
        if rung is not None:
            votes.append((family, rung, int(rungs[rung])))
    if not votes:
        rung = next((r for r in LAST_RESORT if rungs.get(r) is not None), None)
        return YearDecision(int(rungs[rung]) if rung else None, rung)
    tally: dict[int, int] = {}
    for _, _, year in votes:
        tally[year] = tally.get(year, 0) + 1
    best = max(tally.values())
    # the first family (in ladder order) voting for a most-voted year decides
    winner = next(v for v in votes if tally[v[2]] == best)
    conflicts = [
        (rung, year) for family, rung, year in votes if year != winner[2] and family != "date"
    ]
    return YearDecision(winner[2], winner[1], conflicts)
