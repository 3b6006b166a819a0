"""Formats are told apart by their bytes, and every reader yields the same report.

HTML comes in GBK, GB2312, GB18030 and UTF-8, also when the declared charset is
wrong; PDF, DOCX and text are read by their own readers; the file name never
matters.
"""

from __future__ import annotations

import io

import pytest

from archive.extract import extract_report
from archive.extract.detect import BINARY, HTML, OLE, PDF, RTF, TEXT, ZIP, detect_format
from archive.extract.errors import NotAReport

from .helpers import REAL_PDF, SEEDS, html_report


@pytest.mark.parametrize(
    ("head", "kind"),
    [
        (b"%PDF-1.7\n", PDF),
        (b"PK\x03\x04rest", ZIP),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, OLE),
        (b"{\\rtf1\\ansi", RTF),
        (b"<!DOCTYPE html><html><body></body></html>", HTML),
        (b"\xef\xbb\xbf<html><body>x</body></html>", HTML),
        ("<html><body>报告</body></html>".encode("utf-16"), HTML),
        ("一、总体情况\n二、主动公开".encode("gbk"), TEXT),
        (b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR", BINARY),
    ],
)
def test_format_is_read_from_the_bytes(head: bytes, kind: str) -> None:
    assert detect_format(head) == kind


@pytest.mark.parametrize(
    ("charset", "encoding"),
    [("gbk", "gbk"), ("gb2312", "gbk"), ("GB18030", "gb18030"), ("utf-8", "utf-8"),
     # the declared charset is wrong: the bytes are GBK
     ("utf-8", "gbk"), ("iso-8859-1", "gbk")],
)
def test_html_in_every_chinese_encoding_gives_the_same_report(charset: str, encoding: str) -> None:
    report = extract_report(html_report(charset=charset, encoding=encoding))
    assert report["body"] == "示例县人民政府"
    assert report["active"]["licensing"] == {"decisions": 12}
    assert report["applications"]["new"]["total"] == 0


def test_html_without_any_declared_charset_is_decoded_as_gb18030_when_not_utf8() -> None:
    page = html_report().replace(b'<meta charset="utf-8">', b"")
    gbk = page.decode("utf-8").encode("gbk")
    assert extract_report(gbk)["body"] == "示例县人民政府"


@pytest.mark.parametrize("seed", sorted(p.name for p in SEEDS.glob("*.txt")))
def test_text_in_utf8_gb18030_and_utf16_reads_alike(seed: str) -> None:
    text = (SEEDS / seed).read_bytes().decode("utf-8")
    reports = [
        extract_report(data)
        for data in (text.encode("utf-8"), text.encode("gb18030"), text.encode("utf-16"),
                     b"\xef\xbb\xbf" + text.encode("utf-8"))
    ]
    assert all(r == reports[0] for r in reports)


def test_docx_body_is_read_from_document_xml() -> None:
    docx = pytest.importorskip("docx")
    d = docx.Document()
    d.add_paragraph("某某镇人民政府2022年政府信息公开工作年度报告")
    d.add_paragraph("二、主动公开政府信息情况")
    t = d.add_table(rows=2, cols=4)
    for cell, text in zip(t.rows[0].cells, ["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"],
                          strict=True):
        cell.text = text
    for cell, text in zip(t.rows[1].cells, ["规章", "１", "2", ""], strict=True):
        cell.text = text
    buf = io.BytesIO()
    d.save(buf)
    report = extract_report(buf.getvalue())
    assert (report["body"], report["year"]) == ("某某镇人民政府", 2022)
    assert report["active"] == {"regulations": {"issued": 1, "repealed": 2, "in_force": None}}


def test_real_wps_pdf_table_split_across_pages() -> None:
    report = extract_report(REAL_PDF.read_bytes())
    assert (report["body"], report["year"], report["template"]) == ("淮安市人民政府", 2024, "2021")
    apps = report["applications"]
    # 1. is the last row on page 4; 2. and 3. continue on page 5 after "-4-".
    assert apps["unable_not_held"]["total"] == 769
    assert apps["unable_needs_creation"]["natural_person"] == 11
    assert apps["unable_unclear"]["total"] == 1
    # labels wrapped over three lines with the figures on the middle one
    assert apps["other_no_correction"]["total"] == 71
    assert report["active"]["fees"] == {"amount": 96171.6}
    assert [c for c in report["checks"] if not c["ok"]] == []


def test_a_gkmlpt_page_is_read_from_the_content_its_script_carries() -> None:
    """gkmlpt post pages are an empty app div plus window._CONFIG.DETAIL.content, the
    article as a JSON string with \\u003C-escaped tags (shared/real list-pages.md §4)."""
    import json
    import re

    page = html_report().decode("utf-8")
    body = re.search(r"<body>(.*)</body>", page, re.S)
    assert body is not None
    # a key that ends in "content" comes first: only the key named content is the article
    detail = json.dumps({"id": 2590436, "title": "示例县人民政府2021年政府信息公开工作年度报告",
                         "subcontent": "<p>摘要</p>", "content": body.group(1)},
                        ensure_ascii=False)
    detail = detail.replace("<", "\\u003C").replace(">", "\\u003E")
    gk = ('<!DOCTYPE html><html><head><meta charset="utf-8"><title>示例县人民政府2021年政府信息公开'
          '工作年度报告</title></head><body><div id="app"></div><script>window._CONFIG = '
          f"{{ SID: '755030', DETAIL: {detail} }};</script></body></html>").encode()
    report = extract_report(gk)
    assert report["body"] == "示例县人民政府"
    assert report["active"]["licensing"] == {"decisions": 12}
    empty = gk.replace(b"window._CONFIG", b"window._OTHER")
    with pytest.raises(NotAReport):  # without the script there is nothing to read
        extract_report(empty)
