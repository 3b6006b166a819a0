"""The corpus's bad inputs: files that are not (readable) reports.

A zip-bomb DOCX, an OLE2 file of junk, an encrypted and an image-only PDF (made from
a rendered report), and three real-looking pages that mention annual reports without
being one (a notice, a budget table, a column list page).
"""

from __future__ import annotations

import io
import random
import zipfile
from pathlib import Path

from tests.support import render as R


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
