"""Render a report dict into the documents portals really publish.

`build_document(report, rng)` lays the report out as the national template does: a
title, sections 一 to 六 with prose, and the three tables with their merged header
cells (section 二 in 第二十条 blocks, section 三 with 申请人情况 / 自然人 / 法人或其他组织
and rowspans for 三、本年度办理结果 and （三）不予公开, section 四 with 15 columns under two
header rows). The renderers then write that document as

- HTML portal pages: `trs_gbk` (TRS WCM, GBK bytes), `jcms` (Hanweb jcms, UTF-8),
  `plain` (a simple `<th>` table page), `wordpaste` (Word HTML pasted into a CMS);
- `docx` (python-docx with real merged cells), and from it `pdf` and `doc` through
  LibreOffice headless;
- `txt`, flattened like the seeds' text: tab-separated cells, some rows one cell a line.

How numbers are written is a `NumberStyle`: full-width digits, thousands separators,
fees in 元, or a literal text (e.g. `/`) for a cell whose truth is `None`.
"""

from __future__ import annotations

import hashlib
import html
import io
import random
import re
import shutil
import subprocess
import tempfile
import zipfile
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

from tests.support.reportgen import (
    APPEAL_FIELDS,
    APPEAL_GROUPS,
    APPLICANT_COLUMNS,
    DENIED_ROWS,
    REJECTED_ROWS,
    UNABLE_ROWS,
)

Path_ = tuple[str, ...]

# ---------------------------------------------------------------------------
# the document model


@dataclass
class Cell:
    """One origin cell of a table: a label (`text`) or a value (`path` into the report)."""

    text: str = ""
    path: Path_ | None = None
    rowspan: int = 1
    colspan: int = 1
    header: bool = False


@dataclass
class Table:
    """A table as HTML writes it: rows of origin cells, merged cells not repeated."""

    kind: str
    ncols: int
    rows: list[list[Cell]]


@dataclass
class Para:
    """A paragraph; role is one of title, h1, h2, p, sign."""

    text: str
    role: str = "p"


Block = Para | Table


@dataclass
class Document:
    """A whole report laid out, with the report it came from."""

    report: dict[str, Any]
    title: str
    blocks: list[Block]
    published: date


@dataclass
class Placed:
    """An origin cell with its grid position."""

    row: int
    col: int
    cell: Cell


def layout(table: Table) -> tuple[list[Placed], int]:
    """Grid positions of the origin cells (the HTML table algorithm); returns rows too."""
    taken: set[tuple[int, int]] = set()
    placed: list[Placed] = []
    for r, row in enumerate(table.rows):
        c = 0
        for cell in row:
            while (r, c) in taken:
                c += 1
            placed.append(Placed(r, c, cell))
            for dr in range(cell.rowspan):
                for dc in range(cell.colspan):
                    taken.add((r + dr, c + dc))
            c += cell.colspan
    nrows = max(r for r, _ in taken) + 1 if taken else 0
    return placed, nrows


# ---------------------------------------------------------------------------
# numbers


MONEY_PATHS: set[Path_] = {("active", "fees", "amount"), ("active", "procurement", "amount")}
_FULLWIDTH = str.maketrans("0123456789", "０１２３４５６７８９")


@dataclass
class NumberStyle:
    """How a value cell is written."""

    fullwidth: bool = False
    thousands: bool = False
    fee_yuan: bool = False
    money_places: int | None = None
    blank: str = ""
    overrides: dict[Path_, str] = field(default_factory=dict)

    def text(self, path: Path_, value: Any) -> str:
        """The cell text for a value at path."""
        if path in self.overrides:
            return self.overrides[path]
        if value is None:
            return self.blank
        if path in MONEY_PATHS:
            d = Decimal(str(value))
            if self.fee_yuan and path == ("active", "fees", "amount"):
                return _decimal_text(d * 10000, None, self.thousands) + "元"
            out = _decimal_text(d, self.money_places if d else None, self.thousands)
        else:
            out = _decimal_text(Decimal(int(value)), None, self.thousands)
        return out.translate(_FULLWIDTH) if self.fullwidth else out


def _decimal_text(d: Decimal, places: int | None, thousands: bool) -> str:
    if places is not None:
        d = d.quantize(Decimal(1).scaleb(-places))
    elif d == d.to_integral_value():
        d = d.to_integral_value()
    else:
        d = d.normalize()
    return f"{d:,f}" if thousands else f"{d:f}"


# ---------------------------------------------------------------------------
# tables


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


def cell_value(report: dict[str, Any], path: Path_) -> Any:
    """The report's value at a cell path (None when the row is absent)."""
    node: Any = report
    for part in path:
        if not isinstance(node, dict) or part not in node:
            return None
        node = node[part]
    return node


# ---------------------------------------------------------------------------
# prose

_NOTICE = {
    "2021": "《国务院办公厅政府信息与政务公开办公室关于印发"
    "〈中华人民共和国政府信息公开工作年度报告格式〉的通知》（国办公开办函〔2021〕30号）",
    "2019": "《国务院办公厅政府信息与政务公开办公室关于政府信息公开工作年度报告有关事项的通知》"
    "（国办公开办函〔2019〕60号）",
}

_OVERVIEW = (
    "（一）主动公开情况。{year}年，{short}坚持以公开为常态、不公开为例外，围绕中心工作和群众关切，"
    "通过政府门户网站、政务新媒体、公开栏等渠道主动公开各类政府信息{n1}条，其中机构职能类信息{n2}条，"
    "政策文件类信息{n3}条，工作动态类信息{n4}条。",
    "（二）依申请公开情况。{short}严格按照《条例》规定的时限和程序办理政府信息公开申请，"
    "进一步规范受理、登记、审核、答复等环节，做到依法依规、按时答复，未发生因依申请公开引发的舆情事件。",
    "（三）政府信息管理情况。严格落实政府信息公开保密审查制度，坚持“先审查、后公开”和“一事一审”原则，"
    "对拟公开的政府信息逐条审核把关，确保公开内容准确规范。动态更新政府信息公开指南和公开目录，"
    "全年梳理更新公开目录{n5}项。",
    "（四）政府信息公开平台建设情况。持续加强政府网站信息公开专栏建设，优化栏目设置，"
    "及时更新“机构信息”“政策文件”“财政资金”“重点领域信息公开”等栏目内容；"
    "依托政务服务大厅和便民服务中心设立政府信息公开查阅点{n6}个，方便群众就近查阅。",
    "（五）监督保障情况。成立由主要负责同志任组长的政务公开工作领导小组，明确分管领导和专职人员，"
    "将政务公开工作纳入年度目标考核，全年组织政务公开业务培训{n7}次，参训人员{n8}人次。"
    "本年度未发生因政府信息公开工作不力被责任追究的情况。",
    "（六）政策解读与回应关切情况。坚持政策文件与解读材料同步起草、同步审签、同步发布，"
    "采用图文解读、视频解读等多种形式解读政策{n9}篇；及时回应网民留言和热线诉求，办结率100%。",
)

_FILLER = (
    "围绕优化营商环境、乡村振兴、民生保障等重点领域，进一步加大财政预决算、重大建设项目、"
    "公共资源配置、社会公益事业建设等信息的公开力度，推动权力运行全流程公开。",
    "规范政府信息发布审核流程，落实网站信息发布“三审三校”制度，加强对外链、错别字和敏感信息的日常巡检，"
    "确保发布内容安全可靠、准确及时。",
    "强化政务新媒体管理，对所属政务新媒体账号开展常态化监测，及时关停更新不及时、互动回应差的账号，"
    "推动政务新媒体健康有序发展。",
    "加强基层政务公开标准化规范化建设，对照国务院部门制定的26个试点领域基层政务公开标准指引，"
    "动态调整本级政务公开事项标准目录，并在政府网站集中公开。",
    "深化政务公开与政务服务融合，在政务服务大厅设置政务公开专区，提供政府信息查阅、依申请公开受理、"
    "办事咨询等服务，推动“查阅一站式、服务一条龙”。",
)

_PROBLEMS = (
    "{year}年，{short}政府信息公开工作取得了一定成效，但与上级要求和人民群众的期盼相比仍存在一些不足："
    "一是信息公开的及时性和全面性有待进一步提高；二是政策解读的形式还不够丰富，解读质量有待提升；"
    "三是工作人员业务能力仍需加强。下一步，我们将从以下方面加以改进：一是加强统筹协调，"
    "压实各科室信息公开责任；二是丰富解读形式，提升解读实效；三是加强业务培训，"
    "不断提升政府信息公开工作水平。"
)


def _short_name(body: str) -> str:
    for suffix, short in (("镇人民政府", "我镇"), ("乡人民政府", "我乡"), ("街道办事处", "我街道"),
                          ("人民政府办公室", "本机关"), ("县人民政府", "我县"),
                          ("区人民政府", "我区"), ("市人民政府", "我市")):
        if body.endswith(suffix):
            return short
    return "我局" if body.endswith("局") else "本机关"


def prose_overview(rng: random.Random, body: str, year: int, long: bool) -> list[str]:
    """Section 一 paragraphs (long=True adds many more, to push tables across pages)."""
    short = _short_name(body)
    nums = {f"n{i}": rng.randint(3, 400) for i in range(2, 10)}
    nums["n1"] = nums["n2"] + nums["n3"] + nums["n4"] + rng.randint(0, 50)
    paras = [p.format(year=year, short=short, **nums) for p in _OVERVIEW]
    k = rng.randint(3, len(paras))
    out = paras[:k]
    if long:
        out = paras + [rng.choice(_FILLER) + rng.choice(_FILLER) for _ in range(14)]
    return out


def build_document(
    report: dict[str, Any],
    rng: random.Random,
    *,
    long_prose: bool = False,
    social_label: str | None = None,
    published: date | None = None,
) -> Document:
    """Lay a report out as the national template's full text."""
    body = report["body"] or "本机关"
    year = report["year"] or 2021
    template = report["template"]
    if published is None:
        published = date(year + 1, 1, 10) + timedelta(days=rng.randint(0, 50))
    if social_label is None:
        social_label = rng.choice(["社会公益组织", "社会公益组织", "社会组织"])
    title = f"{body}{year}年政府信息公开工作年度报告"
    contact = (
        f"如对本报告有任何疑问，请与{body}办公室联系（地址：{body[:2]}大道{rng.randint(1, 300)}号；"
        f"邮编：{rng.randint(450000, 479999)}；电话：0{rng.randint(370, 399)}-"
        f"{rng.randint(2000000, 8999999)}）。"
    )
    intro = (
        f"本报告根据《中华人民共和国政府信息公开条例》（以下简称《条例》）和{_NOTICE[template]}要求，"
        f"由{body}编制。报告全文包括总体情况、主动公开政府信息情况、收到和处理政府信息公开申请情况、"
        "政府信息公开行政复议和行政诉讼情况、存在的主要问题及改进情况、其他需要报告的事项。"
        f"本报告所列数据的统计期限自{year}年1月1日起至{year}年12月31日止。"
        f"本报告电子版可在{body}门户网站“政府信息公开”专栏查阅或下载。{contact}"
    )
    blocks: list[Block] = [Para(title, "title"), Para(intro)]
    blocks.append(Para("一、总体情况", "h1"))
    blocks += [Para(p) for p in prose_overview(rng, body, year, long_prose)]
    blocks.append(Para("二、主动公开政府信息情况", "h1"))
    blocks.append(active_table(report))
    blocks.append(Para("三、收到和处理政府信息公开申请情况", "h1"))
    blocks.append(applications_table(report, social_label))
    blocks.append(Para("四、政府信息公开行政复议、行政诉讼情况", "h1"))
    blocks.append(appeals_table())
    blocks.append(Para("五、存在的主要问题及改进情况", "h1"))
    blocks.append(Para(_PROBLEMS.format(year=year, short=_short_name(body))))
    blocks.append(Para("六、其他需要报告的事项", "h1"))
    if template == "2021":
        sixth = (f"{year}年，{body}未收取政府信息公开信息处理费。"
                 "本年度无其他需要报告的事项。")
    else:
        sixth = "本年度无其他需要报告的事项。"
    blocks.append(Para(sixth))
    blocks.append(Para(body, "sign"))
    blocks.append(Para(f"{published.year}年{published.month}月{published.day}日", "sign"))
    return Document(report, title, blocks, published)


# ---------------------------------------------------------------------------
# HTML


def _esc(text: str) -> str:
    return html.escape(text, quote=False)


def _cell_text(doc: Document, cell: Cell, numbers: NumberStyle) -> str:
    if cell.path is None:
        return cell.text
    return numbers.text(cell.path, cell_value(doc.report, cell.path))


def _spans(cell: Cell) -> str:
    out = ""
    if cell.rowspan > 1:
        out += f' rowspan="{cell.rowspan}"'
    if cell.colspan > 1:
        out += f' colspan="{cell.colspan}"'
    return out


def _table_plain(doc: Document, table: Table, numbers: NumberStyle) -> str:
    lines = ['<table border="1" cellspacing="0" cellpadding="4">']
    for row in table.rows:
        cells = []
        for cell in row:
            tag = "th" if cell.header else "td"
            cells.append(f"<{tag}{_spans(cell)}>{_esc(_cell_text(doc, cell, numbers))}</{tag}>")
        lines.append("<tr>" + "".join(cells) + "</tr>")
    lines.append("</table>")
    return "\n".join(lines)


def _table_trs(doc: Document, table: Table, numbers: NumberStyle) -> str:
    lines = [
        '<table class="MsoNormalTable" border="1" cellspacing="0" cellpadding="0" '
        'style="border-collapse:collapse;border:none;width:100%">'
    ]
    for row in table.rows:
        lines.append('<tr style="height:20.0pt">')
        for cell in row:
            text = _esc(_cell_text(doc, cell, numbers)) or "&nbsp;"
            lines.append(
                f'<td{_spans(cell)} valign="center" style="border:solid windowtext 1.0pt;'
                f'padding:0cm 5.4pt 0cm 5.4pt"><p class="MsoNormal" align="center" '
                f'style="text-align:center"><span style="font-size:10.5pt;'
                f'font-family:仿宋_GB2312">{text}</span></p></td>'
            )
        lines.append("</tr>")
    lines.append("</table>")
    return "\n".join(lines)


def _table_jcms(doc: Document, table: Table, numbers: NumberStyle) -> str:
    lines = [
        '<table width="100%" border="1" cellpadding="0" cellspacing="0" '
        'style="border-collapse:collapse;" align="center">',
        "<tbody>",
    ]
    for row in table.rows:
        cells = []
        for cell in row:
            text = _esc(_cell_text(doc, cell, numbers))
            style = "font-weight:bold;" if cell.header else ""
            cells.append(
                f'<td{_spans(cell)} style="text-align:center;{style}">'
                f'<p style="text-align:center;">{text}</p></td>'
            )
        lines.append("<tr>" + "".join(cells) + "</tr>")
    lines += ["</tbody>", "</table>"]
    return "\n".join(lines)


_WORD_SPAN = 'style="FONT-FAMILY: 宋体; FONT-SIZE: 10pt; mso-bidi-font-family: 宋体"'
_WORD_NUM = 'lang=EN-US style="FONT-FAMILY: 宋体; FONT-SIZE: 10pt; mso-fareast-font-family: 宋体"'


def _word_split(rng: random.Random, text: str, number: bool) -> str:
    """Split text over several SPANs the way Word's HTML does."""
    if not text:
        return "<o:p>&nbsp;</o:p>"
    cuts = sorted(rng.sample(range(1, len(text)), k=min(len(text) - 1, rng.randint(0, 2))))
    pieces = [text[a:b] for a, b in zip([0, *cuts], [*cuts, len(text)], strict=True)]
    attr = _WORD_NUM if number else _WORD_SPAN
    out = "".join(f"<SPAN {attr}>{_esc(p)}</SPAN>" for p in pieces)
    if number and rng.random() < 0.3:
        out = f"<SPAN {attr}>&nbsp;</SPAN>" + out
    return out + "<SPAN lang=EN-US><o:p></o:p></SPAN>"


def _table_wordpaste(
    doc: Document, table: Table, numbers: NumberStyle, rng: random.Random
) -> str:
    lines = [
        "<TABLE class=MsoNormalTable style=\"BORDER-COLLAPSE: collapse; mso-table-layout-alt: "
        'fixed; mso-padding-alt: 0cm 5.4pt 0cm 5.4pt" cellSpacing=0 cellPadding=0 border=1>',
        "<TBODY>",
    ]
    for i, row in enumerate(table.rows):
        lines.append(f'<TR style="HEIGHT: 15pt; mso-yfti-irow: {i}">')
        for cell in row:
            spans = _spans(cell).replace('rowspan="', "rowSpan=").replace('colspan="', "colSpan=")
            spans = spans.replace('"', "")
            text = _cell_text(doc, cell, numbers)
            lines.append(
                f'<TD{spans} style="BORDER: windowtext 1pt solid; PADDING: 0cm 5.4pt" '
                "vAlign=center>"
                f"<P class=MsoNormal style=\"TEXT-ALIGN: center; mso-pagination: widow-orphan\" "
                f"align=center>{_word_split(rng, text, cell.path is not None)}</P></TD>"
            )
        lines.append("</TR>")
    lines += ["</TBODY>", "</TABLE>"]
    return "\n".join(lines)


def _content_html(
    doc: Document, style: str, numbers: NumberStyle, rng: random.Random
) -> str:
    """The article body (without the title) in a portal style."""
    parts: list[str] = []
    for block in doc.blocks:
        if isinstance(block, Table):
            if style == "plain":
                parts.append(_table_plain(doc, block, numbers))
            elif style == "trs_gbk":
                parts.append(_table_trs(doc, block, numbers))
            elif style == "jcms":
                parts.append(_table_jcms(doc, block, numbers))
            else:
                parts.append(_table_wordpaste(doc, block, numbers, rng))
            continue
        if block.role == "title":
            continue
        text = _esc(block.text)
        if style == "wordpaste":
            align = " align=right" if block.role == "sign" else ""
            if block.role == "h1":
                text = f"<B>{_word_split(rng, block.text, False)}</B>"
            else:
                text = _word_split(rng, block.text, False)
            indent = '"TEXT-INDENT: 32pt; LINE-HEIGHT: 28pt"'
            parts.append(f"<P class=MsoNormal style={indent}{align}>{text}</P>")
        elif style == "trs_gbk":
            weight = "font-weight:bold;" if block.role == "h1" else ""
            align = "text-align:right;" if block.role == "sign" else ""
            parts.append(
                f'<p class="MsoNormal" style="text-indent:32.0pt;line-height:28.0pt;{align}">'
                f'<span style="font-size:16.0pt;font-family:仿宋_GB2312;{weight}">{text}</span></p>'
            )
        elif style == "jcms":
            if block.role == "h1":
                parts.append(f'<p style="text-indent:2em;"><strong>{text}</strong></p>')
            elif block.role == "sign":
                parts.append(f'<p style="text-align:right;">{text}</p>')
            else:
                parts.append(f'<p style="text-indent:2em;">{text}</p>')
        else:
            if block.role == "h1":
                parts.append(f"<h2>{text}</h2>")
            elif block.role == "sign":
                parts.append(f'<p class="sign">{text}</p>')
            else:
                parts.append(f"<p>{text}</p>")
    return "\n".join(parts)


def _site_of(body: str) -> str:
    for suffix in ("人民政府办公室", "镇人民政府", "乡人民政府", "街道办事处"):
        if body.endswith(suffix):
            return body[: -len(suffix)] + ("人民政府" if "政府" in suffix else "")
    m = re.match(r"(.+?[县区市])", body)
    return (m.group(1) + "人民政府") if m else body


_WEEKDAYS = "一二三四五六日"


def _today(crawl: date) -> str:
    return f"{crawl.year}年{crawl.month:02d}月{crawl.day:02d}日 星期{_WEEKDAYS[crawl.weekday()]}"


def page_trs(doc: Document, numbers: NumberStyle, rng: random.Random, *,
             declared: str = "gb2312", crawl: date = date(2024, 5, 6)) -> bytes:
    """A TRS WCM article page, GBK bytes; `declared` is the charset the page claims."""
    site = _site_of(doc.report["body"] or "")
    pub = doc.published
    docid = rng.randint(100000, 999999)
    folder = f"{pub.year}{pub.month:02d}/t{pub.year}{pub.month:02d}{pub.day:02d}_{docid}"
    content = _content_html(doc, "trs_gbk", numbers, rng)
    page = f"""<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
<html xmlns="http://www.w3.org/1999/xhtml">
<head>
<meta http-equiv="Content-Type" content="text/html; charset={declared}" />
<meta http-equiv="X-UA-Compatible" content="IE=edge" />
<title>{_esc(doc.title)}_{_esc(site)}</title>
<meta name="SiteName" content="{_esc(site)}">
<meta name="SiteDomain" content="www.example.gov.cn">
<meta name="ColumnName" content="政府信息公开年报">
<meta name="ArticleTitle" content="{_esc(doc.title)}">
<meta name="PubDate" content="{pub.isoformat()} {rng.randint(8, 17):02d}:{rng.randint(0, 59):02d}">
<meta name="ContentSource" content="{_esc(doc.report['body'] or '')}">
<link href="../../images/common.css" rel="stylesheet" type="text/css" />
<script type="text/javascript" src="../../images/jquery-1.8.3.min.js"></script>
</head>
<body>
<!-- {folder}.html -->
<div class="top">
  <div class="topbar"><span class="date">今天是：<script type="text/javascript">var d=new Date();document.write(d.getFullYear()+"年"+(d.getMonth()+1)+"月"+d.getDate()+"日");</script><noscript>{_today(crawl)}</noscript></span>
  <a href="../../">首页</a> | <a href="javascript:void(0)" onclick="addFavorite()">加入收藏</a> | <a href="../../wza/">无障碍浏览</a></div>
  <div class="banner"><img src="../../images/banner.jpg" alt="{_esc(site)}" /></div>
  <ul class="nav">
    <li><a href="../../">首页</a></li><li><a href="../../zwgk/">政务公开</a></li>
    <li><a href="../../zwfw/">政务服务</a></li><li><a href="../../hdjl/">互动交流</a></li>
    <li><a href="../../zjxq/">走进{_esc(site[:2])}</a></li>
  </ul>
</div>
<div class="position">您当前的位置：<a href="../../">首页</a> &gt; <a href="../">政府信息公开</a> &gt; <a href="./">政府信息公开年报</a></div>
<div class="article">
  <h1 class="article-title">{_esc(doc.title)}</h1>
  <div class="article-info">发布时间：{pub.isoformat()}&nbsp;&nbsp;来源：{_esc(doc.report['body'] or '')}&nbsp;&nbsp;浏览次数：<span id="visitcount">{rng.randint(50, 9000)}</span>&nbsp;&nbsp;【字体：<a href="javascript:doZoom(18)">大</a> <a href="javascript:doZoom(16)">中</a> <a href="javascript:doZoom(14)">小</a>】</div>
  <div class="article-con">
<div class="TRS_Editor"><div class="Custom_UnionStyle">
{content}
</div></div>
  </div>
  <div class="article-tools"><a href="javascript:window.print()">【打印本页】</a> <a href="javascript:window.close()">【关闭窗口】</a></div>
</div>
<div class="footer">
  <p>主办：{_esc(site)}办公室&nbsp;&nbsp;网站标识码：{rng.randint(1000000000, 9999999999)}&nbsp;&nbsp;备案号：豫ICP备{rng.randint(10000000, 99999999)}号</p>
</div>
<script type="text/javascript">
$(function(){{ $.get("/trs/visit?docid={docid}", function(n){{ $("#visitcount").text(n); }}); }});
var _hmt = _hmt || [];
</script>
</body>
</html>
"""
    return page.encode("gbk")


def page_jcms(doc: Document, numbers: NumberStyle, rng: random.Random, *,
              crawl: date = date(2024, 5, 6)) -> bytes:
    """A Hanweb jcms article page (art_COL_ART.html), UTF-8, content in div#zoom."""
    site = _site_of(doc.report["body"] or "")
    col, art = rng.randint(1000, 9999), rng.randint(100000, 999999)
    pub = doc.published
    content = _content_html(doc, "jcms", numbers, rng)
    page = f"""<!DOCTYPE html>
<html>
<head>
<meta charset="utf-8">
<meta name="SiteName" content="{_esc(site)}">
<meta name="ColumnName" content="政府信息公开年度报告">
<meta name="ArticleTitle" content="{_esc(doc.title)}">
<meta name="PubDate" content="{pub.isoformat()} 10:{rng.randint(10, 59)}">
<meta name="Maketime" content="{pub.isoformat()} 09:{rng.randint(10, 59)}:{rng.randint(10, 59)}">
<meta name="ContentSource" content="">
<title>{_esc(site)} {_esc(doc.title)}</title>
<link rel="stylesheet" href="/images/{col}/style.css">
<script language="javascript" src="/script/0/1505141034392939.js"></script>
</head>
<body>
<div class="header"><div class="w1200">
  <span class="today">{_today(crawl)}</span>
  <a href="/">首页</a> <a href="/col/col{col - 1}/index.html">政务公开</a> <a href="/col/col{col - 2}/index.html">政务服务</a> <a href="/col/col{col - 3}/index.html">互动交流</a>
</div></div>
<div class="w1200 location">当前位置：<a href="/">首页</a> &gt; <a href="/col/col{col - 1}/index.html">政务公开</a> &gt; <a href="/col/col{col}/index.html">政府信息公开年度报告</a></div>
<div class="w1200 main">
<table width="100%" border="0" cellspacing="0" cellpadding="0">
<tr><td class="title" align="center"><!--<$[标题名称]>begin-->{_esc(doc.title)}<!--<$[标题名称]>end--></td></tr>
<tr><td class="info" align="center">发布日期：{pub.isoformat()} &nbsp; 信息来源：{_esc(doc.report['body'] or '')} &nbsp; 浏览次数：<script language="javascript" src="/module/visitcount/articlehits.jsp?colid={col}&artid={art}"></script> &nbsp; 字体：[<a href="javascript:doZoom(20)">大</a> <a href="javascript:doZoom(16)">中</a> <a href="javascript:doZoom(12)">小</a>]</td></tr>
<tr><td><div id="zoom"><!--<$[信息内容]>begin-->
{content}
<!--<$[信息内容]>end--></div></td></tr>
</table>
<div class="prevnext"><p>上一篇：<a href="/art/{pub.year}/{pub.month}/{pub.day}/art_{col}_{art - 1}.html">关于{pub.year}年度部门预算的公开说明</a></p>
<p>下一篇：<a href="/art/{pub.year}/{pub.month}/{pub.day}/art_{col}_{art + 1}.html">{_esc(site)}政府信息公开指南</a></p></div>
</div>
<div class="footer">主办单位：{_esc(site)}办公室 &nbsp; 网站标识码：{rng.randint(1000000000, 9999999999)}</div>
<script type="text/javascript">document.write(unescape("%3Cspan id='_ideConac' %3E%3C/span%3E"));</script>
</body>
</html>
"""
    return page.encode("utf-8")


def page_plain(doc: Document, numbers: NumberStyle, rng: random.Random, *,
               crawl: date = date(2024, 5, 6)) -> bytes:
    """A simple UTF-8 page: h1, h2, p and a `<th>` header table."""
    content = _content_html(doc, "plain", numbers, rng)
    site = _site_of(doc.report["body"] or "")
    page = f"""<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<title>{_esc(doc.title)}</title>
<style>table{{border-collapse:collapse}} td,th{{border:1px solid #999;padding:2px 6px}}</style>
</head>
<body>
<div class="today">{_today(crawl)}</div>
<nav><a href="/">{_esc(site)}</a> / <a href="/xxgk/">信息公开</a> / <a href="/xxgk/ndbg/">年度报告</a></nav>
<article>
<h1>{_esc(doc.title)}</h1>
<p class="meta">发布日期：{doc.published.isoformat()} 浏览次数：{rng.randint(10, 3000)}</p>
{content}
</article>
<footer>Copyright © {site} 版权所有</footer>
<script src="/js/count.js"></script>
<script>countHits("{doc.published.isoformat()}");</script>
</body>
</html>
"""
    return page.encode("utf-8")


def page_wordpaste(doc: Document, numbers: NumberStyle, rng: random.Random, *,
                   encoding: str = "utf-8", crawl: date = date(2024, 5, 6)) -> bytes:
    """Word HTML pasted into a CMS article: uppercase tags, split SPANs, o:p, &nbsp;."""
    content = _content_html(doc, "wordpaste", numbers, rng)
    site = _site_of(doc.report["body"] or "")
    charset = "gb2312" if encoding == "gbk" else encoding
    page = f"""<!-- saved from url=(0064)http://www.example.gov.cn/xxgk/ndbg/{doc.published.year}/art_{rng.randint(100, 999)}.shtml -->
<HTML xmlns:o="urn:schemas-microsoft-com:office:office" xmlns:w="urn:schemas-microsoft-com:office:word"><HEAD>
<META content="text/html; charset={charset}" http-equiv=Content-Type>
<META name=ArticleTitle content="{_esc(doc.title)}">
<META content="{doc.published.isoformat()}" name=PubDate>
<TITLE>{_esc(doc.title)}</TITLE>
<SCRIPT type=text/javascript src="/js/common.js"></SCRIPT>
</HEAD>
<BODY>
<DIV class=top>今天是 {_today(crawl)}</DIV>
<DIV class=nav><A href="/">首页</A> | <A href="/zwgk/">政务公开</A> | <A href="/zwgk/ndbg/">政府信息公开年报</A></DIV>
<DIV class=con>
<DIV class=title>{_esc(doc.title)}</DIV>
<DIV class=info>发布时间：{doc.published.isoformat()}　　浏览次数：<SPAN id=hits>{rng.randint(10, 5000)}</SPAN></DIV>
<DIV class=content>
<!--[if gte mso 9]><xml><w:WordDocument><w:View>Normal</w:View></w:WordDocument></xml><![endif]-->
<P class=MsoNormal style="TEXT-ALIGN: center" align=center><B><SPAN style="FONT-FAMILY: 方正小标宋简体; FONT-SIZE: 22pt">{_esc(doc.title)}</SPAN></B></P>
{content}
</DIV></DIV>
<DIV class=footer>{_esc(site)} 主办</DIV>
</BODY></HTML>
"""
    return page.encode(encoding)


HTML_STYLES = ("trs_gbk", "jcms", "plain", "wordpaste")


def render_html(doc: Document, style: str, numbers: NumberStyle, rng: random.Random,
                **kwargs: Any) -> bytes:
    """Render a document as a whole portal page in one of HTML_STYLES."""
    if style == "trs_gbk":
        return page_trs(doc, numbers, rng, **kwargs)
    if style == "jcms":
        return page_jcms(doc, numbers, rng, **kwargs)
    if style == "plain":
        return page_plain(doc, numbers, rng, **kwargs)
    if style == "wordpaste":
        return page_wordpaste(doc, numbers, rng, **kwargs)
    raise ValueError(f"unknown HTML style {style!r}")


# ---------------------------------------------------------------------------
# TXT


@dataclass
class TxtStyle:
    """How a text extraction flattened the document."""

    markdown: bool = False
    one_cell_per_line: set[tuple[str, int]] = field(default_factory=set)  # (table kind, row)
    drop_leading_empty: set[tuple[str, int]] = field(default_factory=set)
    ascii_parens: bool = False  # "(一) 予以公开" as PDF text tools write it


def table_grid(doc: Document, table: Table, numbers: NumberStyle) -> list[list[str]]:
    """The table as a full grid; cells covered by a merge are empty strings."""
    placed, nrows = layout(table)
    grid = [[""] * table.ncols for _ in range(nrows)]
    for p in placed:
        grid[p.row][p.col] = _cell_text(doc, p.cell, numbers)
    return grid


def render_txt(doc: Document, numbers: NumberStyle, style: TxtStyle) -> bytes:
    """Flattened text like the seeds (UTF-8)."""
    lines: list[str] = ["", ""]
    for block in doc.blocks:
        if isinstance(block, Table):
            for i, row in enumerate(table_grid(doc, block, numbers)):
                key = (block.kind, i)
                if style.ascii_parens:
                    row = [c.replace("（", "(").replace("）", ") ") for c in row]
                if key in style.one_cell_per_line:
                    lines += [c for c in row if c]
                    continue
                if key in style.drop_leading_empty:
                    while row and row[0] == "":
                        row = row[1:]
                lines.append("\t".join(row))
            lines.append("")
            continue
        if block.role == "title":
            lines += [("# " if style.markdown else "") + block.text, ""]
        elif block.role == "h1":
            prefix = "## " if style.markdown else ""
            lines += [prefix + block.text, ""]
        else:
            lines += [block.text, ""]
    return "\n".join(lines).encode("utf-8")


# ---------------------------------------------------------------------------
# DOCX, PDF, DOC


_FIXED_ZIP_TIME = (2020, 1, 1, 0, 0, 0)


def normalize_zip(data: bytes) -> bytes:
    """Rewrite a zip with fixed timestamps so that reruns give the same bytes."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(
        out, "w", zipfile.ZIP_DEFLATED
    ) as dst:
        for info in src.infolist():
            new = zipfile.ZipInfo(info.filename, date_time=_FIXED_ZIP_TIME)
            new.compress_type = zipfile.ZIP_DEFLATED
            dst.writestr(new, src.read(info.filename))
    return out.getvalue()


def render_docx(doc: Document, numbers: NumberStyle) -> bytes:
    """A DOCX with the tables' merged cells made by cell.merge()."""
    from datetime import datetime

    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn
    from docx.shared import Cm, Pt

    d = docx.Document()
    section = d.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.left_margin = section.right_margin = Cm(2.4)
    section.top_margin = section.bottom_margin = Cm(2.5)
    normal = d.styles["Normal"]
    normal.font.name = "Times New Roman"
    normal.font.size = Pt(12)
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), "仿宋")
    stamp = datetime(doc.published.year, doc.published.month, doc.published.day, 9, 0)
    d.core_properties.created = d.core_properties.modified = stamp
    d.core_properties.author = doc.report["body"] or ""
    d.core_properties.title = doc.title

    def font(run: Any, size: float, bold: bool = False, east: str = "仿宋") -> None:
        run.font.size = Pt(size)
        run.bold = bold
        run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), east)

    widths = {"active": [4.2, 4.0, 4.0, 4.0],
              "applications": [1.6, 2.2, 4.6] + [1.1] * 7,
              "appeals": [1.08] * 15}
    sizes = {"active": 10.5, "applications": 8, "appeals": 7.5}
    for block in doc.blocks:
        if isinstance(block, Para):
            p = d.add_paragraph()
            if block.role == "title":
                p.alignment = WD_ALIGN_PARAGRAPH.CENTER
                font(p.add_run(block.text), 18, True, "宋体")
            elif block.role == "sign":
                p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
                font(p.add_run(block.text), 12)
            else:
                p.paragraph_format.first_line_indent = Pt(24)
                font(p.add_run(block.text), 12, block.role == "h1",
                     "黑体" if block.role == "h1" else "仿宋")
            continue
        placed, nrows = layout(block)
        t = d.add_table(rows=nrows, cols=block.ncols)
        t.style = "Table Grid"
        t.autofit = False
        for j, col in enumerate(t.columns):
            col.width = Cm(widths[block.kind][j])
        for row in t.rows:
            for j, c in enumerate(row.cells):
                c.width = Cm(widths[block.kind][j])
        for pc in placed:
            cell = t.cell(pc.row, pc.col)
            if pc.cell.rowspan > 1 or pc.cell.colspan > 1:
                cell = cell.merge(
                    t.cell(pc.row + pc.cell.rowspan - 1, pc.col + pc.cell.colspan - 1)
                )
            para = cell.paragraphs[0]
            para.alignment = WD_ALIGN_PARAGRAPH.CENTER
            font(para.add_run(_cell_text(doc, pc.cell, numbers)), sizes[block.kind],
                 pc.cell.header)
        d.add_paragraph()
    buf = io.BytesIO()
    d.save(buf)
    return normalize_zip(buf.getvalue())


_PDF_DATE = re.compile(rb"\(D:(\d{14})")
_PDF_CHECKSUM = re.compile(rb"/DocChecksum /([0-9A-Fa-f]+)")
_PDF_ID = re.compile(rb"/ID\s*\[\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*\]")


def stabilize_pdf(data: bytes, seed: str, when: date, *, keep_first_id: bool = False) -> bytes:
    """Fix a PDF's dates and /ID (same lengths, offsets stay valid) so reruns match.

    keep_first_id: leave /ID[0] alone (an encrypted PDF's key is derived from it).
    """
    stamp = f"{when.year:04d}{when.month:02d}{when.day:02d}090000".encode()
    data = _PDF_DATE.sub(b"(D:" + stamp, data)
    digest = hashlib.md5(seed.encode("utf-8")).hexdigest().upper().encode() * 4

    def fixed(m: re.Match[bytes]) -> bytes:
        whole, start = m.group(0), m.start()
        a_start, a_end = m.start(1) - start, m.end(1) - start
        b_start, b_end = m.start(2) - start, m.end(2) - start
        first = m.group(1) if keep_first_id else digest[: a_end - a_start]
        second = (m.group(1) if keep_first_id else digest)[: b_end - b_start]
        second = second.ljust(b_end - b_start, b"0")
        return whole[:a_start] + first + whole[a_end:b_start] + second + whole[b_end:]

    data = _PDF_ID.sub(fixed, data)
    return _PDF_CHECKSUM.sub(lambda m: b"/DocChecksum /" + digest[: len(m.group(1))], data)


class ConversionError(RuntimeError):
    """LibreOffice did not produce the converted file."""


def soffice_convert(
    docx_files: dict[str, bytes], target: str, *, timeout: float = 180.0
) -> dict[str, bytes]:
    """Convert DOCX bytes to `target` ("pdf" or "doc") with LibreOffice headless.

    One soffice run for all files, with a private profile directory; raises
    ConversionError if soffice is missing, times out, or leaves a file unconverted.
    """
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        raise ConversionError("soffice not found")
    filt = {"pdf": "pdf:writer_pdf_Export", "doc": 'doc:MS Word 97'}[target]
    with tempfile.TemporaryDirectory(prefix="nianbao_lo_") as tmp:
        tmpdir = Path(tmp)
        src = tmpdir / "src"
        out = tmpdir / "out"
        src.mkdir()
        out.mkdir()
        for name, data in docx_files.items():
            (src / f"{name}.docx").write_bytes(data)
        cmd = [
            soffice,
            f"-env:UserInstallation=file://{tmpdir / 'profile'}",
            "--headless",
            "--norestore",
            "--convert-to",
            filt,
            "--outdir",
            str(out),
            *sorted(str(p) for p in src.iterdir()),
        ]
        try:
            subprocess.run(cmd, check=True, timeout=timeout, capture_output=True)
        except (subprocess.SubprocessError, OSError) as exc:
            raise ConversionError(f"soffice failed: {exc}") from exc
        result = {}
        for name in docx_files:
            path = out / f"{name}.{target}"
            if not path.exists():
                raise ConversionError(f"soffice left {name} unconverted")
            result[name] = path.read_bytes()
        return result
