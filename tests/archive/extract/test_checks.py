"""The 勾稽 rules: every applicable rule listed, passed or failed, with what was
expected and what the report says; a figure is never changed."""

from __future__ import annotations

from archive.extract import extract_report
from archive.extract.checks import appeal_checks, application_checks
from archive.extract.labels import APPLICANT_COLUMNS

from .helpers import html_report


def _row(*values: int | None) -> dict:
    return dict(zip(APPLICANT_COLUMNS, values, strict=True))


def test_every_rule_is_listed_when_all_pass() -> None:
    report = extract_report(html_report())
    rules = [c["rule"] for c in report["checks"]]
    assert rules[:7] == [f"applications.balance.{c}" for c in APPLICANT_COLUMNS]
    assert rules[7:14] == [f"applications.results.{c}" for c in APPLICANT_COLUMNS]
    assert len([r for r in rules if r.startswith("applications.row_total.")]) == 25
    assert rules[-3:] == [f"appeals.{g}.total" for g in
                          ("review", "litigation_direct", "litigation_after_review")]
    assert all(c["ok"] for c in report["checks"])


def test_a_failed_rule_reports_expected_and_found_and_keeps_the_figure() -> None:
    # 予以公开 6 while 本年新收 0: a finding, not a parsing error.
    report = extract_report(html_report(app_cells={2: ["6", "0", "0", "0", "0", "0", "6"]}))
    assert report["applications"]["granted"]["total"] == 6
    failed = {c["rule"]: (c["expected"], c["found"]) for c in report["checks"] if not c["ok"]}
    assert failed == {
        "applications.results.natural_person": (6, 0),
        "applications.results.total": (6, 0),
    }


def test_balance_blank_counts_as_zero() -> None:
    apps = {
        "new": _row(1, None, 0, 0, 0, 0, 1),
        "carried_over": _row(0, 0, 0, 0, 0, 0, 0),
        "granted": _row(1, 0, 0, 0, 0, 0, 1),
        "total": _row(1, 0, 0, 0, 0, 0, 1),
        "carried_forward": _row(None, None, None, None, None, None, None),
    }
    checks = {c["rule"]: c for c in application_checks(apps)}
    assert checks["applications.balance.total"] == {
        "rule": "applications.balance.total", "ok": True, "expected": 1, "found": 1}
    assert all(c["ok"] for c in checks.values())


def test_appeal_totals() -> None:
    checks = appeal_checks({"review": {"upheld": 1, "corrected": 2, "other": None,
                                       "pending": 0, "total": 4}})
    assert checks == [{"rule": "appeals.review.total", "ok": False, "expected": 3, "found": 4}]
