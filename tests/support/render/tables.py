"""The template's three tables as `Table`s of origin cells.

Section 二 in the 第二十条 blocks of the report's template, section 三 with its three
header rows and the rowspans of 三、本年度办理结果 and its groups, section 四 with 15
columns under two header rows.
"""

from __future__ import annotations

from typing import Any

from tests.support.report_schema import (
    APPEAL_FIELDS,
    APPEAL_GROUPS,
    APPLICANT_COLUMNS,
    DENIED_ROWS,
    REJECTED_ROWS,
    UNABLE_ROWS,
)

from .model import Cell, Table


def _section_row(text: str, ncols: int) -> list[Cell]:
    return [Cell(text, colspan=ncols, header=True)]


def active_table(report: dict[str, Any]) -> Table:
    """Section 二 in the 第二十条 blocks of the report's template; absent rows left out."""
    active = report["active"]
    rows: list[list[Cell]] = []

    def v(key: str, fld: str, colspan: int = 1) -> Cell:
        return Cell(path=("active", key, fld), colspan=colspan)

    def block(title: str, header: list[Cell], body: list[tuple[str, str, list[Cell]]]) -> None:
        present = [(label, cells) for key, label, cells in body if key in active]
        if not present:
            return
        rows.append(_section_row(title, 4))
        rows.append(header)
        for label, cells in present:
            rows.append([Cell(label), *cells])

    def h(*texts: str, last_span: int = 1) -> list[Cell]:
        cells = [Cell(t, header=True) for t in texts]
        cells[-1].colspan = last_span
        return cells

    if report["template"] == "2021":
        f3 = ("issued", "repealed", "in_force")
        block(
            "第二十条第（一）项",
            h("信息内容", "本年制发件数", "本年废止件数", "现行有效件数"),
            [
                ("regulations", "规章", [v("regulations", f) for f in f3]),
                ("normative_documents", "行政规范性文件",
                 [v("normative_documents", f) for f in f3]),
            ],
        )
        block("第二十条第（五）项", h("信息内容", "本年处理决定数量", last_span=3),
              [("licensing", "行政许可", [v("licensing", "decisions", 3)])])
        block(
            "第二十条第（六）项",
            h("信息内容", "本年处理决定数量", last_span=3),
            [
                ("penalty", "行政处罚", [v("penalty", "decisions", 3)]),
                ("coercion", "行政强制", [v("coercion", "decisions", 3)]),
            ],
        )
        block("第二十条第（八）项",
              h("信息内容", "本年收费金额（单位：万元，保留4位小数）", last_span=3),
              [("fees", "行政事业性收费", [v("fees", "amount", 3)])])
    else:
        f3 = ("made", "published", "total_published")
        i3 = ("previous", "change", "decisions")
        block(
            "第二十条第（一）项",
            h("信息内容", "本年新制作数量", "本年新公开数量", "对外公开总数量"),
            [
                ("regulations", "规章", [v("regulations", f) for f in f3]),
                ("normative_documents", "规范性文件", [v("normative_documents", f) for f in f3]),
            ],
        )
        block(
            "第二十条第（五）项",
            h("信息内容", "上一年项目数量", "本年增/减", "处理决定数量"),
            [
                ("licensing", "行政许可", [v("licensing", f) for f in i3]),
                ("other_services", "其他对外管理服务事项", [v("other_services", f) for f in i3]),
            ],
        )
        block(
            "第二十条第（六）项",
            h("信息内容", "上一年项目数量", "本年增/减", "处理决定数量"),
            [
                ("penalty", "行政处罚", [v("penalty", f) for f in i3]),
                ("coercion", "行政强制", [v("coercion", f) for f in i3]),
            ],
        )
        block(
            "第二十条第（八）项",
            h("信息内容", "上一年项目数量", "本年增/减", last_span=2),
            [("fees", "行政事业性收费", [v("fees", "previous"), v("fees", "change", 2)])],
        )
        block(
            "第二十条第（九）项",
            h("信息内容", "采购项目数量", "采购总金额", last_span=2),
            [("procurement", "政府集中采购",
              [v("procurement", "projects"), v("procurement", "amount", 2)])],
        )
    return Table("active", 4, rows)


DENIED_LABELS = (
    "1.属于国家秘密",
    "2.其他法律行政法规禁止公开",
    "3.危及“三安全一稳定”",
    "4.保护第三方合法权益",
    "5.属于三类内部事务信息",
    "6.属于四类过程性信息",
    "7.属于行政执法案卷",
    "8.属于行政查询事项",
)
UNABLE_LABELS = (
    "1.本机关不掌握相关政府信息",
    "2.没有现成信息需要另行制作",
    "3.补正后申请内容仍不明确",
)
REJECTED_LABELS = (
    "1.信访举报投诉类申请",
    "2.重复申请",
    "3.要求提供公开出版物",
    "4.无正当理由大量反复申请",
    "5.要求行政机关确认或重新出具已获取信息",
)
OTHER_LABELS = (
    "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
    "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
    "3.其他",
)


def applications_table(report: dict[str, Any], social_label: str = "社会公益组织") -> Table:
    """Section 三: three header rows, ten grid columns, the template's rowspans."""
    def values(row: str) -> list[Cell]:
        return [Cell(path=("applications", row, c)) for c in APPLICANT_COLUMNS]

    rows: list[list[Cell]] = [
        [
            Cell("（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）",
                 rowspan=3, colspan=3, header=True),
            Cell("申请人情况", colspan=7, header=True),
        ],
        [
            Cell("自然人", rowspan=2, header=True),
            Cell("法人或其他组织", colspan=5, header=True),
            Cell("总计", rowspan=2, header=True),
        ],
        [
            Cell(t, header=True)
            for t in ("商业企业", "科研机构", social_label, "法律服务机构", "其他")
        ],
        [Cell("一、本年新收政府信息公开申请数量", colspan=3), *values("new")],
        [Cell("二、上年结转政府信息公开申请数量", colspan=3), *values("carried_over")],
    ]
    is2021 = report["template"] == "2021"
    n_results = 20 + (2 if is2021 else 0)
    rows.append(
        [Cell("三、本年度办理结果", rowspan=n_results),
         Cell("（一）予以公开", colspan=2), *values("granted")]
    )
    rows.append([Cell("（二）部分公开（区分处理的，只计这一情形，不计其他情形）", colspan=2),
                 *values("partial")])

    def group(title: str, keys: tuple[str, ...], labels: tuple[str, ...]) -> None:
        for i, (key, label) in enumerate(zip(keys, labels, strict=True)):
            head = [Cell(title, rowspan=len(keys))] if i == 0 else []
            rows.append([*head, Cell(label), *values(key)])

    group("（三）不予公开", DENIED_ROWS, DENIED_LABELS)
    group("（四）无法提供", UNABLE_ROWS, UNABLE_LABELS)
    group("（五）不予处理", REJECTED_ROWS, REJECTED_LABELS)
    if is2021:
        group("（六）其他处理", ("other_no_correction", "other_no_fee", "other"), OTHER_LABELS)
    else:
        rows.append([Cell("（六）其他处理", colspan=2), *values("other")])
    rows.append([Cell("（七）总计", colspan=2), *values("total")])
    rows.append([Cell("四、结转下年度继续办理", colspan=3), *values("carried_forward")])
    return Table("applications", 10, rows)


def appeals_table() -> Table:
    """Section 四: 15 columns under two header rows (three with the 诉讼 split)."""
    results = ("结果维持", "结果纠正", "其他结果", "尚未审结", "总计")
    rows = [
        [Cell("行政复议", colspan=5, header=True), Cell("行政诉讼", colspan=10, header=True)],
        [
            *[Cell(t, rowspan=2, header=True) for t in results],
            Cell("未经复议直接起诉", colspan=5, header=True),
            Cell("复议后起诉", colspan=5, header=True),
        ],
        [Cell(t, header=True) for t in results * 2],
        [Cell(path=("appeals", g, f)) for g in APPEAL_GROUPS for f in APPEAL_FIELDS],
    ]
    return Table("appeals", 15, rows)
