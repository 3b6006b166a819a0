"""Hanweb 信息公开 module: a report page per body and year, attachments as plain links."""

from __future__ import annotations

from crawler.families import detect_family
from crawler.families.hanweb_xxgk import HanwebXxgkFamily
from tests.crawler.families.frozen import frozen

PAGE = (
    "http://www.zoucheng.gov.cn/module/xxgk/xxgkAnnualReport.jsp"
    "?area=11370883004325769B&fbtime=2010"
)


def test_frozen_report_page_lists_its_files_and_the_other_years() -> None:
    response = frozen("hanweb_xxgk", "xxgkAnnualReport_fbtime2010.html", PAGE)
    assert detect_family(response.text, response.url) == "hanweb_xxgk"
    page = HanwebXxgkFamily().read(response.text, response.url, {})
    entries = [link for link in page.links if link.entry]
    files = [(link.title, link.article) for link in entries if link.article]
    assert files == [
        ("唐村镇2010年政府信息公开工作年度报告.pdf", PAGE),
        ("唐村镇2010年政府信息公开工作年度报告.docx", PAGE),
    ]
    years = sorted(link.url.rsplit("=", 1)[1] for link in entries if not link.article)
    assert years == ["2009", "2011"]  # this page's own year is not listed again
    assert page.next_requests == []


def test_scope_is_the_module_folder() -> None:
    scope = HanwebXxgkFamily.default_scope(PAGE)
    assert scope.allows_page("http://www.zoucheng.gov.cn/module/xxgk/xxgkAnnualReport.jsp?fbtime=1")
    assert not scope.allows_page("http://www.zoucheng.gov.cn/col/col1/index.html")
