"""A page's bytes beat its label: UTF-8 bytes under a GB meta are read as UTF-8."""

from __future__ import annotations

from archive.extract import extract_report

from .helpers import html_report


def test_utf8_bytes_under_a_gb2312_meta_are_read_as_utf8() -> None:
    page = html_report(charset="gb2312", encoding="utf-8")
    assert b'charset="gb2312"' in page or b"gb2312" in page
    report = extract_report(page)
    assert report["body"] == "示例县人民政府"
    assert report["active"]["licensing"] == {"decisions": 12}
