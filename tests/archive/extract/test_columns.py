"""Columns are named by the table's header labels, not by their position: section 三
with 总计 first, 自然人 after the organisations, the organisations reordered or only
总计 printed; a 2019 section 二 block without 本年增/减 or in another order."""

from __future__ import annotations

import random
from typing import Any

import pytest

from archive.extract import extract_report
from archive.extract.columns import ACTIVE, APPLICANTS, header_columns
from archive.extract.labels import APPLICANT_COLUMNS, fold

from .test_corpus import diff

R: Any = pytest.importorskip("tests.support.render", reason="tests/support is missing")
G: Any = pytest.importorskip("tests.support.reportgen", reason="tests/support is missing")

ORGS = ("enterprise", "research", "social_org", "legal_service", "other")
VARIANTS = {
    "total_first": dict(applicants=("total", "natural_person", *ORGS)),
    "natural_after_orgs": dict(applicants=(*ORGS, "natural_person", "total")),
    "orgs_reordered": dict(applicants=("natural_person", "legal_service", "enterprise", "other",
                                       "research", "social_org", "total")),
    "only_total": dict(applicants=("total",)),
    "items_without_change": dict(items=("previous", "decisions")),
    "items_reordered": dict(items=("decisions", "previous", "change")),
    "docs_reordered": dict(docs=("total_published", "made", "published")),
}
GRID_FORMATS = ("trs_gbk", "jcms", "plain", "wordpaste", "txt", "docx")


def _tables(report: dict[str, Any]) -> dict[str, Any]:
    return {k: report[k] for k in ("template", "active", "applications", "appeals")}


def _renders(doc: Any, rng: random.Random) -> dict[str, bytes]:
    numbers = R.NumberStyle()
    out = {s: R.render_html(doc, s, numbers, rng) for s in R.HTML_STYLES}
    out["txt"] = R.render_txt(doc, numbers, R.TxtStyle())
    out["docx"] = R.render_docx(doc, numbers)
    for layout in ("stripped", "cells", "spaces", "glued"):
        out[layout] = R.render_flat(doc, numbers, layout)
    return out


@pytest.mark.parametrize("variant", sorted(VARIANTS))
@pytest.mark.parametrize("template", ["2019", "2021"])
def test_columns_in_another_order_or_left_out(variant: str, template: str) -> None:
    for i in range(3):
        rng = random.Random(700 + i)
        report = G.random_report(rng, template, consistent=rng.random() < 0.7)
        columns = R.Columns(**VARIANTS[variant])
        doc = R.build_document(report, rng, columns=columns)
        truth = _tables(columns.truth(report))
        for name, data in _renders(doc, rng).items():
            # (A row printed with its one cell blank is read as absent: null either way.)
            blank_row = f"missing (expected {dict.fromkeys(APPLICANT_COLUMNS)})"
            problems = [p for p in diff(truth, _tables(extract_report(data)))
                        if not p.endswith(blank_row)]
            wrong = [p for p in problems if not p.endswith("found None")]
            assert not wrong, f"{name} report {i}: {wrong[:4]}"
            if name in GRID_FORMATS:
                assert not problems, f"{name} report {i}: {problems[:4]}"


def test_a_permuted_header_moves_the_figures() -> None:
    text = "\n".join([
        "某县人民政府2021年政府信息公开工作年度报告", "三、收到和处理政府信息公开申请情况",
        "申请人情况", "总计\t自然人\t法人或其他组织",
        "\t\t商业企业\t科研机构\t社会公益组织\t法律服务机构\t其他",
        "一、本年新收政府信息公开申请数量\t9\t5\t1\t0\t0\t3\t0",
    ])
    new = extract_report(text.encode())["applications"]["new"]
    assert new == dict(zip(APPLICANT_COLUMNS, [5, 1, 0, 0, 3, 0, 9], strict=True))


def _header(cells: list[str], vocab: Any, fields: tuple[str, ...]) -> Any:
    return header_columns([fold(c) for c in cells], vocab, fields)


def test_header_reading() -> None:
    f3 = ("previous", "change", "decisions")
    assert _header(["信息内容", "处理决定数量", "上一年项目数量", "本年增/减", "行政许可"],
                   ACTIVE, f3) == ("decisions", "previous", "change")
    # run together in one cell (a space-separated or glued dump)
    assert _header(["信息内容上一年项目数量处理决定数量", "行政许可"], ACTIVE, f3) == (
        "previous", "decisions")
    # a header wrapped over lines is no header: the template's order stands
    assert _header(["信息内容", "本年新", "本年新公开数量", "对外公开总数量", "规章"], ACTIVE,
                   ("made", "published", "total_published")) is None
    # 法人或其他组织 stands for its five organisations, named or implied
    assert _header(["申请人情况", "总计", "自然人", "法人或其他组织", "本年新收"], APPLICANTS,
                   APPLICANT_COLUMNS) == ("total", "natural_person", *ORGS)
    # a fragment after a wrapped cell (a PDF's 自然 / 人) is no header
    assert _header(["第四项之和)", "自然", "法人或其他组织", "总计", "人", "商业"], APPLICANTS,
                   APPLICANT_COLUMNS) is None
    # a row labelled only 其他 is no header
    assert _header(["其他"], APPLICANTS, APPLICANT_COLUMNS) is None
    assert _header(["申请人情况", "总计", "本年新收"], APPLICANTS, APPLICANT_COLUMNS) == ("total",)


@pytest.mark.slow
def test_columns_in_another_order_through_libreoffice_pdf() -> None:
    """PDF headers wrap their labels (自然 / 人): the header's cells stacked at one
    position are one label, and the figures go under the column it names."""
    truths, docx = {}, {}
    for n, variant in enumerate(sorted(VARIANTS)):
        for template in ("2019", "2021"):
            rng = random.Random(40 + n)
            report = G.random_report(rng, template)
            columns = R.Columns(**VARIANTS[variant])
            doc = R.build_document(report, rng, columns=columns)
            name = f"{variant}-{template}"
            truths[name] = _tables(columns.truth(report))
            font = ("Noto Sans CJK SC", "WenQuanYi Zen Hei")[n % 2]
            docx[name] = R.render_docx(doc, R.NumberStyle(), east_font=font)
    failures = []
    for name, data in sorted(R.soffice_convert(docx, "pdf").items()):
        blank_row = f"missing (expected {dict.fromkeys(APPLICANT_COLUMNS)})"
        problems = [p for p in diff(truths[name], _tables(extract_report(data)))
                    if not p.endswith(blank_row)]
        if problems:
            failures.append(f"{name}: {problems[:4]}")
    assert not failures, "\n".join(failures)


def test_pdf_header_by_position() -> None:
    from archive.extract.columns import header_by_position

    cells = ["(本列数据的勾稽关系为:第一项加第二项之和,等于第三项加", "申请人情况", "第四项之和)",
             "总计", "自然", "法人或其他组织", "人", "商业", "科研", "社会", "法律", "其他",
             "企业", "机构", "组织", "服务", "机构", "一.本年新收政府信息公开申请数量"]
    xs = [182, 410, 182, 316, 348, 441, 348, 379, 410, 441, 472, 504, 379, 410, 441, 472, 472,
          182]
    found = header_by_position(cells, [float(x) for x in xs], APPLICANTS, APPLICANT_COLUMNS, 8)
    assert found == [("total", 316), ("natural_person", 348), ("enterprise", 379),
                     ("research", 410), ("social_org", 441), ("legal_service", 472),
                     ("other", 504)]
    # two labels in one stack: no header
    assert header_by_position(["自然人", "总计"], [100.0, 101.0], APPLICANTS,
                              APPLICANT_COLUMNS, 8) is None
