"""Guangdong gkmlpt: the platform page names SID and the 年报 category; the JSON API lists."""

from __future__ import annotations

from crawler.families import detect_family
from crawler.families.gkmlpt import GkmlptFamily, report_categories
from tests.crawler.families.frozen import frozen

INDEX = "https://www.dabu.gov.cn/mzdpshzzf/gkmlpt/index"
API = "https://www.dabu.gov.cn/mzdpshzzf/gkmlpt/api/all/2590?page=1&sid=755212"


def test_platform_page_asks_the_api_for_the_report_category() -> None:
    response = frozen("gkmlpt", "index.html", INDEX)
    assert detect_family(response.text, response.url) == "gkmlpt"
    assert report_categories(response.text) == ["2590"]
    page = GkmlptFamily().read(response.text, response.url, {})
    assert [r.url for r in page.next_requests] == [API]
    assert not [link for link in page.links if link.entry]


def test_a_category_from_the_source_setting_or_url() -> None:
    response = frozen("gkmlpt", "index.html", INDEX)
    page = GkmlptFamily().read(response.text, response.url, {"nianbao_settings": {"category": 77}})
    assert [r.url.split("?")[0].rsplit("/", 1)[1] for r in page.next_requests] == ["77"]
    page = GkmlptFamily().read(response.text, response.url, {"nianbao_source_url": INDEX + "#3001"})
    assert [r.url.split("?")[0].rsplit("/", 1)[1] for r in page.next_requests] == ["3001"]


def test_api_answer_articles_dates_attachments_and_further_pages() -> None:
    response = frozen("gkmlpt", "api_all_2590_page1.json", API)
    page = GkmlptFamily().read(response.text, response.url, {})
    got = [(link.title, link.date, link.url.rsplit("/", 1)[1], link.article) for link in page.links]
    post = "https://www.dabu.gov.cn/mzdpshzzf/gkmlpt/content/2/2590/post_2590436.html"
    assert got == [
        ("大埔县三河镇2023年政府信息公开工作年度报告", "2024-01-23", "post_2590436.html", None),
        ("大埔县三河镇2023年政府信息公开工作年度报告.pdf", None, "2590436.pdf", post),
        ("大埔县三河镇政府信息公开工作年度报告", "2023-01-20", "post_2401120.html", None),
        (
            "一图读懂大埔县三河镇2022年政府信息公开工作年度报告",
            "2023-01-19",
            "post_2401100.html",
            None,
        ),
    ]
    assert page.links[1].url == "https://www.dabu.gov.cn/attachment/0/529/529871/2590436.pdf"
    assert all(link.entry for link in page.links)
    # 23 posts, 3 on this page: pages 2 … 8, asked only from page 1
    assert [r.url.split("page=")[1].split("&")[0] for r in page.next_requests] == [
        str(n) for n in range(2, 9)
    ]
    later = GkmlptFamily().read(response.text, page.next_requests[0].url, {})
    assert later.next_requests == []


def test_a_broken_answer_gives_nothing() -> None:
    assert GkmlptFamily().read("{not json", API, {}).links == []


def test_a_config_written_as_json_with_quoted_keys() -> None:
    html = (
        '<script>window._CONFIG = {"SID": "755231", "TREE": [{"id": 3783, "name": "政策文件"},'
        ' {"id": 3790, "name": "政府信息公开年报", "parent": 0}]};</script>'
    )
    url = "http://a.gov.cn/c01/zwgk/gkmlpt/index"
    assert detect_family(html, "http://a.gov.cn/c01/zwgk/") == "gkmlpt"
    page = GkmlptFamily().read(html, url, {"nianbao_source_url": url + "#3790"})
    assert [r.url for r in page.next_requests] == [
        "http://a.gov.cn/c01/zwgk/gkmlpt/api/all/3790?page=1&sid=755231"
    ]
    assert report_categories(html) == ["3790"]
