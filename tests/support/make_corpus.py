"""Write the synthetic extraction fixtures into tests/fixtures/reports/.

Run from the repository root: `python -m tests.support.make_corpus [--out DIR]`.

Every fixture `NAME.<ext>` gets a `NAME.truth.json`:

    {"expect": "report" | "not_a_report" | "needs_ocr" | "empty" | "corrupt"
               | "encrypted" | "unsafe" | "conversion_failed",
     "report": {...},            # schema shape without "checks"; only for "report"
     "failed_checks": [...],     # the failed rules, {"rule", "expected", "found"}
     "note": "how it was made"}

Everything is seeded by the fixture's name, so reruns give the same reports and the
same HTML/TXT/DOCX bytes; PDF and DOC come from LibreOffice and differ only in their
timestamps and IDs. Files are written as raw bytes (GBK pages stay GBK). Prefixes
`seed_` and `real_` belong to hand-made fixtures and are never touched here.
"""

from __future__ import annotations

import argparse
import io
import json
import random
import sys
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import Any

from tests.support import render as R
from tests.support.reportgen import (
    expected_failed_checks,
    inconsistent_report,
    random_report,
    shape_errors,
)

DEFAULT_OUT = Path(__file__).resolve().parents[1] / "fixtures" / "reports"
CRAWL_DATE = date(2024, 5, 6)


def rng_for(name: str) -> random.Random:
    """The fixture's own random stream, fixed by its name."""
    return random.Random(zlib.crc32(name.encode("utf-8")))


@dataclass
class ReportFixture:
    """A report fixture: how its data is drawn and how it is rendered."""

    name: str
    fmt: str  # an HTML style, "docx", "pdf", "doc" or "txt"
    template: str
    note: str
    report_kw: dict[str, Any] = field(default_factory=dict)
    breakers: tuple[str, ...] = ()
    numbers: R.NumberStyle = field(default_factory=R.NumberStyle)
    # path -> text written in a cell whose truth is null (e.g. "/")
    not_a_number: dict[tuple[str, ...], str] = field(default_factory=dict)
    # path -> value forced into the report before rendering
    force: dict[tuple[str, ...], Any] = field(default_factory=dict)
    long_prose: bool = False
    page_kw: dict[str, Any] = field(default_factory=dict)
    txt: R.TxtStyle = field(default_factory=R.TxtStyle)

    @property
    def ext(self) -> str:
        return "html" if self.fmt in R.HTML_STYLES else self.fmt


def _set(report: dict[str, Any], path: tuple[str, ...], value: Any) -> None:
    node = report
    for part in path[:-1]:
        node = node[part]
    node[path[-1]] = value


def make_report(
    fx: ReportFixture,
) -> tuple[dict[str, Any], list[dict[str, Any]], R.Document, R.NumberStyle]:
    """Draw the fixture's report and its failed checks, lay it out, pick number style."""
    rng = rng_for(fx.name)
    if fx.breakers:
        report, claimed = inconsistent_report(rng, fx.template, kinds=fx.breakers, **fx.report_kw)
    else:
        report, claimed = random_report(rng, fx.template, **fx.report_kw), []
    for path, value in fx.force.items():
        _set(report, path, value)
    for path in fx.not_a_number:
        _set(report, path, None)
    problems = shape_errors(report)
    if problems:
        raise AssertionError(f"{fx.name}: {problems}")
    failed = expected_failed_checks(report, fx.not_a_number.values())
    arithmetic = [c["rule"] for c in failed if c["rule"] != "cell.not_a_number"]
    if arithmetic != claimed:
        raise AssertionError(f"{fx.name}: oracle {arithmetic} != broken {claimed}")
    numbers = replace(fx.numbers, overrides={**fx.numbers.overrides, **fx.not_a_number})
    doc = R.build_document(report, rng, long_prose=fx.long_prose)
    return report, failed, doc, numbers


def render_fixture(fx: ReportFixture, doc: R.Document, numbers: R.NumberStyle) -> bytes:
    """Bytes for HTML, TXT and DOCX fixtures (PDF/DOC start from the DOCX)."""
    rng = rng_for(fx.name + "/render")
    if fx.fmt in R.HTML_STYLES:
        return R.render_html(doc, fx.fmt, numbers, rng, **fx.page_kw)
    if fx.fmt == "txt":
        return R.render_txt(doc, numbers, fx.txt)
    return R.render_docx(doc, numbers)


TS = R.TxtStyle


def report_fixtures() -> list[ReportFixture]:
    """All synthetic report fixtures."""
    F = ReportFixture
    thousands = R.NumberStyle(thousands=True)
    return [
        # --- TRS WCM, GBK
        F("trs_gbk_2022_county", "trs_gbk", "2021",
          "TRS WCM page, GBK bytes declared gb2312; county numbers with thousands separators",
          {"scale": "county", "year": 2022, "blank_p": 0.0}, numbers=thousands),
        F("trs_gbk_2019_township", "trs_gbk", "2019",
          "TRS WCM page, GBK, 2019 template, township with mostly zeros",
          {"scale": "township", "year": 2019, "blank_p": 0.0}),
        F("trs_gbk_2023_mislabelled_utf8", "trs_gbk", "2021",
          "TRS WCM page whose <meta> says charset=utf-8 while the bytes are GBK",
          {"scale": "department", "year": 2023, "blank_p": 0.0},
          page_kw={"declared": "utf-8"}),
        F("trs_gbk_2020_dept_fullwidth", "trs_gbk", "2019",
          "TRS WCM page, GBK, 2019 template for 2020, numbers in full-width digits",
          {"scale": "department", "year": 2020, "blank_p": 0.0},
          numbers=R.NumberStyle(fullwidth=True)),
        # --- Hanweb jcms, UTF-8
        F("jcms_2021_township", "jcms", "2021", "Hanweb jcms article page (div#zoom), township",
          {"scale": "township", "year": 2021, "blank_p": 0.0}),
        F("jcms_2020_county_2019template", "jcms", "2019",
          "jcms page, 2019 template, county numbers with thousands separators",
          {"scale": "county", "year": 2020, "blank_p": 0.0}, numbers=thousands),
        F("jcms_2022_dept_fullwidth", "jcms", "2021",
          "jcms page with full-width digits (and thousands separators) in the tables",
          {"scale": "department", "year": 2022, "blank_p": 0.0},
          numbers=R.NumberStyle(fullwidth=True, thousands=True)),
        F("jcms_2020_2021template", "jcms", "2021",
          "jcms page: a 2020 report that already uses the 2021 template",
          {"scale": "department", "year": 2020, "blank_p": 0.0}),
        # --- plain UTF-8 <th> tables
        F("plain_2024_bureau", "plain", "2021", "simple UTF-8 page with <th> headers",
          {"scale": "department", "year": 2024, "blank_p": 0.0}),
        F("plain_2019_township_blank_cells", "plain", "2019",
          "many cells left blank (truth null; blank counts as 0 in the checks)",
          {"scale": "township", "year": 2019, "blank_p": 0.6}),
        F("plain_2023_slash_cell", "plain", "2021",
          "the 行政事业性收费 cell holds '/': truth null plus a cell.not_a_number check",
          {"scale": "township", "year": 2023, "blank_p": 0.0},
          not_a_number={("active", "fees", "amount"): "/"}),
        F("plain_2024_fee_yuan", "plain", "2021",
          "fee written in yuan ('251000元') under the 万元 header; truth 25.1 万元",
          {"scale": "county", "year": 2024, "blank_p": 0.0},
          force={("active", "fees", "amount"): 25.1}, numbers=R.NumberStyle(fee_yuan=True)),
        # --- Word HTML pasted into a CMS
        F("wordpaste_2021_county", "wordpaste", "2021",
          "Word paste: labels and numbers split over SPANs, o:p, &nbsp;, uppercase tags",
          {"scale": "county", "year": 2021, "blank_p": 0.0}, numbers=thousands),
        F("wordpaste_2019_dept", "wordpaste", "2019", "Word paste, 2019 template",
          {"scale": "department", "year": 2019, "blank_p": 0.2}),
        F("wordpaste_2022_township_missing_row", "wordpaste", "2021",
          "Word paste; the 行政强制 row is left out of section 二 (absent from active)",
          {"scale": "township", "year": 2022, "blank_p": 0.0, "drop_active": ["coercion"]}),
        F("wordpaste_2023_gbk_inconsistent", "wordpaste", "2021",
          "Word paste saved as GBK; 予以公开 raised so the results sum fails",
          {"scale": "department", "year": 2023, "blank_p": 0.0}, breakers=("results",),
          page_kw={"encoding": "gbk"}),
        # --- DOCX
        F("docx_2021_county", "docx", "2021", "python-docx with merged cells",
          {"scale": "county", "year": 2021, "blank_p": 0.0}),
        F("docx_2019_township", "docx", "2019", "python-docx, 2019 template, township",
          {"scale": "township", "year": 2019, "blank_p": 0.1}),
        F("docx_2022_inconsistent", "docx", "2021",
          "results sum and one appeals total broken on purpose",
          {"scale": "department", "year": 2022, "blank_p": 0.0},
          breakers=("results", "appeals")),
        F("docx_2019_dash_cell", "docx", "2019",
          "行政处罚 处理决定数量 cell holds '—': truth null plus cell.not_a_number",
          {"scale": "department", "year": 2019, "blank_p": 0.0},
          not_a_number={("active", "penalty", "decisions"): "—"}),
        # --- PDF (LibreOffice from the DOCX)
        F("pdf_2021_dept", "pdf", "2021", "LibreOffice PDF of the DOCX rendering",
          {"scale": "department", "year": 2021, "blank_p": 0.0}),
        F("pdf_2019_county", "pdf", "2019", "LibreOffice PDF, 2019 template, county",
          {"scale": "county", "year": 2019, "blank_p": 0.0}),
        F("pdf_2019_pagebreak", "pdf", "2019",
          "long prose before the tables: the section 三 table spans a page break",
          {"scale": "department", "year": 2019, "blank_p": 0.0}, long_prose=True),
        F("pdf_2023_pagebreak", "pdf", "2021",
          "long prose before the tables: the section 三 table spans a page break",
          {"scale": "county", "year": 2023, "blank_p": 0.0}, long_prose=True),
        F("pdf_2020_inconsistent", "pdf", "2021",
          "2020 report on the 2021 template; 本年新收 总计 off so row total and balance fail",
          {"scale": "township", "year": 2020, "blank_p": 0.0}, breakers=("row_total",)),
        # --- DOC (LibreOffice 'MS Word 97' from the DOCX)
        F("doc_2021_township", "doc", "2021", "LibreOffice .doc (Word 97) of the DOCX",
          {"scale": "township", "year": 2021, "blank_p": 0.0}),
        F("doc_2019_county", "doc", "2019", "LibreOffice .doc, 2019 template",
          {"scale": "county", "year": 2019, "blank_p": 0.0}),
        # --- TXT
        F("txt_2021_township", "txt", "2021",
          "flattened text with markdown headings like seed 001; one row lost its leading tabs",
          {"scale": "township", "year": 2021, "blank_p": 0.0},
          txt=TS(markdown=True, drop_leading_empty={("applications", 11)}, ascii_parens=True)),
        F("txt_2019_county", "txt", "2019",
          "flattened text; the section 四 data row has one cell per line",
          {"scale": "county", "year": 2019, "blank_p": 0.0},
          txt=TS(one_cell_per_line={("appeals", 3)})),
        F("txt_2023_inconsistent", "txt", "2021",
          "flattened text; 结转下年度 raised so the balance fails; two section 二 rows one "
          "cell per line",
          {"scale": "department", "year": 2023, "blank_p": 0.0}, breakers=("balance",),
          txt=TS(one_cell_per_line={("active", 2), ("active", 6)})),
    ]


# ---------------------------------------------------------------------------
# bad inputs


def zip_bomb_docx(size: int = 200 * 1024 * 1024) -> bytes:
    """A DOCX whose word/document.xml inflates to `size` bytes of spaces."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        def info(name: str) -> zipfile.ZipInfo:
            zi = zipfile.ZipInfo(name, date_time=(2020, 1, 1, 0, 0, 0))
            zi.compress_type = zipfile.ZIP_DEFLATED
            return zi

        z.writestr(info("[Content_Types].xml"), (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
            'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/word/document.xml" ContentType="application/vnd.'
            'openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'))
        z.writestr(info("_rels/.rels"), (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/'
            '2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>'))
        head = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/'
                b'2006/main"><w:body><w:p><w:r><w:t>')
        tail = b"</w:t></w:r></w:p></w:body></w:document>"
        chunk = b" " * (1024 * 1024)
        with z.open(info("word/document.xml"), "w", force_zip64=True) as f:
            f.write(head)
            left = size - len(head) - len(tail)
            while left > 0:
                f.write(chunk[: min(left, len(chunk))])
                left -= len(chunk)
            f.write(tail)
    return buf.getvalue()


def garbage_ole(rng: random.Random) -> bytes:
    """OLE2 magic followed by junk: not a compound file (byte order mark is wrong)."""
    junk = bytearray(rng.randrange(256) for _ in range(12 * 1024))
    junk[20:22] = b"\x00\x00"  # offset 28 in the file: no 0xFFFE byte order mark
    return bytes.fromhex("D0CF11E0A1B11AE1") + bytes(junk)


def encrypt_pdf(pdf: bytes) -> bytes:
    """The PDF with an RC4-128 user password (needs pypdf, for generation only)."""
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)))
    writer.encrypt(user_password="nianbao-user", owner_password="nianbao-owner",
                   algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def scan_pdf(pdf: bytes) -> bytes:
    """An image-only PDF: the pages of `pdf` rasterised (pdftoppm) and saved by Pillow."""
    import subprocess
    import tempfile

    from PIL import Image

    with tempfile.TemporaryDirectory(prefix="nianbao_scan_") as tmp:
        src = Path(tmp) / "src.pdf"
        src.write_bytes(pdf)
        subprocess.run(["pdftoppm", "-r", "90", "-gray", "-png", "-l", "2", str(src),
                        str(Path(tmp) / "page")], check=True, timeout=120)
        pages = [Image.open(p).convert("L") for p in sorted(Path(tmp).glob("page-*.png"))]
        out = io.BytesIO()
        pages[0].save(out, "PDF", resolution=90.0, save_all=True, append_images=pages[1:],
                      quality=60)
        return out.getvalue()


def notice_page() -> bytes:
    """A jcms news page about compiling the 2023 reports: mentions everything, no report."""
    title = "关于做好2023年度政府信息公开工作年度报告编制工作的通知"
    body = [
        "各乡镇人民政府、街道办事处，县政府各部门：",
        "根据《中华人民共和国政府信息公开条例》和《国务院办公厅政府信息与政务公开办公室关于印发"
        "〈中华人民共和国政府信息公开工作年度报告格式〉的通知》（国办公开办函〔2021〕30号）要求，"
        "现就做好2023年度政府信息公开工作年度报告编制和发布工作通知如下：",
        "一、编制内容。年度报告应包括总体情况、主动公开政府信息情况、收到和处理政府信息公开申请情况、"
        "政府信息公开行政复议和行政诉讼情况、存在的主要问题及改进情况、其他需要报告的事项六个部分，"
        "严格按照统一格式填报表格数据，确保“本年新收政府信息公开申请数量”与“上年结转政府信息公开申请数量”"
        "之和等于“本年度办理结果”与“结转下年度继续办理”之和。",
        "二、发布时间。各单位须于2024年1月31日前在本单位政府信息公开专栏“政府信息公开年报”栏目"
        "发布年度报告，并报县政务公开办备案。",
        "三、工作要求。各单位要高度重视，明确专人负责，认真核对数据，确保年度报告内容真实准确、"
        "格式规范统一，逾期未发布的将在全县政务公开考核中予以扣分。",
        "联系人：王明；联系电话：0393-6601234。",
        "附件：中华人民共和国政府信息公开工作年度报告格式",
        "青溪县人民政府办公室",
        "2023年12月20日",
    ]
    paras = "\n".join(f'<p style="text-indent:2em;">{R._esc(p)}</p>' for p in body)
    return f"""<!DOCTYPE html>
<html>
<head>
<meta charset="utf-8">
<meta name="ArticleTitle" content="{title}">
<meta name="PubDate" content="2023-12-20 16:05">
<title>青溪县人民政府 {title}</title>
</head>
<body>
<div class="header"><a href="/">首页</a> <a href="/col/col1201/index.html">政务公开</a> <a href="/col/col1202/index.html">通知公告</a></div>
<div class="location">当前位置：<a href="/">首页</a> &gt; <a href="/col/col1202/index.html">通知公告</a></div>
<table width="100%"><tr><td class="title" align="center">{title}</td></tr>
<tr><td class="info">发布日期：2023-12-20 浏览次数：<script language="javascript" src="/module/visitcount/articlehits.jsp?colid=1202&artid=889012"></script></td></tr>
<tr><td><div id="zoom"><!--<$[信息内容]>begin-->
{paras}
<p><a href="/module/download/downfile.jsp?filename=nbgs.doc">中华人民共和国政府信息公开工作年度报告格式.doc</a></p>
<!--<$[信息内容]>end--></div></td></tr></table>
<div class="footer">主办单位：青溪县人民政府办公室</div>
</body>
</html>
""".encode()


def budget_page() -> bytes:
    """A TRS GBK page with a 2023 部门预算 table: numbers and years, but no report."""
    rows = [
        ("一、一般公共预算拨款收入", "12,345.67", "一、教育支出", "11,020.45"),
        ("二、政府性基金预算拨款收入", "0", "二、社会保障和就业支出", "1,025.22"),
        ("三、国有资本经营预算拨款收入", "0", "三、卫生健康支出", "300.00"),
        ("收入总计", "12,345.67", "支出总计", "12,345.67"),
    ]
    trs = "\n".join("<tr>" + "".join(f"<td>{c}</td>" for c in r) + "</tr>" for r in rows)
    title = "青溪县教育局2023年部门预算公开"
    page = f"""<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
<html><head>
<meta http-equiv="Content-Type" content="text/html; charset=gb2312" />
<title>{title}_青溪县人民政府</title>
<meta name="ArticleTitle" content="{title}">
<meta name="PubDate" content="2023-02-10 10:00">
<meta name="ColumnName" content="财政预决算">
</head><body>
<div class="position">您当前的位置：<a href="../../">首页</a> &gt; <a href="../">财政信息</a> &gt; <a href="./">部门预算</a></div>
<h1>{title}</h1>
<div class="info">发布时间：2023-02-10 浏览次数：<span id="visitcount">321</span></div>
<div class="TRS_Editor">
<p class="MsoNormal">第一部分 青溪县教育局概况</p>
<p class="MsoNormal">一、主要职能。贯彻执行国家教育工作方针、政策和法律法规，统筹全县各级各类教育发展。</p>
<p class="MsoNormal">第二部分 2023年部门预算情况说明</p>
<p class="MsoNormal">2023年收支总预算12,345.67万元，比2022年增加523.10万元。</p>
<p class="MsoNormal">收支总表（单位：万元）</p>
<table border="1" cellspacing="0">
<tr><th>收入项目</th><th>预算数</th><th>支出项目</th><th>预算数</th></tr>
{trs}
</table>
<p class="MsoNormal">第三部分 名词解释</p>
<p class="MsoNormal">“三公”经费：指用财政拨款安排的因公出国（境）费、公务用车购置及运行费和公务接待费。</p>
</div>
</body></html>
"""
    return page.encode("gbk")


def list_page() -> bytes:
    """A column page listing annual reports: every title says 年度报告, none is one."""
    items = "\n".join(
        f'<li><a href="./{y + 1}02/t{y + 1}0215_{1000 + y}.html">青溪县{d}{y}年政府信息公开工作年度报告'
        f"</a><span>{y + 1}-02-15</span></li>"
        for y in range(2019, 2024)
        for d in ("人民政府", "教育局", "大柳镇人民政府")
    )
    return f"""<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>政府信息公开年报_青溪县人民政府</title></head>
<body>
<div class="position">您当前的位置：<a href="../">首页</a> &gt; <a href="./">政府信息公开年报</a></div>
<ul class="list">
{items}
</ul>
<script>createPage(3, 0, "index", "html");</script>
</body></html>
""".encode()


# ---------------------------------------------------------------------------
# writing


def write_fixture(out: Path, name: str, ext: str, data: bytes, truth: dict[str, Any]) -> None:
    """Write the file (raw bytes) and its truth JSON."""
    if name.startswith(("seed_", "real_")):
        raise ValueError(f"{name}: seed_/real_ fixtures are hand-made, not generated")
    (out / f"{name}.{ext}").write_bytes(data)
    text = json.dumps(truth, ensure_ascii=False, indent=2) + "\n"
    (out / f"{name}.truth.json").write_text(text, encoding="utf-8")


def truth_report(report: dict[str, Any], failed: list[dict[str, Any]], note: str) -> dict[str, Any]:
    return {"expect": "report", "report": report, "failed_checks": failed, "note": note}


def truth_other(expect: str, note: str) -> dict[str, Any]:
    return {"expect": expect, "failed_checks": [], "note": note}


def check_pagebreak(pdf: bytes) -> bool:
    """True when the section 三 table starts on one page and ends on a later one."""
    import pdfplumber

    first = last = None
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        for i, page in enumerate(doc.pages):
            text = (page.extract_text() or "").replace(" ", "")
            if first is None and "本年新收政府信息公开申请数量" in text:
                first = i
            if "结转下年度继续办理" in text:
                last = i
    return first is not None and last is not None and last > first


def build(out: Path, log: Callable[[str], None] = print) -> list[str]:
    """Generate every fixture into `out`; returns the file names written."""
    out.mkdir(parents=True, exist_ok=True)
    written: list[str] = []
    docx_for: dict[str, dict[str, bytes]] = {"pdf": {}, "doc": {}}
    truths: dict[str, dict[str, Any]] = {}
    for fx in report_fixtures():
        report, failed, doc, numbers = make_report(fx)
        truth = truth_report(report, failed, fx.note)
        data = render_fixture(fx, doc, numbers)
        if fx.fmt in ("pdf", "doc"):
            docx_for[fx.fmt][fx.name] = data
            truths[fx.name] = truth
            continue
        write_fixture(out, fx.name, fx.ext, data, truth)
        written.append(f"{fx.name}.{fx.ext}")
    pdfs: dict[str, bytes] = {}
    for target, files in docx_for.items():
        converted = R.soffice_convert(files, target)
        for name, data in converted.items():
            if target == "pdf":
                year = truths[name]["report"]["year"]
                data = R.stabilize_pdf(data, name, date(year + 1, 2, 1))
            note = truths[name]["note"]
            if name.endswith("pagebreak"):
                if not check_pagebreak(data):
                    raise AssertionError(f"{name}: section 三 does not span a page break")
                note += " (checked: 本年新收 and 结转下年度 on different pages)"
            write_fixture(out, name, target, data, {**truths[name], "note": note})
            written.append(f"{name}.{target}")
            if target == "pdf":
                pdfs[name] = data

    base_pdf = pdfs["pdf_2021_dept"]
    bad: list[tuple[str, str, bytes, dict[str, Any]]] = [
        ("empty", "bin", b"", truth_other("empty", "0 bytes")),
        ("pdf_truncated", "pdf", base_pdf[: len(base_pdf) * 2 // 5],
         truth_other("corrupt", "pdf_2021_dept.pdf cut to its first 40% (no xref, no %%EOF)")),
        ("docx_not_a_zip", "docx",
         "这不是一个Word文档。\r\n<html><body>404 Not Found</body></html>\r\n".encode("gbk"),
         truth_other("corrupt", "a .docx that is GBK text (an error page saved under the name)")),
        ("docx_zip_bomb", "docx", zip_bomb_docx(),
         truth_other("unsafe", "valid zip whose word/document.xml inflates to 200 MiB of "
                     "spaces (~1000:1); refuse by declared size/ratio before inflating")),
        ("doc_garbage_ole", "doc", garbage_ole(rng_for("doc_garbage_ole")),
         truth_other("corrupt", "OLE2 magic then 12 KiB of junk (no FFFE byte order mark). "
                     "LibreOffice 'converts' it anyway, as text, to ~800 KB of mojibake: "
                     "validate the compound-file header before converting")),
        ("pdf_scan_no_text", "pdf",
         R.stabilize_pdf(scan_pdf(pdfs["pdf_2019_county"]), "scan", date(2020, 2, 1)),
         truth_other("needs_ocr", "pages 1-2 of pdf_2019_county.pdf rasterised at 90 dpi "
                     "(pdftoppm) and saved as an image-only PDF by Pillow: no text layer")),
        ("notareport_notice_2023", "html", notice_page(),
         truth_other("not_a_report", "jcms notice titled 关于做好2023年度政府信息公开工作年度报告"
                     "编制工作的通知: names the sections and the rule, has no tables")),
        ("notareport_budget_2023", "html", budget_page(),
         truth_other("not_a_report", "TRS GBK page: 2023 部门预算 with a 收支总表 of numbers")),
        ("notareport_list_page", "html", list_page(),
         truth_other("not_a_report", "column list page whose links are all 年度报告 titles")),
    ]
    try:
        encrypted = R.stabilize_pdf(encrypt_pdf(base_pdf), "pdf_encrypted", date(2022, 2, 1),
                                    keep_first_id=True)
        bad.append(("pdf_encrypted", "pdf", encrypted,
                    truth_other("encrypted", "pdf_2021_dept.pdf encrypted by pypdf, RC4-128, "
                                "user password 'nianbao-user'")))
    except ImportError:
        log("pypdf not installed: pdf_encrypted not (re)written")
    for name, ext, data, truth in bad:
        write_fixture(out, name, ext, data, truth)
        written.append(f"{name}.{ext}")
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="target folder")
    args = parser.parse_args(argv)
    written = build(args.out)
    total = sum((args.out / n).stat().st_size for n in written)
    print(f"wrote {len(written)} fixtures ({total / 1e6:.2f} MB) to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
