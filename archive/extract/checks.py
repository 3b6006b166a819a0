"""The 勾稽关系: arithmetic rules every report's tables should satisfy.

Each rule yields ``{"rule", "ok", "expected", "found"}``; a blank cell counts as 0.
A failed check is a finding about the report, never a reason to change a figure.
"""

from __future__ import annotations

from typing import Any

from .labels import APPEAL_FIELDS, APPLICANT_COLUMNS

Check = dict[str, Any]

#: Section 三 result rows, summed into 三（七）总计.
RESULT_ROWS = (
    "granted", "partial",
    "denied_state_secret", "denied_law", "denied_security", "denied_third_party",
    "denied_internal", "denied_process", "denied_enforcement_file", "denied_query",
    "unable_not_held", "unable_needs_creation", "unable_unclear",
    "rejected_petition", "rejected_duplicate", "rejected_publication",
    "rejected_excessive", "rejected_confirmation",
    "other_no_correction", "other_no_fee", "other",
)


def _n(value: int | float | None) -> int | float:
    return 0 if value is None else value


def _check(rule: str, expected: int | float, found: int | float) -> Check:
    return {"rule": rule, "ok": expected == found, "expected": expected, "found": found}


def application_checks(apps: dict[str, dict[str, Any]]) -> list[Check]:
    out: list[Check] = []
    if not apps:
        return out
    rows = {
        key: [0 if v is None else v for v in map(row.get, APPLICANT_COLUMNS)]
        for key, row in apps.items()
    }
    zero = [0] * len(APPLICANT_COLUMNS)
    if "total" in apps and ("new" in apps or "carried_over" in apps or "carried_forward" in apps):
        new, over = rows.get("new", zero), rows.get("carried_over", zero)
        total, forward = rows["total"], rows.get("carried_forward", zero)
        for j, col in enumerate(APPLICANT_COLUMNS):
            out.append(_check(
                f"applications.balance.{col}", new[j] + over[j], total[j] + forward[j]
            ))
    if "total" in apps:
        results = [rows[k] for k in RESULT_ROWS if k in rows]
        sums = [sum(column) for column in zip(*results, strict=True)] if results else zero
        total = rows["total"]
        for j, col in enumerate(APPLICANT_COLUMNS):
            out.append(_check(f"applications.results.{col}", sums[j], total[j]))
    for key, row in rows.items():
        out.append(_check(f"applications.row_total.{key}", sum(row[:-1]), row[-1]))
    return out


def appeal_checks(appeals: dict[str, dict[str, Any]]) -> list[Check]:
    out: list[Check] = []
    for group, row in appeals.items():
        expected = sum(_n(row.get(f)) for f in APPEAL_FIELDS[:-1])
        out.append(_check(f"appeals.{group}.total", expected, _n(row.get("total"))))
    return out


def not_a_number(path: str, text: str) -> Check:
    return {"rule": "cell.not_a_number", "ok": False, "expected": None, "found": text, "path": path}


def unit_converted(path: str, unit: str) -> Check:
    """A passed check recording that a money cell was written in another unit than
    万元 and converted (found: the unit the document wrote)."""
    return {"rule": "cell.unit", "ok": True, "expected": "万元", "found": unit, "path": path}


def low_confidence(path: str, text: str) -> Check:
    """A cell OCR read with too little confidence: left null (found: what it read)."""
    return {"rule": "cell.low_confidence", "ok": False, "expected": None, "found": text,
            "path": path}
