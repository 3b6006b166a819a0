"""Tables whose grid was lost on the way: one cell per line, space-separated rows,
figures run together.  What the document decides comes back exactly; what it does not
decide is null with a ``cell.ambiguous`` check — never a wrong figure."""

from __future__ import annotations

import random
from typing import Any

import pytest

from archive.extract import extract_report
from archive.extract.labels import APPLICANT_COLUMNS
from archive.extract.solve import row_options, solve_applications, splits

from .test_corpus import diff

R: Any = pytest.importorskip("tests.support.render", reason="tests/support is missing")
G: Any = pytest.importorskip("tests.support.reportgen", reason="tests/support is missing")


def _case(i: int, template: str, blank_p: float) -> tuple[dict[str, Any], Any]:
    rng = random.Random(5000 + i)
    report = G.random_report(rng, template, consistent=rng.random() < 0.7, blank_p=blank_p)
    return report, R.build_document(report, rng)


def _tables(report: dict[str, Any]) -> dict[str, Any]:
    return {k: report[k] for k in ("template", "active", "applications", "appeals")}


def _ambiguous(report: dict[str, Any]) -> dict[str, list[Any]]:
    return {c["path"]: c["found"] for c in report["checks"] if c["rule"] == "cell.ambiguous"}


@pytest.mark.parametrize("layout", ["tabs", "stripped", "cells", "spaces", "glued"])
@pytest.mark.parametrize("template", ["2019", "2021"])
def test_layouts_without_blank_cells_never_give_a_wrong_figure(layout: str, template: str) -> None:
    exact = 0
    for i in range(8):
        truth, doc = _case(i, template, 0.0)
        report = extract_report(R.render_flat(doc, R.NumberStyle(), layout))
        problems = diff(_tables(truth), _tables(report))
        wrong = [p for p in problems if not p.endswith("found None")]
        assert not wrong, f"report {i}: {wrong[:5]}"
        # Every cell left null says why, with its candidates.
        for p in problems:
            assert p.split(":")[0] in _ambiguous(report), p
        exact += not problems
    if layout != "glued":  # figures that keep a separator are all determined
        assert exact == 8


@pytest.mark.parametrize("layout", ["stripped", "cells", "spaces", "glued"])
def test_blank_cells_that_left_no_trace_are_null_not_guessed(layout: str) -> None:
    for i in range(6):
        for template in ("2019", "2021"):
            truth, doc = _case(i, template, 0.3)
            report = extract_report(R.render_flat(doc, R.NumberStyle(), layout))
            problems = diff(_tables(truth), _tables(report))
            wrong = [p for p in problems if not p.endswith("found None")]
            assert not wrong, f"{template} report {i}: {wrong[:5]}"


def test_2019_one_cell_per_line_keeps_each_figure_under_its_column() -> None:
    # The layout in which 行政许可's 19 was read as 处理决定数量 and 664 lost.
    text = "\n".join([
        "某县人民政府2019年政府信息公开工作年度报告", "二、主动公开政府信息情况",
        "第二十条第（一）项", "信息内容", "本年新制作数量", "本年新公开数量", "对外公开总数量",
        "规章", "0", "0", "3", "规范性文件", "5", "5", "41",
        "第二十条第（五）项", "信息内容", "上一年项目数量", "本年增/减", "处理决定数量",
        "行政许可", "664", "-2", "19", "其他对外管理服务事项", "12", "0", "7",
        "第二十条第（八）项", "信息内容", "上一年项目数量", "本年增/减",
        "行政事业性收费", "3", "0",
        "三、收到和处理政府信息公开申请情况", "一、本年新收政府信息公开申请数量",
        "1", "0", "0", "0", "0", "0", "1",
    ])
    report = extract_report(text.encode())
    active = report["active"]
    assert report["template"] == "2019"
    assert active["licensing"] == {"previous": 664, "change": -2, "decisions": 19}
    assert active["other_services"] == {"previous": 12, "change": 0, "decisions": 7}
    assert active["normative_documents"] == {"made": 5, "published": 5, "total_published": 41}
    assert active["fees"] == {"previous": 3, "change": 0}


def test_a_row_missing_a_figure_in_section_two_is_null_with_its_candidates() -> None:
    text = "\n".join([
        "二、主动公开政府信息情况", "第二十条第（五）项", "信息内容", "上一年项目数量",
        "本年增/减", "处理决定数量", "行政许可", "664", "19", "行政处罚", "3", "0", "8",
        "三、收到和处理政府信息公开申请情况", "一、本年新收政府信息公开申请数量",
        "0", "0", "0", "0", "0", "0", "0",
    ])
    report = extract_report(text.encode())
    assert report["active"]["licensing"] == dict.fromkeys(("previous", "change", "decisions"))
    assert report["active"]["penalty"] == {"previous": 3, "change": 0, "decisions": 8}
    found = _ambiguous(report)
    assert found["active.licensing.previous"] == [664, None]
    assert found["active.licensing.decisions"] == [19, None]


def test_run_together_digits_split_by_the_rules() -> None:
    report = extract_report("\n".join([
        "二、主动公开政府信息情况", "信息内容本年制发件数本年废止件数现行有效件数",
        "规章000", "行政规范性文件8855698",
        "三、收到和处理政府信息公开申请情况",
        "一、本年新收政府信息公开申请数量2311119",
        "二、上年结转政府信息公开申请数量0000000",
        "（一）予以公开2311119",
        "（七）总计2311119",
        "四、结转下年度继续办理0000000",
        "四、政府信息公开行政复议、行政诉讼情况",
        "结果维持结果纠正其他结果尚未审结总计",
        "112041001200000",
    ]).encode())
    assert report["active"]["regulations"] == {"issued": 0, "repealed": 0, "in_force": 0}
    # 8855698 splits many ways and section 二 has no equality: not read, candidates listed.
    assert report["active"]["normative_documents"] == dict.fromkeys(
        ("issued", "repealed", "in_force")
    )
    found = _ambiguous(report)
    assert 88 in found["active.normative_documents.issued"]
    assert 698 in found["active.normative_documents.in_force"]
    # 2311119 = 2 3 1 1 1 1 9: the only split whose applicant columns sum to 总计 (a
    # figure can be "0" but never "05", so 0000000 is seven zeros).
    assert report["applications"]["new"] == dict(
        zip(APPLICANT_COLUMNS, [2, 3, 1, 1, 1, 1, 9], strict=True)
    )
    assert report["applications"]["carried_over"] == dict.fromkeys(APPLICANT_COLUMNS, 0)
    assert report["applications"]["total"]["total"] == 9
    # 11204 10012 00000 is the only reading where every group adds up to its 总计.
    assert report["appeals"]["review"] == {
        "upheld": 1, "corrected": 1, "other": 2, "pending": 0, "total": 4
    }
    assert report["appeals"]["litigation_direct"] == {
        "upheld": 1, "corrected": 0, "other": 0, "pending": 1, "total": 2
    }


def test_text_dumps_with_run_together_cells_are_reports() -> None:
    _truth, doc = _case(3, "2021", 0.0)
    report = extract_report(R.render_flat(doc, R.NumberStyle(), "glued"))
    assert report["applications"], "a run-together dump is still a report"


def _only_totals(sep: str) -> bytes:
    lines = ["三、收到和处理政府信息公开申请情况"]
    rows = [("一、本年新收政府信息公开申请数量", "5"), ("二、上年结转政府信息公开申请数量", "1"),
            ("（一）予以公开", "4"), ("1.本机关不掌握相关政府信息", "2"), ("（七）总计", "6"),
            ("四、结转下年度继续办理", "0")]
    for label, total in rows:
        lines += [label + sep * 7 + total] if sep else [label, total]
    return "\n".join(lines).encode()


def test_rows_that_fill_only_total() -> None:
    # With separators, each figure is under 总计 and the blank columns are null.
    apps = extract_report(_only_totals("\t"))["applications"]
    for key, total in (("new", 5), ("carried_over", 1), ("granted", 4), ("total", 6)):
        assert apps[key] == {**dict.fromkeys(APPLICANT_COLUMNS[:-1]), "total": total}, key
    # One cell per line: a lone figure could be 自然人's as well as 总计's — every rule
    # holds either way — so it is not read, and the finding says so.
    report = extract_report(_only_totals(""))
    assert report["applications"]["new"] == dict.fromkeys(APPLICANT_COLUMNS)
    assert _ambiguous(report)["applications.new.total"] == [5, None]


def test_section_four_printed_as_two_tables() -> None:
    report = extract_report("\n".join([
        "二、主动公开政府信息情况", "规章 0 0 0",
        "四、政府信息公开行政复议、行政诉讼情况",
        "行政复议", "结果维持 结果纠正 其他结果 尚未审结 总计", "1 0 0 1 2",
        "行政诉讼", "未经复议直接起诉 复议后起诉",
        "结果维持 结果纠正 其他结果 尚未审结 总计 结果维持 结果纠正 其他结果 尚未审结 总计",
        "0 0 1 0 1 0 0 0 0 0",
        "五、存在的主要问题及改进情况",
    ]).encode())
    assert report["appeals"]["review"] == {
        "upheld": 1, "corrected": 0, "other": 0, "pending": 1, "total": 2
    }
    assert report["appeals"]["litigation_direct"]["total"] == 1
    assert report["appeals"]["litigation_after_review"]["total"] == 0


def test_splits_and_options() -> None:
    assert splits("8855698", 3) and ("88", "55", "698") in (splits("8855698", 3) or [])
    assert all(not (len(c) > 1 and c[0] == "0") for o in splits("1005", 2) or [] for c in o)
    assert splits("000", 3) == [("0", "0", "0")]
    opts = row_options(["5"], 7) or []
    assert len(opts) == 7
    findings: list[dict[str, Any]] = []
    # Two rows that could swap their figure: the rules cannot tell, so both stay null.
    rows = {
        "new": [("", "", "", "", "", "", "")],
        "total": [("", "", "", "", "", "", "")],
    }
    assert solve_applications(rows, APPLICANT_COLUMNS, findings)["new"] == [""] * 7


def test_stripped_rows_are_not_placed_from_the_right() -> None:
    # A 2019 text dump whose lines lost their trailing tabs: 部分公开's 2 stands under
    # 法律服务机构, not 总计 (read from the right end, it swapped the two columns and
    # broke a check that holds).  The report leaves its result rows' totals blank, so
    # the 总计 column's rules fail whatever the reading: they are not used to place
    # figures, the other columns' rules are.
    rows = [("一、本年新收政府信息公开申请数量\t\t", ["3", "", "", "", "2", "", "5"]),
            ("二、上年结转政府信息公开申请数量\t\t", ["0", "", "", "", "0", "", "0"]),
            ("三、本年度办理结果\t（一）予以公开\t", ["3", "", "", "", "", "", ""]),
            ("\t（二）部分公开\t", ["", "", "", "", "2", "", ""]),
            ("\t（七）总计\t", ["3", "", "", "", "2", "", "5"]),
            ("四、结转下年度继续办理\t\t", ["0", "", "", "", "0", "", "0"])]
    lines = ["某县人民政府2019年政府信息公开工作年度报告", "三、收到和处理政府信息公开申请情况",
             "\t\t\t申请人情况", "\t\t\t自然人\t法人或其他组织\t\t\t\t\t总计",
             "\t\t\t\t商业企业\t科研机构\t社会组织\t法律服务机构\t其他"]
    lines += [(label + "\t".join(cells)).rstrip() for label, cells in rows]
    report = extract_report("\n".join(lines).encode())
    apps = report["applications"]
    assert apps["granted"] == {**dict.fromkeys(APPLICANT_COLUMNS), "natural_person": 3}
    assert apps["partial"] == {**dict.fromkeys(APPLICANT_COLUMNS), "legal_service": 2}
    assert apps["total"]["legal_service"] == 2 and apps["total"]["total"] == 5
    failed = [c["rule"] for c in report["checks"] if not c["ok"]]
    assert failed == ["applications.results.total", "applications.row_total.granted",
                      "applications.row_total.partial"]
