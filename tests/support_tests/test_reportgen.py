"""Tests of the synthetic report generator, its rule oracle and the renderers.

The round-trip tests read rendered documents back with a small grid reader written
here (lxml for HTML, python-docx for DOCX, tab splitting for TXT) — independent of both
the renderer and the project's extractor — and compare the numbers with the report.
"""

from __future__ import annotations

import io
import json
import os
import random
import re
import sys
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

try:
    from tests.support import render as R
    from tests.support import reportgen as G
except ModuleNotFoundError:  # pytest without the repository root on sys.path
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
    from tests.support import render as R
    from tests.support import reportgen as G

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "reports"
TEMPLATES = ("2019", "2021")
EXPECTS = {
    "report", "not_a_report", "needs_ocr", "empty", "corrupt", "encrypted", "unsafe",
    "conversion_failed",
}

# ---------------------------------------------------------------------------
# the generator and the oracle


@pytest.mark.parametrize("template", TEMPLATES)
def test_consistent_reports_pass_every_rule(template: str) -> None:
    rng = random.Random(20240506)
    for _ in range(300):
        report = G.random_report(rng, template)
        assert G.shape_errors(report) == []
        assert G.expected_failed_checks(report) == []
        assert all(c["ok"] for c in G.compute_checks(report))


@pytest.mark.parametrize("template", TEMPLATES)
def test_inconsistent_reports_fail_the_rules_they_claim(template: str) -> None:
    rng = random.Random(7)
    for _ in range(300):
        report, broken = G.inconsistent_report(rng, template)
        assert broken
        assert G.shape_errors(report) == []
        assert [c["rule"] for c in G.expected_failed_checks(report)] == broken


def test_random_report_inconsistent_flag() -> None:
    rng = random.Random(3)
    assert all(
        G.expected_failed_checks(G.random_report(rng, "2021", consistent=False))
        for _ in range(50)
    )


def test_breakers_that_could_cancel_are_refused() -> None:
    report = G.random_report(random.Random(1), "2021")
    with pytest.raises(ValueError):
        G.break_rules(random.Random(1), report, ("row_total", "balance"))


def _zero_report(template: str) -> dict[str, Any]:
    report = G.random_report(random.Random(0), template, scale="township", blank_p=0.0,
                             drop_active=[])
    for section in ("applications", "appeals"):
        for row in report[section].values():
            for key in row:
                row[key] = 0
    return report


def test_oracle_by_hand_blank_is_zero_and_conventions() -> None:
    report = _zero_report("2021")
    apps = report["applications"]
    # 予以公开 6 while 本年新收 0: the real-world finding the schema mentions
    apps["granted"]["natural_person"] = 6
    apps["granted"]["total"] = 6
    apps["new"]["enterprise"] = None  # blank: counts as 0, fails nothing
    report["appeals"]["review"].update(upheld=1, pending=None, total=2)
    assert G.expected_failed_checks(report) == [
        {"rule": "applications.results.natural_person", "expected": 6, "found": 0},
        {"rule": "applications.results.total", "expected": 6, "found": 0},
        {"rule": "appeals.review.total", "expected": 1, "found": 2},
    ]
    apps["carried_forward"]["total"] = 3
    failed = G.expected_failed_checks(report)
    assert {"rule": "applications.balance.total", "expected": 0, "found": 3} in failed
    assert {"rule": "applications.row_total.carried_forward", "expected": 0,
            "found": 3} in failed


def test_oracle_2019_has_single_other_row() -> None:
    report = _zero_report("2019")
    assert "other_no_correction" not in report["applications"]
    report["applications"]["other"].update(natural_person=2, total=2)
    rules = [c["rule"] for c in G.expected_failed_checks(report)]
    assert rules == ["applications.results.natural_person", "applications.results.total"]
    assert len(G.all_rules("2019")) == 7 + 7 + 23 + 3
    assert len(G.all_rules("2021")) == 7 + 7 + 25 + 3


def test_not_a_number_checks() -> None:
    report = _zero_report("2021")
    assert G.expected_failed_checks(report, ["/", "—"]) == [
        {"rule": "cell.not_a_number", "expected": None, "found": "/"},
        {"rule": "cell.not_a_number", "expected": None, "found": "—"},
    ]


def test_shape_matches_schema_key_sets() -> None:
    rng = random.Random(11)
    for template in TEMPLATES:
        report = G.random_report(rng, template, drop_active=[])
        assert list(report) == ["schema", "template", "year", "body", "active",
                                "applications", "appeals"]
        assert "checks" not in report
        assert set(report["active"]) == set(G.ACTIVE_FIELDS[template])
        assert list(report["appeals"]) == ["review", "litigation_direct",
                                           "litigation_after_review"]
        for row in report["applications"].values():
            assert list(row) == ["natural_person", "enterprise", "research", "social_org",
                                 "legal_service", "other", "total"]
    bad = G.random_report(rng, "2021")
    bad["active"]["procurement"] = {"projects": 1, "amount": 2}
    bad["appeals"]["review"]["total"] = "3"
    errors = G.shape_errors(bad)
    assert any("procurement" in e for e in errors)
    assert any("review.total" in e for e in errors)


def test_realistic_values() -> None:
    rng = random.Random(5)
    reports = [G.random_report(rng, t) for t in TEMPLATES for _ in range(200)]
    years = {t: {r["year"] for r in reports if r["template"] == t} for t in TEMPLATES}
    assert years["2019"] <= {2019, 2020, 2021, 2022} and {2019, 2020} <= years["2019"]
    assert years["2021"] <= set(range(2020, 2025)) and 2024 in years["2021"]
    bodies = {r["body"] for r in reports}
    for suffix in ("镇人民政府", "街道办事处", "县人民政府", "局"):
        assert any(b.endswith(suffix) for b in bodies), suffix
    cells = [v for r in reports for row in r["applications"].values() for v in row.values()]
    assert cells.count(0) > len(cells) / 2  # mostly zeros, like real townships
    assert None in cells
    assert any(len(r["active"]) < len(G.ACTIVE_FIELDS[r["template"]]) for r in reports)
    fees = [r["active"]["fees"]["amount"] for r in reports
            if r["template"] == "2021" and "fees" in r["active"]]
    assert any(isinstance(f, float) and f != round(f, 2) for f in fees)  # 4 decimals


# ---------------------------------------------------------------------------
# number styles


@pytest.mark.parametrize(
    ("style", "path", "value", "text"),
    [
        (R.NumberStyle(), ("applications", "new", "total"), 1234, "1234"),
        (R.NumberStyle(thousands=True), ("applications", "new", "total"), 1234, "1,234"),
        (R.NumberStyle(fullwidth=True), ("applications", "new", "total"), 120, "１２０"),
        (R.NumberStyle(), ("active", "fees", "amount"), 12.3456, "12.3456"),
        (R.NumberStyle(money_places=4), ("active", "fees", "amount"), 12.3, "12.3000"),
        (R.NumberStyle(fee_yuan=True), ("active", "fees", "amount"), 25.1, "251000元"),
        (R.NumberStyle(fee_yuan=True), ("active", "fees", "amount"), 7539.443252,
         "75394432.52元"),
        (R.NumberStyle(), ("active", "licensing", "change"), -3, "-3"),
        (R.NumberStyle(), ("active", "penalty", "decisions"), None, ""),
        (R.NumberStyle(overrides={("active", "fees", "amount"): "/"}),
         ("active", "fees", "amount"), None, "/"),
    ],
)
def test_number_style(style: R.NumberStyle, path: tuple[str, ...], value: Any,
                      text: str) -> None:
    assert style.text(path, value) == text


# ---------------------------------------------------------------------------
# reading rendered documents back (independent grid reader)

_APP_FRAGMENTS = {
    "new": "本年新收", "carried_over": "上年结转", "granted": "予以公开", "partial": "部分公开",
    "denied_state_secret": "国家秘密", "denied_law": "禁止公开", "denied_security": "三安全",
    "denied_third_party": "第三方", "denied_internal": "内部事务", "denied_process": "过程性",
    "denied_enforcement_file": "执法案卷", "denied_query": "查询事项",
    "unable_not_held": "不掌握", "unable_needs_creation": "另行制作", "unable_unclear": "不明确",
    "rejected_petition": "信访", "rejected_duplicate": "重复申请", "rejected_publication": "出版物",
    "rejected_excessive": "大量反复", "rejected_confirmation": "确认或重新出具",
    "other_no_correction": "不补正", "other_no_fee": "缴纳费用", "other": "其他",
    "total": "总计", "carried_forward": "结转下年度",
}
_ACTIVE_LABELS = {
    "规章": "regulations", "行政规范性文件": "normative_documents",
    "规范性文件": "normative_documents", "行政许可": "licensing",
    "其他对外管理服务事项": "other_services", "行政处罚": "penalty", "行政强制": "coercion",
    "行政事业性收费": "fees", "政府集中采购": "procurement",
}
_FULL = str.maketrans("０１２３４５６７８９．，", "0123456789.,")

Grid = list[list[str | None]]  # None = covered by a merged cell


def _number(text: str | None) -> Any:
    text = re.sub(r"\s+", "", (text or "").translate(_FULL)).replace(",", "")
    if text == "":
        return None
    if text.endswith("元"):
        return float(Decimal(text[:-1]) / 10000)
    try:
        return int(text)
    except ValueError:
        try:
            return float(text)
        except ValueError:
            return text  # '/', '—'


def _html_grids(data: bytes, encoding: str) -> list[Grid]:
    import lxml.html

    root = lxml.html.fromstring(data.decode(encoding))
    grids = []
    for table in root.iter("table"):
        if table.find(".//table") is not None:  # a layout table around the article
            continue
        taken: dict[tuple[int, int], bool] = {}
        cells: dict[tuple[int, int], str] = {}
        for r, tr in enumerate(table.xpath("./tr|./tbody/tr|./thead/tr")):
            c = 0
            for td in tr:
                if td.tag not in ("td", "th"):
                    continue
                while (r, c) in taken:
                    c += 1
                rs, cs = int(td.get("rowspan", 1)), int(td.get("colspan", 1))
                cells[(r, c)] = re.sub(r"\s+", "", td.text_content().replace("\xa0", " "))
                for i in range(rs):
                    for j in range(cs):
                        taken[(r + i, c + j)] = True
                c += cs
        nrows = max(r for r, _ in taken) + 1
        ncols = max(c for _, c in taken) + 1
        grids.append([[cells.get((r, c)) for c in range(ncols)] for r in range(nrows)])
    return grids


def _docx_grids(data: bytes) -> list[Grid]:
    import docx

    grids = []
    for table in docx.Document(io.BytesIO(data)).tables:
        rows = [row.cells for row in table.rows]
        grid: Grid = []
        for r, row in enumerate(rows):
            out: list[str | None] = []
            for c, cell in enumerate(row):
                covered = (c > 0 and row[c - 1]._tc is cell._tc) or (
                    r > 0 and rows[r - 1][c]._tc is cell._tc
                )
                out.append(None if covered else cell.text.strip())
            grid.append(out)
        grids.append(grid)
    return grids


def _txt_grids(data: bytes) -> list[Grid]:
    grids: list[Grid] = []
    current: Grid = []
    for line in data.decode("utf-8").split("\n"):
        if "\t" in line:
            current.append(list(line.split("\t")))
        elif current:
            grids.append(current)
            current = []
    return grids


def _read_back(grids: list[Grid], template: str) -> dict[str, Any]:
    """active / applications / appeals values from the three table grids."""
    active_g, apps_g, appeals_g = grids
    active: dict[str, list[Any]] = {}
    for row in active_g:
        origin = [t for t in row if t is not None]
        if origin and origin[0] in _ACTIVE_LABELS:
            key = _ACTIVE_LABELS[origin[0]]
            width = len(G.ACTIVE_FIELDS[template][key])  # TXT keeps merged cells as ""
            assert all(t == "" for t in origin[1 + width:])
            active[key] = [_number(t) for t in origin[1 : 1 + width]]
    apps: dict[str, list[Any]] = {}
    data_rows = apps_g[3:]
    keys = G.APPLICATION_ROWS[template]
    assert len(data_rows) == len(keys)
    for key, row in zip(keys, data_rows, strict=True):
        label = "".join(t for t in row[:-7] if t)
        assert _APP_FRAGMENTS[key] in label, (key, label)
        apps[key] = [_number(t) for t in row[-7:]]
    appeals = [_number(t) for t in appeals_g[-1]]
    return {"active": active, "applications": apps, "appeals": appeals}


def _expected_back(report: dict[str, Any], numbers: R.NumberStyle) -> dict[str, Any]:
    def val(path: tuple[str, ...]) -> Any:
        if path in numbers.overrides:
            return numbers.overrides[path]
        return R.cell_value(report, path)

    return {
        "active": {k: [val(("active", k, f)) for f in row] for k, row in
                   report["active"].items()},
        "applications": {k: [val(("applications", k, c)) for c in G.APPLICANT_COLUMNS]
                         for k in report["applications"]},
        "appeals": [val(("appeals", g, f)) for g in G.APPEAL_GROUPS for f in G.APPEAL_FIELDS],
    }


def _random_case(seed: int, template: str) -> tuple[dict[str, Any], R.Document, R.NumberStyle]:
    rng = random.Random(seed)
    report = G.random_report(rng, template, blank_p=rng.choice([0.0, 0.5]))
    numbers = R.NumberStyle(fullwidth=rng.random() < 0.3, thousands=rng.random() < 0.5,
                            fee_yuan=template == "2021" and rng.random() < 0.3)
    return report, R.build_document(report, rng), numbers


def _close(a: Any, b: Any) -> bool:
    if isinstance(a, list):
        return len(a) == len(b) and all(_close(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, dict):
        return a.keys() == b.keys() and all(_close(a[k], b[k]) for k in a)
    if isinstance(a, int | float) and isinstance(b, int | float):
        return abs(a - b) < 1e-9
    return a == b


@pytest.mark.parametrize("style", R.HTML_STYLES)
@pytest.mark.parametrize("template", TEMPLATES)
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_html_round_trip(style: str, template: str, seed: int) -> None:
    report, doc, numbers = _random_case(seed, template)
    data = R.render_html(doc, style, numbers, random.Random(seed))
    encoding = "gbk" if style == "trs_gbk" else "utf-8"
    text = data.decode(encoding)
    assert doc.title in text and "浏览次数" in text
    back = _read_back(_html_grids(data, encoding), template)
    assert _close(back, _expected_back(report, numbers))


def test_trs_gbk_is_gbk_and_mislabelled_page_lies() -> None:
    _report, doc, numbers = _random_case(9, "2021")
    honest = R.render_html(doc, "trs_gbk", numbers, random.Random(1))
    lying = R.render_html(doc, "trs_gbk", numbers, random.Random(1), declared="utf-8")
    for data in (honest, lying):
        with pytest.raises(UnicodeDecodeError):
            data.decode("utf-8")
        assert "TRS_Editor" in data.decode("gbk")
    assert b"charset=gb2312" in honest
    assert b"charset=utf-8" in lying


def test_wordpaste_splits_numbers_over_spans() -> None:
    report = _zero_report("2021")
    report["applications"]["new"].update(natural_person=1234, total=1234)
    doc = R.build_document(report, random.Random(2))
    data = R.render_html(doc, "wordpaste", R.NumberStyle(), random.Random(2)).decode()
    assert "<o:p></o:p>" in data and "&nbsp;" in data and "<TD" in data
    assert "1234" not in re.sub(r"<TITLE>.*?</TITLE>", "", data)  # split over SPANs
    back = _read_back(_html_grids(data.encode(), "utf-8"), "2021")
    assert back["applications"]["new"][0] == 1234


@pytest.mark.parametrize("template", TEMPLATES)
def test_docx_round_trip_with_merged_cells(template: str) -> None:
    report, doc, numbers = _random_case(4, template)
    data = R.render_docx(doc, numbers)
    grids = _docx_grids(data)
    assert len(grids) == 3
    assert grids[1][0][0] is not None and grids[1][0][1] is None  # header colspan 3
    assert grids[1][1][0] is None  # ... and rowspan 3
    back = _read_back(grids, template)
    assert _close(back, _expected_back(report, numbers))
    assert data == R.render_docx(doc, numbers)  # reproducible bytes


@pytest.mark.parametrize("template", TEMPLATES)
def test_txt_round_trip(template: str) -> None:
    report, doc, numbers = _random_case(5, template)
    data = R.render_txt(doc, numbers, R.TxtStyle(markdown=True))
    assert data.decode("utf-8").splitlines()[2] == "# " + doc.title
    back = _read_back(_txt_grids(data), template)
    assert _close(back, _expected_back(report, numbers))


def test_document_text_mentions_notice_and_next_year() -> None:
    report = G.random_report(random.Random(8), "2021", year=2022)
    doc = R.build_document(report, random.Random(8))
    text = R.render_txt(doc, R.NumberStyle(), R.TxtStyle()).decode()
    assert doc.title == f"{report['body']}2022年政府信息公开工作年度报告"
    assert "国办公开办函〔2021〕30号" in text
    assert f"{doc.published.year}年" in text and doc.published.year == 2023
    for heading in (
        "一、总体情况",
        "二、主动公开政府信息情况",
        "三、收到和处理政府信息公开申请情况",
        "四、政府信息公开行政复议、行政诉讼情况",
        "五、存在的主要问题及改进情况",
        "六、其他需要报告的事项",
    ):
        assert heading in text


def test_missing_active_row_is_not_rendered() -> None:
    report = G.random_report(random.Random(6), "2021", drop_active=["coercion"])
    doc = R.build_document(report, random.Random(6))
    text = R.render_txt(doc, R.NumberStyle(), R.TxtStyle()).decode()
    assert "行政强制" not in text and "行政处罚" in text


# ---------------------------------------------------------------------------
# the committed corpus


def _corpus() -> list[Path]:
    return sorted(
        p for p in FIXTURES.glob("*.truth.json")
        if not p.name.startswith(("seed_", "real_"))
    )


def test_corpus_truth_files() -> None:
    truths = _corpus()
    if not truths:
        pytest.skip("corpus not generated (python -m tests.support.make_corpus)")
    exts: dict[str, set[str]] = {}
    for path in truths:
        truth = json.loads(path.read_text(encoding="utf-8"))
        stem = path.name.removesuffix(".truth.json")
        files = [p for p in FIXTURES.glob(stem + ".*") if p != path]
        assert len(files) == 1, stem
        assert truth["expect"] in EXPECTS
        assert truth["note"]
        if truth["expect"] != "report":
            assert "report" not in truth
            continue
        report = truth["report"]
        assert G.shape_errors(report) == [], stem
        nan = [c["found"] for c in truth["failed_checks"] if c["rule"] == "cell.not_a_number"]
        assert truth["failed_checks"] == G.expected_failed_checks(report, nan), stem
        exts.setdefault(files[0].suffix, set()).add(report["template"])
    for ext in (".html", ".docx", ".pdf", ".doc", ".txt"):
        assert exts.get(ext) == {"2019", "2021"}, ext


def test_corpus_html_reads_back() -> None:
    """The committed HTML fixtures hold exactly their truth's numbers."""
    pages = [p for p in _corpus() if (FIXTURES / p.name.replace(".truth.json", ".html")).exists()]
    if not pages:
        pytest.skip("corpus not generated")
    checked = 0
    for path in pages:
        truth = json.loads(path.read_text(encoding="utf-8"))
        if truth["expect"] != "report":
            continue
        data = (FIXTURES / path.name.replace(".truth.json", ".html")).read_bytes()
        try:
            data.decode("utf-8")
            encoding = "utf-8"
        except UnicodeDecodeError:
            encoding = "gbk"
        report = truth["report"]
        nan = {c["found"] for c in truth["failed_checks"] if c["rule"] == "cell.not_a_number"}
        back = _read_back(_html_grids(data, encoding), report["template"])
        expected = _expected_back(report, R.NumberStyle())
        for key, row in back["active"].items():
            want = expected["active"][key]
            assert all(b in nan if w is None and b is not None else _close(b, w)
                       for b, w in zip(row, want, strict=True)), (path.name, key)
        assert _close(back["applications"], expected["applications"]), path.name
        assert _close(back["appeals"], expected["appeals"]), path.name
        checked += 1
    assert checked >= 12


# ---------------------------------------------------------------------------
# LibreOffice (slow)


@pytest.mark.slow
def test_pdf_and_doc_conversion() -> None:
    pdfplumber = pytest.importorskip("pdfplumber")
    _report, doc, numbers = _random_case(12, "2021")
    docx_bytes = R.render_docx(doc, numbers)
    try:
        pdf = R.soffice_convert({"a": docx_bytes}, "pdf")["a"]
        doc_bytes = R.soffice_convert({"a": docx_bytes}, "doc")["a"]
    except R.ConversionError as exc:
        if os.environ.get("CI"):  # CI installs LibreOffice: a failure there is real
            raise
        pytest.skip(str(exc))
    assert pdf.startswith(b"%PDF")
    assert doc_bytes.startswith(bytes.fromhex("D0CF11E0A1B11AE1"))
    with pdfplumber.open(io.BytesIO(pdf)) as p:
        text = "".join(page.extract_text() or "" for page in p.pages).replace(" ", "")
    assert doc.title in text.replace("\n", "")
    assert "本年新收政府信息公开申请数量" in text
