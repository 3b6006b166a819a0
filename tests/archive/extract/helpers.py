"""Small report documents written inline, for tests that specify one behaviour each."""

from __future__ import annotations

from pathlib import Path

SEEDS = Path("/work/shared/seeds")
REAL_PDF = Path("/work/shared/real/huaian-2024-city.pdf")
CORPUS = Path(__file__).resolve().parents[2] / "fixtures" / "reports"

APPLICATION_LABELS_2021 = [
    ("一、本年新收政府信息公开申请数量", None),
    ("二、上年结转政府信息公开申请数量", None),
    ("（一）予以公开", "三、本年度办理结果"),
    ("（二）部分公开（区分处理的，只计这一情形，不计其他情形）", None),
    ("1.属于国家秘密", "（三）不予公开"),
    ("2.其他法律行政法规禁止公开", None),
    ("3.危及“三安全一稳定”", None),
    ("4.保护第三方合法权益", None),
    ("5.属于三类内部事务信息", None),
    ("6.属于四类过程性信息", None),
    ("7.属于行政执法案卷", None),
    ("8.属于行政查询事项", None),
    ("1.本机关不掌握相关政府信息", "（四）无法提供"),
    ("2.没有现成信息需要另行制作", None),
    ("3.补正后申请内容仍不明确", None),
    ("1.信访举报投诉类申请", "（五）不予处理"),
    ("2.重复申请", None),
    ("3.要求提供公开出版物", None),
    ("4.无正当理由大量反复申请", None),
    ("5.要求行政机关确认或重新出具已获取信息", None),
    ("1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请", "（六）其他处理"),
    ("2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请", None),
    ("3.其他", None),
    ("（七）总计", None),
    ("四、结转下年度继续办理", None),
]


def _tr(cells: list[str], attrs: list[str] | None = None) -> str:
    attrs = attrs or [""] * len(cells)
    return "<tr>" + "".join(f"<td{a}>{c}</td>" for c, a in zip(cells, attrs, strict=True)) + "</tr>"


def html_report(
    *,
    title: str = "示例县人民政府2021年政府信息公开工作年度报告",
    active_rows: dict[str, list[str]] | None = None,
    fee_header: str = "本年收费金额（单位：万元）",
    app_cells: dict[int, list[str]] | None = None,
    appeals: list[str] | None = None,
    charset: str = "utf-8",
    encoding: str = "utf-8",
    extra_head: str = "",
) -> bytes:
    """A 2021-template report page with real rowspan/colspan tables.

    ``active_rows`` maps a section 二 label to its cells (a label left out is a row
    the report leaves out); ``app_cells`` maps a section 三 row number to its 7
    cells (default all ``0``); ``appeals`` the 15 cells of section 四.
    """
    if active_rows is None:
        active_rows = {
            "规章": ["0", "0", "0"], "行政规范性文件": ["1", "0", "5"],
            "行政许可": ["12"], "行政处罚": ["3"], "行政强制": ["0"], "行政事业性收费": ["1.5"],
        }
    blocks = [("第二十条第（一）项", ["本年制发件数", "本年废止件数", "现行有效件数"],
               ["规章", "行政规范性文件"]),
              ("第二十条第（五）项", ["本年处理决定数量"], ["行政许可"]),
              ("第二十条第（六）项", ["本年处理决定数量"], ["行政处罚", "行政强制"]),
              ("第二十条第（八）项", [fee_header], ["行政事业性收费"])]
    active = ["<table border=1>"]
    for head, cols, labels in blocks:
        active.append(_tr([head], [' colspan="4"']))
        active.append(_tr(["信息内容", *cols]))
        active.extend(_tr([label, *active_rows[label]]) for label in labels if label in active_rows)
    active.append("</table>")
    app_cells = app_cells or {}
    apps = [
        "<table border=1>",
        '<tr><td rowspan="3" colspan="3">（本列数据的勾稽关系为：第一项加第二项之和，'
        '等于第三项加第四项之和）</td><td colspan="7">申请人情况</td></tr>',
        '<tr><td rowspan="2">自然人</td><td colspan="5">法人或其他组织</td>'
        '<td rowspan="2">总计</td></tr>',
        "<tr><td>商业企业</td><td>科研机构</td><td>社会公益组织</td><td>法律服务机构</td>"
        "<td>其他</td></tr>",
    ]
    for i, (label, group) in enumerate(APPLICATION_LABELS_2021):
        cells = app_cells.get(i, ["0"] * 7)
        if i in (0, 1, 23, 24):
            apps.append(_tr([label, *cells], [' colspan="3"'] + [""] * len(cells)))
        elif i in (2, 3):
            lead = ['<td rowspan="23">三、本年度办理结果</td>'] if i == 2 else []
            apps.append("<tr>" + "".join(lead) + f'<td colspan="2">{label}</td>'
                        + "".join(f"<td>{c}</td>" for c in cells) + "</tr>")
        else:
            lead = f'<td rowspan="3">{group}</td>' if group else ""
            apps.append("<tr>" + lead + f"<td>{label}</td>"
                        + "".join(f"<td>{c}</td>" for c in cells) + "</tr>")
    apps.append("</table>")
    appeals = appeals or ["0"] * 15
    heads = "".join(f"<td>{h}</td>" for h in ("结果维持", "结果纠正", "其他结果", "尚未审结", "总计"))
    appeal_table = (
        '<table border=1><tr><td colspan="5">行政复议</td><td colspan="10">行政诉讼</td></tr>'
        f'<tr>{heads.replace("<td>", "<td rowspan=2>")}<td colspan="5">未经复议直接起诉</td>'
        f'<td colspan="5">复议后起诉</td></tr><tr>{heads}{heads}</tr>'
        + _tr(appeals) + "</table>"
    )
    page = f"""<!DOCTYPE html><html><head><meta charset="{charset}">{extra_head}
<title>{title}_示例县人民政府网</title></head><body>
<div class="nav">首页 &gt; 政务公开 &gt; 政府信息公开年度报告</div>
<h1>{title}</h1>
<p>本报告所列数据的统计期限自2021年1月1日起至2021年12月31日止。</p>
<p><strong>一、总体情况</strong></p><p>2021年，我县……</p>
<p><strong>二、主动公开政府信息情况</strong></p>{"".join(active)}
<p><strong>三、收到和处理政府信息公开申请情况</strong></p>{"".join(apps)}
<p><strong>四、政府信息公开行政复议、行政诉讼情况</strong></p>{appeal_table}
<p><strong>五、存在的主要问题及改进情况</strong></p><p>……</p>
<p>示例县人民政府</p><p>2022年1月20日</p>
</body></html>"""
    return page.encode(encoding)
