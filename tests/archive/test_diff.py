"""The diff job's pure functions: figures by schema path, checks, text by section."""

from __future__ import annotations

import copy
import json
from pathlib import Path

from archive.diff import check_changes, diff_versions, figure_changes, text_changes

TRUTH = Path(__file__).resolve().parents[1] / "fixtures" / "reports" / "real_huaian_2024.truth.json"


def _report() -> dict:
    return json.loads(TRUTH.read_text("utf-8"))["report"]


def test_identical_versions_have_no_changes() -> None:
    report = _report()
    assert (
        diff_versions(
            {"figures": report, "text": "一、总体情况"},
            {"figures": copy.deepcopy(report), "text": "一、总体情况"},
        )["change_count"]
        == 0
    )


def test_figure_changes_name_schema_paths() -> None:
    old, new = _report(), _report()
    new["appeals"]["review"]["total"] = 352
    new["active"]["fees"]["amount"] = 96171.7
    new["applications"]["granted"]["natural_person"] = None  # blank is not zero
    assert figure_changes(old, new) == [
        {"path": "active.fees.amount", "old": 96171.6, "new": 96171.7},
        {"path": "applications.granted.natural_person", "old": 1288, "new": None},
        {"path": "appeals.review.total", "old": 351, "new": 352},
    ]


def test_a_row_left_out_shows_as_none() -> None:
    old, new = _report(), _report()
    del new["active"]["coercion"]
    assert figure_changes(old, new) == [
        {"path": "active.coercion.decisions", "old": 88283, "new": None}
    ]


def test_checks_that_changed_state() -> None:
    old = {"checks": [{"rule": "appeals.review.total", "ok": True, "expected": 351, "found": 351}]}
    new = {"checks": [{"rule": "appeals.review.total", "ok": False, "expected": 351, "found": 352}]}
    assert check_changes(old, new) == [
        {
            "rule": "appeals.review.total",
            "old_ok": True,
            "new_ok": False,
            "expected": 351,
            "found": 352,
        }
    ]


def test_text_changes_are_grouped_by_section() -> None:
    old = "某县2023年政府信息公开工作年度报告\n一、总体情况\n发布信息137条\n五、存在的主要问题及改进情况\n人手不足"
    new = "某县2023年政府信息公开工作年度报告\n一、总体情况\n发布信息140条\n五、存在的主要问题及改进情况\n人手不足"
    assert text_changes(old, new) == {"一": ["-发布信息137条", "+发布信息140条"]}
