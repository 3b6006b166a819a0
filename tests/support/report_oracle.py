"""The oracle for the 勾稽 rules: recompute every rule of the schema from the data alone.

`expected_failed_checks(report)` is written independently of the extractor and returns
the failed rules as `{"rule", "expected", "found"}` (a blank cell counts as 0).
Conventions for the two numbers of each rule:

| rule | expected | found |
|---|---|---|
| `applications.balance.<column>` | `new + carried_over` | `total + carried_forward` |
| `applications.results.<column>` | sum of the result rows | the `total` row |
| `applications.row_total.<row>` | sum of the six applicant columns | the row's `total` |
| `appeals.<group>.total` | `upheld + corrected + other + pending` | `total` |
| `cell.not_a_number` | `None` | the text found in the cell |
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from tests.support.report_schema import (
    APPEAL_FIELDS,
    APPEAL_GROUPS,
    APPLICANT_COLUMNS,
    APPLICANTS,
    APPLICATION_ROWS,
    RESULT_ROWS,
    Cell,
)


def _n(value: Cell) -> int | float:
    return 0 if value is None else value


def _num(value: int | float) -> int | float:
    """Integers stay integers in the output (sums of cells)."""
    return int(value) if float(value).is_integer() else value


def all_rules(template: str) -> list[str]:
    """Every arithmetic rule that applies to a report of the template, in order."""
    rules = [f"applications.balance.{c}" for c in APPLICANT_COLUMNS]
    rules += [f"applications.results.{c}" for c in APPLICANT_COLUMNS]
    rules += [f"applications.row_total.{r}" for r in APPLICATION_ROWS[template]]
    rules += [f"appeals.{g}.total" for g in APPEAL_GROUPS]
    return rules


def rule_order(rule: str) -> tuple[int, int]:
    """Sort key that puts rules in the order of `all_rules` (2021 superset)."""
    order = all_rules("2021")
    return (order.index(rule), 0) if rule in order else (len(order), 0)


def compute_checks(report: dict[str, Any]) -> list[dict[str, Any]]:
    """Every arithmetic rule with `ok`, `expected`, `found` (blank = 0)."""
    template = report["template"]
    apps: dict[str, dict[str, Cell]] = report.get("applications") or {}
    checks: list[dict[str, Any]] = []

    def cell(row: str, col: str) -> int | float:
        return _n((apps.get(row) or {}).get(col))

    def add(rule: str, expected: int | float, found: int | float) -> None:
        expected, found = _num(expected), _num(found)
        checks.append({"rule": rule, "ok": expected == found, "expected": expected, "found": found})

    for col in APPLICANT_COLUMNS:
        add(
            f"applications.balance.{col}",
            cell("new", col) + cell("carried_over", col),
            cell("total", col) + cell("carried_forward", col),
        )
    for col in APPLICANT_COLUMNS:
        add(
            f"applications.results.{col}",
            sum(cell(r, col) for r in RESULT_ROWS[template]),
            cell("total", col),
        )
    for row in APPLICATION_ROWS[template]:
        if row in apps:
            add(
                f"applications.row_total.{row}",
                sum(cell(row, c) for c in APPLICANTS),
                cell(row, "total"),
            )
    for group in APPEAL_GROUPS:
        g = (report.get("appeals") or {}).get(group)
        if g is not None:
            add(
                f"appeals.{group}.total",
                sum(_n(g.get(f)) for f in APPEAL_FIELDS[:-1]),
                _n(g.get("total")),
            )
    return checks


def expected_failed_checks(
    report: dict[str, Any], not_a_number: Iterable[str] = ()
) -> list[dict[str, Any]]:
    """The failed rules of a report as `{"rule", "expected", "found"}`, in rule order.

    `not_a_number` lists the texts of cells that held something that is not a number
    (the report has `None` there); each adds a `cell.not_a_number` failure.
    """
    failed = [
        {"rule": c["rule"], "expected": c["expected"], "found": c["found"]}
        for c in compute_checks(report)
        if not c["ok"]
    ]
    failed += [{"rule": "cell.not_a_number", "expected": None, "found": t} for t in not_a_number]
    return failed
