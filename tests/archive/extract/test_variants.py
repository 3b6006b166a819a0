"""Row and label variants seen in real reports: 其他处理 as one row in a 2021-template
report, 规范性文件 for 行政规范性文件, typos in headings, tables renumbered in an
appendix, page numbers inside tables, money in 元."""

from __future__ import annotations

from archive.extract import extract_report
from archive.extract.labels import APPLICANT_COLUMNS

from .helpers import APPLICATION_LABELS_2021

ZEROS = "\t".join(["0"] * 7)


def _apps_2021(rows: list[tuple[str, str]]) -> str:
    return "\n".join(f"{label}\t{cells}" for label, cells in rows)


def _labels(skip: set[str]) -> list[str]:
    return [label for label, _group in APPLICATION_LABELS_2021 if label not in skip]


def test_other_handling_printed_as_one_row_in_a_2021_report() -> None:
    sub = {APPLICATION_LABELS_2021[i][0] for i in (20, 21, 22)}
    rows = []
    for label in _labels(sub):
        cells = ZEROS
        if label.startswith("（七）"):
            rows.append(("（六）其他处理", "1\t0\t0\t0\t0\t0\t1"))
            cells = "1\t0\t0\t0\t0\t0\t1"
        elif label.startswith(("一、", "四、结转")):
            cells = "1\t0\t0\t0\t0\t0\t1" if label.startswith("一、") else ZEROS
        rows.append((label, cells))
    text = "本年制发件数\n三、收到和处理政府信息公开申请情况\n" + _apps_2021(rows)
    apps = extract_report(text.encode())["applications"]
    assert apps["other"] == dict(zip(APPLICANT_COLUMNS, [1, 0, 0, 0, 0, 0, 1], strict=True))
    assert apps["total"]["total"] == 1
    assert "other_no_correction" not in apps and "other_no_fee" not in apps


def test_regulation_labels_typos_and_renumbered_tables_in_an_appendix() -> None:
    text = "\n".join([
        "某县人民政府2022年政府信息公开工作年度报告",
        "一、总体情况", "（一）主动公开政府信息情况。全年主动公开信息1200条。",
        "二、主动公开政府信息情况", "全年制发规范性文件3件。",
        "三、收到和处理政府信息公开申请情况", "全年收到申请5件。",
        "四、政府信息公开行政复议、行政诉讼情况", "无。",
        "五、存在的主要问题及改进情况", "……",
        "附表",
        "一、主动公开政府信息情况",
        "信息内容\t本年制发件数\t本年废止件数\t现行有效件数",
        "规章\t0\t0\t0", "规范性文件\t3\t1\t20",
        "二、收到和处理政府信息公开申请情况",
        "一、本年新收政府信息公开申请数量\t5\t0\t0\t0\t0\t0\t5",
        "— 3 —",
        "（一）予以公开\t5\t0\t0\t0\t0\t0\t5",
        "（七）总计\t5\t0\t0\t0\t0\t0\t5",
        "三、政府信息公开行政法复议、行政诉讼情况",
        "\t".join(["1", "0", "0", "0", "1"] + ["0"] * 10),
    ])
    report = extract_report(text.encode())
    assert report["active"]["normative_documents"] == {"issued": 3, "repealed": 1, "in_force": 20}
    assert report["applications"]["new"]["total"] == 5
    assert report["applications"]["granted"]["natural_person"] == 5
    assert report["appeals"]["review"]["upheld"] == 1


def test_page_numbers_between_rows_are_no_cells() -> None:
    lines = ["三、收到和处理政府信息公开申请情况"]
    for i, label in enumerate(_labels(set())):
        lines += [label, *(["1", "0", "0", "0", "0", "0", "1"] if i in (0, 2, 23) else ["0"] * 7)]
        if i == 10:
            lines += ["-7-"]
        if i == 15:
            lines += ["— 8 —"]
    report = extract_report(("本年制发件数\n" + "\n".join(lines)).encode())
    assert [c for c in report["checks"] if not c["ok"]] == []
    assert report["applications"]["total"]["total"] == 1


def test_money_in_yuan_is_converted_and_the_unit_recorded() -> None:
    text = "\n".join([
        "二、主动公开政府信息情况",
        "信息内容\t本年收费金额（单位：元）", "行政事业性收费\t251000",
        "行政许可\t3",
    ])
    report = extract_report(text.encode())
    assert report["active"]["fees"] == {"amount": 25.1}
    units = [c for c in report["checks"] if c["rule"] == "cell.unit"]
    assert units == [{"rule": "cell.unit", "ok": True, "expected": "万元", "found": "元",
                      "path": "active.fees.amount"}]
