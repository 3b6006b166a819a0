"""Anhui OpennessContent lists: table rows, ``page_N.html`` pages counted by 共N页."""

from __future__ import annotations

from crawler.families import detect_family
from crawler.families.openness import OpennessFamily, list_pages
from tests.crawler.families.frozen import frozen

LIST = "http://www.guoyang.gov.cn/OpennessContent/showList/785/0/page_1.html"


def test_frozen_list_rows_and_pages() -> None:
    response = frozen("openness", "showList_785_0_page_1.html", LIST)
    assert detect_family(response.text, response.url) == "openness"
    page = OpennessFamily().read(response.text, response.url, {})
    entries = [
        (link.url.split(".cn")[1], link.title, link.date) for link in page.links if link.entry
    ]
    assert entries == [
        (
            "/XxgkAnnualReport/show/5813.html",
            "涡阳县教育局2023年政府信息公开工作年度报告",
            "2024-01-16",
        ),
        (
            "/XxgkAnnualReport/show/5811.html",
            "涡阳县人民政府政府信息公开工作年度报告",
            "2024-01-15",
        ),
        (
            "/OpennessContent/show/2866913.html",
            "涡阳县召开2023年度政府信息公开工作会议",
            "2024-01-10",
        ),
    ]
    assert [r.url.rsplit("/", 1)[1] for r in page.next_requests] == ["page_2.html", "page_3.html"]
    assert (
        OpennessFamily().read(response.text, response.url, page.next_requests[0].meta).next_requests
        == []
    )


def test_scope_is_the_site_prefix_before_the_platform() -> None:
    scope = OpennessFamily.default_scope(
        "https://www.tltg.gov.cn/openness/OpennessContent/showList/1283/0/page_1.html"
    )
    assert scope.allows_page("https://www.tltg.gov.cn/openness/OpennessAnnualReport/show/3935.html")
    assert not scope.allows_page("https://www.tltg.gov.cn/news/1.html")


def test_department_lists_and_count_variables() -> None:
    url = "http://x.gov.cn/BranchOpennessContent/showList/10374/0/page_1.html"
    assert list_pages("<script>var totalPage = 2;</script>", url) == [
        "http://x.gov.cn/BranchOpennessContent/showList/10374/0/page_1.html",
        "http://x.gov.cn/BranchOpennessContent/showList/10374/0/page_2.html",
    ]
