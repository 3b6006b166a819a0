"""Tables as publishers lay them out: merged cells, flattened text, blanks and text
in number cells, extra cells, left-out rows, and both templates."""

from __future__ import annotations

from archive.extract import extract_report
from archive.extract.labels import APPLICANT_COLUMNS

from .helpers import SEEDS, html_report


def _seed(prefix: str) -> bytes:
    return next(SEEDS.glob(f"{prefix}_*.txt")).read_bytes()


def _failed(report: dict) -> list[str]:
    return [c["rule"] for c in report["checks"] if not c["ok"]]


def test_seed_001_tab_separated_with_a_row_that_lost_its_leading_tabs() -> None:
    report = extract_report(_seed("001"))
    assert (report["body"], report["year"], report["template"]) == ("常袋镇人民政府", 2021, "2021")
    assert len(report["applications"]) == 25
    assert report["applications"]["denied_internal"] == dict.fromkeys(APPLICANT_COLUMNS, 0)
    assert report["active"]["fees"] == {"amount": 0}
    assert _failed(report) == []


def test_seed_002_rows_with_an_extra_cell_read_as_the_seven_columns() -> None:
    report = extract_report(_seed("002"))
    assert report["body"] == "民权县北关镇人民政府"
    assert report["applications"]["total"] == dict.fromkeys(APPLICANT_COLUMNS, 0)
    assert report["applications"]["carried_forward"] == dict.fromkeys(APPLICANT_COLUMNS, 0)
    assert len(report["applications"]) == 25


def test_seed_004_title_split_over_two_lines_and_year_from_the_text() -> None:
    report = extract_report(_seed("004"))
    assert (report["body"], report["year"]) == ("阎村镇人民政府", 2023)
    assert report["active"]["fees"] == {"amount": 0}


def test_rowspan_and_colspan_tables() -> None:
    cells = {2: ["1", "2", "3", "4", "5", "6", "21"], 23: ["1", "2", "3", "4", "5", "6", "21"]}
    report = extract_report(html_report(app_cells=cells))
    assert report["applications"]["granted"] == dict(
        zip(APPLICANT_COLUMNS, [1, 2, 3, 4, 5, 6, 21], strict=True)
    )
    assert report["applications"]["total"]["total"] == 21


def test_full_width_digits_thousands_separators_and_decimals() -> None:
    rows = {"规章": ["０", "１２", "1,234"], "行政规范性文件": ["0", "0", "0"],
            "行政许可": ["１，２３４"], "行政处罚": ["0"], "行政强制": ["0"],
            "行政事业性收费": ["１２.５"]}
    active = extract_report(html_report(active_rows=rows))["active"]
    assert active["regulations"] == {"issued": 0, "repealed": 12, "in_force": 1234}
    assert active["licensing"] == {"decisions": 1234}
    assert active["fees"] == {"amount": 12.5}


def test_blank_cells_are_null_never_zero_and_count_as_zero_in_checks() -> None:
    cells = {0: ["", "1", "", "", "", "", "1"]}
    report = extract_report(html_report(app_cells=cells))
    new = report["applications"]["new"]
    assert new["natural_person"] is None and new["enterprise"] == 1 and new["total"] == 1
    row_total = next(c for c in report["checks"] if c["rule"] == "applications.row_total.new")
    assert row_total == {"rule": "applications.row_total.new", "ok": True, "expected": 1, "found": 1}


def test_text_in_a_number_cell_is_null_with_a_not_a_number_check() -> None:
    rows = {"规章": ["0", "0", "0"], "行政规范性文件": ["0", "0", "0"], "行政许可": ["—"],
            "行政处罚": ["无"], "行政强制": ["0"], "行政事业性收费": ["/"]}
    report = extract_report(html_report(active_rows=rows))
    assert report["active"]["licensing"] == {"decisions": None}
    assert report["active"]["fees"] == {"amount": None}
    found = [(c["path"], c["found"]) for c in report["checks"] if c["rule"] == "cell.not_a_number"]
    assert found == [("active.licensing.decisions", "—"), ("active.penalty.decisions", "无"),
                     ("active.fees.amount", "/")]
    assert all(c["ok"] is False and c["expected"] is None
               for c in report["checks"] if c["rule"] == "cell.not_a_number")


def test_a_row_the_report_leaves_out_is_absent() -> None:
    rows = {"规章": ["0", "0", "0"], "行政规范性文件": ["0", "0", "0"], "行政许可": ["1"],
            "行政处罚": ["2"], "行政事业性收费": ["0"]}
    active = extract_report(html_report(active_rows=rows))["active"]
    assert "coercion" not in active
    assert active["penalty"] == {"decisions": 2}


def test_a_row_present_with_blank_cells_has_null_fields() -> None:
    rows = {"规章": ["", "", ""], "行政规范性文件": ["0", "0", "0"], "行政许可": ["1"],
            "行政处罚": ["2"], "行政强制": [""], "行政事业性收费": ["0"]}
    active = extract_report(html_report(active_rows=rows))["active"]
    assert active["regulations"] == {"issued": None, "repealed": None, "in_force": None}
    assert active["coercion"] == {"decisions": None}


def test_fees_in_yuan_are_converted_to_wanyuan_exactly() -> None:
    rows = {"规章": ["0", "0", "0"], "行政规范性文件": ["0", "0", "0"], "行政许可": ["0"],
            "行政处罚": ["0"], "行政强制": ["0"], "行政事业性收费": ["251000元"]}
    assert extract_report(html_report(active_rows=rows))["active"]["fees"] == {"amount": 25.1}
    rows["行政事业性收费"] = ["75394432.52"]
    page = html_report(active_rows=rows, fee_header="本年收费金额（单位：元）")
    assert extract_report(page)["active"]["fees"] == {"amount": 7539.443252}


def test_flattened_one_cell_per_line() -> None:
    text = _seed("001").decode("utf-8")
    flat = []
    for line in text.splitlines():
        flat.extend(c for c in line.split("\t") if c) if "\t" in line else flat.append(line)
    report = extract_report("\n".join(flat).encode("utf-8"))
    assert report == extract_report(_seed("001"))


def test_2019_template_is_told_by_its_labels_not_the_year() -> None:
    text = _seed("001").decode("utf-8")
    old = (text.replace("本年制发件数\t本年废止件数\t现行有效件数", "本年新制作数量\t本年新公开数量\t对外公开总数量")
           .replace("行政规范性文件", "规范性文件"))
    head, _, rest = old.partition("(六) 其他处理")
    rest = rest.split("(七) 总计", 1)[1]
    old = head + "(六) 其他处理\t0\t0\t0\t0\t0\t0\t0\n(七) 总计" + rest
    report = extract_report(old.encode("utf-8"))
    assert (report["template"], report["year"]) == ("2019", 2021)
    assert report["active"]["regulations"] == {"made": 0, "published": 0, "total_published": 0}
    assert "other_no_correction" not in report["applications"]
    assert report["applications"]["other"]["total"] == 0
