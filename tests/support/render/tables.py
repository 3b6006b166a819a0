"""The template's three tables as `Table`s of origin cells.

Section 二 in the 第二十条 blocks of the report's template, section 三 with its three
header rows and the rowspans of 三、本年度办理结果 and its groups, section 四 with 15
columns under two header rows.
"""

from __future__ import annotations

import copy
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


#: Section 二's column headers by field (2019 and 2021 templates).
ACTIVE_HEADERS = {
    "made": "本年新制作数量", "published": "本年新公开数量", "total_published": "对外公开总数量",
    "previous": "上一年项目数量", "change": "本年增/减", "decisions": "处理决定数量",
}
ITEMS_2019 = ("previous", "change", "decisions")
DOCS_2019 = ("made", "published", "total_published")


def active_table(
    report: dict[str, Any], *, docs: tuple[str, ...] = DOCS_2019,
    items: tuple[str, ...] = ITEMS_2019,
) -> Table:
    """Section 二 in the 第二十条 blocks of the report's template; absent rows left out.

    In the 2019 template, ``docs`` and ``items`` are the columns of blocks （一） and
    （五）/（六） in the order printed (a publisher may reorder or leave out one); a
    field left out is not printed (its truth is ``None``: see :func:`apply_columns`).
    """
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
        def spanned(key: str, fields: tuple[str, ...]) -> list[Cell]:
            cells = [v(key, f) for f in fields]
            cells[-1].colspan = 4 - len(fields)
            return cells

        def heads(fields: tuple[str, ...]) -> list[Cell]:
            return h("信息内容", *(ACTIVE_HEADERS[f] for f in fields),
                     last_span=4 - len(fields))

        block(
            "第二十条第（一）项",
            heads(docs),
            [
                ("regulations", "规章", spanned("regulations", docs)),
                ("normative_documents", "规范性文件", spanned("normative_documents", docs)),
            ],
        )
        block(
            "第二十条第（五）项",
            heads(items),
            [
                ("licensing", "行政许可", spanned("licensing", items)),
                ("other_services", "其他对外管理服务事项", spanned("other_services", items)),
            ],
        )
        block(
            "第二十条第（六）项",
            heads(items),
            [
                ("penalty", "行政处罚", spanned("penalty", items)),
                ("coercion", "行政强制", spanned("coercion", items)),
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


ORGANISATIONS = ("enterprise", "research", "social_org", "legal_service", "other")
APPLICANT_HEADERS = {
    "natural_person": "自然人", "enterprise": "商业企业", "research": "科研机构",
    "social_org": "社会公益组织", "legal_service": "法律服务机构", "other": "其他",
    "total": "总计",
}


def applicant_header(columns: tuple[str, ...], social_label: str) -> list[list[Cell]]:
    """Section 三's header rows over ``columns`` (in the order printed): 申请人情况, then
    自然人 / 法人或其他组织 (over its organisations, kept together) / 总计, then the
    organisations; two rows when no organisation is printed."""
    labels = {**APPLICANT_HEADERS, "social_org": social_label}
    orgs = [c for c in columns if c in ORGANISATIONS]
    note = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
    depth = 3 if orgs else 2
    rows = [[Cell(note, rowspan=depth, colspan=3, header=True),
             Cell("申请人情况", colspan=len(columns), header=True)]]
    if not orgs:
        rows.append([Cell(labels[c], header=True) for c in columns])
        return rows
    top: list[Cell] = []
    for c in columns:
        if c not in ORGANISATIONS:
            top.append(Cell(labels[c], rowspan=2, header=True))
        elif c == orgs[0]:
            top.append(Cell("法人或其他组织", colspan=len(orgs), header=True))
    rows.append(top)
    rows.append([Cell(labels[c], header=True) for c in orgs])
    return rows


def applications_table(
    report: dict[str, Any], social_label: str = "社会公益组织",
    columns: tuple[str, ...] = APPLICANT_COLUMNS,
) -> Table:
    """Section 三: three header rows, the template's rowspans; ``columns`` are the
    applicant columns in the order printed (a publisher may reorder them, keeping
    法人或其他组织's together, or leave some out)."""
    def values(row: str) -> list[Cell]:
        return [Cell(path=("applications", row, c)) for c in columns]

    rows: list[list[Cell]] = [
        *applicant_header(columns, social_label),
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
    return Table("applications", 3 + len(columns), rows)


def apply_columns(
    report: dict[str, Any], *, applicants: tuple[str, ...] = APPLICANT_COLUMNS,
    docs: tuple[str, ...] = DOCS_2019, items: tuple[str, ...] = ITEMS_2019,
) -> dict[str, Any]:
    """The truth of a report printed with only these columns: a column left out of
    the table is ``None`` (the document does not give it)."""
    out = copy.deepcopy(report)
    for row in out["applications"].values():
        for c in APPLICANT_COLUMNS:
            if c not in applicants:
                row[c] = None
    if out["template"] == "2019":
        for key, fields in (("regulations", docs), ("normative_documents", docs),
                            ("licensing", items), ("other_services", items),
                            ("penalty", items), ("coercion", items)):
            if key in out["active"]:
                for f in list(out["active"][key]):
                    if f not in fields:
                        out["active"][key][f] = None
    return out


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
