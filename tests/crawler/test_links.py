"""Which links the spider follows: report candidates, attachments, mobile duplicates."""

from __future__ import annotations

import pytest

from crawler.links import Scope, is_attachment, is_report_candidate, is_wap_duplicate


@pytest.mark.parametrize(
    "title",
    [
        "民权县人民政府2021年政府信息公开工作年度报告",
        "北关镇2022年度政府信息公开工作年度报告",
        "2019年 民权县教育局 政府信息公开 年报",
        "政府信息公开工作年度报告（2023年）",
        "关于报送2023年度政府信息公开工作年度报告的通知",  # fetched; the extractor says noise
    ],
)
def test_titles_naming_an_annual_report_and_a_year_are_candidates(title: str) -> None:
    assert is_report_candidate(title)


@pytest.mark.parametrize(
    "title",
    [
        "2024年度部门预算公开",
        "政府信息公开工作年度报告",
        "民权县2023年国民经济和社会发展统计公报",
        "首页",
    ],
)
def test_other_titles_are_not(title: str) -> None:
    assert not is_report_candidate(title)


@pytest.mark.parametrize(
    ("url", "text", "expected"),
    [
        ("http://a/xxgk/ndbg/202201/P020220131123.pdf", "", True),
        ("http://a/x/report.DOCX", "", True),
        ("http://a/x/report.wps", "", True),
        ("http://a/module/download/downfile.jsp?classid=0&filename=abc123", "年报", True),
        ("http://a/x/getattach?id=5", "民权县2021年年报.doc", True),
        ("http://a/xxgk/ndbg/202201/t20220131_123.html", "年报", False),
    ],
)
def test_attachments_by_extension_download_path_or_link_text(
    url: str, text: str, expected: bool
) -> None:
    assert is_attachment(url, text) is expected


def test_mobile_duplicates_are_recognised() -> None:
    assert is_wap_duplicate("http://a/ndbg/202201/t20220131_123_wap.html")
    assert is_wap_duplicate("http://a/wap/ndbg/t20220131_123.html")
    assert not is_wap_duplicate("http://a/ndbg/202201/t20220131_123.html")


def test_scope_keeps_pages_under_the_column_and_attachments_on_the_host() -> None:
    scope = Scope("gov.example:80", ("/minquan/xxgk/ndbg/",))
    assert scope.allows_page("http://gov.example:80/minquan/xxgk/ndbg/202201/t1.html")
    assert not scope.allows_page("http://gov.example:80/minquan/news/t1.html")
    assert not scope.allows_page("http://other.example/minquan/xxgk/ndbg/t1.html")
    assert scope.allows_attachment("http://gov.example:80/uploadfiles/a.pdf")


def test_pages_that_cannot_link_a_document_are_not_parsed_for_links() -> None:
    from crawler.links import may_link_a_document

    assert may_link_a_document(b"<a href='./P0202401.PDF'>")
    assert may_link_a_document(b"<a href='/module/download/downfile.jsp?filename=x'>")
    assert may_link_a_document("<a href='x.html'>年报.docx</a>".encode())
    assert not may_link_a_document("<a href='../index.html'>返回</a><p>一、总体情况</p>".encode())
