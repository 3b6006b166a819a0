"""The evidence ladder outside the document: list titles, URLs, publication dates, and
the registry; one test per real counter-example of shared/real/report-years.md."""

from __future__ import annotations

from datetime import date

import pytest

from archive.attribution import BodyIndex
from archive.evidence import decide, published_year, url_years

INDEX = BodyIndex(
    [
        (1, "田黄镇人民政府", ["田黄镇"], "370883"),
        (2, "长通街道办事处", ["长通街道"], "220105"),
        (3, "白银区人民路街道办事处", ["人民路街道"], "620402"),
        (4, "汉台区农业农村局", [], "610702"),
        (5, "岐山县教育体育局", [], "610323"),
        (6, "北关镇人民政府", ["北关镇"], "411421101"),
        (7, "绿洲街道办事处", ["绿洲街道"], "411421001"),
    ]
)


def _decide(
    document: dict | None = None,
    *,
    list_title: str | None = None,
    page_title: str | None = None,
    url: str | None = None,
    published: date | None = None,
):
    return decide(
        document or {},
        list_title=list_title,
        page_title=page_title,
        urls=(url,),
        published=published,
        index=INDEX,
    )


def test_stale_title_year_loses_to_period_and_url_parameter() -> None:
    # 田黄镇: 《田黄镇2020年…》, data 2021-01-01..12-31, fbtime=2021
    d = _decide(
        {"years": {"period": 2021}, "bodies": {}},
        list_title="田黄镇2020年政府信息公开工作年度报告",
        url="http://zoucheng.gov.cn/module/xxgk/xxgkAnnualReport.jsp?area=113708830043262784&fbtime=2021",
    )
    assert (d.year, d.year_basis) == (2021, "period")
    assert d.year_conflicts == [["list_title", 2020]]
    assert d.body is not None and d.body.name == "田黄镇人民政府"


def test_report_named_by_its_publication_year() -> None:
    # 长通街道: named 2024, published January 2024, covering 2023
    d = _decide(
        {"years": {"title": 2024, "period": 2023}, "bodies": {"title": "长通街道"}},
        published=date(2024, 1, 15),
    )
    assert d.year == 2023
    assert d.year_conflicts == [["title", 2024]]


def test_folder_year_is_trusted_only_when_nothing_better_exists() -> None:
    # 白银区: the 2023 report lives in …/zfxxgknb/2022n/art/2024/…, listed 2024-01-05
    url = "https://www.baiyinqu.gov.cn/XZJDBMDW/xzjd/rmljdbsc/zfxxgknb/2022n/art/2024/art_3abf.html"
    assert url_years(url) == {"url_folder": 2022}
    d = _decide(url=url, published=date(2024, 1, 5), list_title="人民路街道政府信息公开工作年度报告")
    assert (d.year, d.year_basis) == (2023, "published")
    # 汉台区 keeps filing into /xxgknb/2019/: the 2025 report of a bureau, January 2026
    d = _decide(
        url="http://x/zwgk/xxgknb/2019/bmxx/202601/t20260120_1.html",
        published=date(2026, 1, 20),
        list_title="汉台区农业农村局政府信息公开工作年度报告",
    )
    assert d.year == 2025 and d.body is not None and d.body.body_id == 4
    # with nothing else, the folder decides
    assert _decide(url="http://x/zfxxgknb/2023n/xzjd/index_1.html").year == 2023


@pytest.mark.parametrize(
    ("url", "year"),
    [
        ("http://www.weishan.gov.cn/module/xxgk/xxgkAnnualReport.jsp?area=113708260043292687&fbtime=2020", 2020),
        ("http://pingwu.gov.cn/public/column/12651?type=3&nav=5&sub=4&timeFrame=2021&hasContent=true", 2021),
        ("http://yngm.gov.cn/zfxxgk_gmx_sfj/artview/195/172227.html?nbYear=2021&orgCode=A01A07A02A08", 2021),
    ],
)
def test_year_only_in_the_url(url: str, year: int) -> None:
    d = _decide(url=url, list_title="政府信息公开工作年度报告", published=date(year + 1, 3, 14))
    assert (d.year, d.year_basis) == (year, "url_param")


@pytest.mark.parametrize(
    ("published", "year"),
    [
        (date(2022, 1, 20), 2021),  # a 2021 report published 2022-01-20 is 2021, not 2022
        (date(2021, 4, 9), 2020),  # 五蛟镇, late
        (date(2023, 6, 30), 2022),
        (date(2020, 9, 3), None),  # 鄂尔多斯 2019 report listed in September: unknowable
        (date(2022, 12, 22), None),  # 平陆 "2022年度" published before the year ended
    ],
)
def test_publication_date_is_the_last_rung(published: date, year: int | None) -> None:
    assert published_year(published) == year
    d = _decide(list_title="北关镇政府信息公开工作年度报告", published=published)
    assert d.year == year
    assert d.year_basis == ("published" if year else None)


def test_a_title_year_beats_the_publication_date() -> None:
    d = _decide(list_title="北关镇2023年政府信息公开工作年度报告", published=date(2024, 2, 28))
    assert (d.year, d.year_basis) == (2023, "list_title")
    assert d.year_conflicts == []


def test_body_from_the_list_title_when_the_document_names_none() -> None:
    # 岐山县教育体育局 names its report only "2023年政府信息公开工作年度报告"
    d = _decide(
        {"years": {"title": 2023, "period": 2023}, "bodies": {}},
        list_title="岐山县教育体育局2023年政府信息公开工作年度报告",
    )
    assert (d.name, d.body_basis, d.year) == ("岐山县教育体育局", "list_title", 2023)


def test_the_line_above_a_title_is_a_weaker_rung_than_the_list_title() -> None:
    # a site banner above "2023年政府信息公开工作年度报告" is not the body
    d = _decide(
        {"years": {"title": 2023}, "bodies": {"title_prev": "民权县人民政府"}},
        list_title="绿洲街道2023年政府信息公开工作年度报告",
    )
    assert (d.name, d.body_basis) == ("绿洲街道办事处", "list_title")


def test_two_registered_bodies_named_is_a_conflict() -> None:
    d = _decide(
        {"years": {"title": 2023}, "bodies": {"title": "北关镇"}},
        list_title="绿洲街道2023年政府信息公开工作年度报告",
    )
    assert d.name == "北关镇人民政府"
    assert d.body_conflicts == [["list_title", "绿洲街道办事处"]]


def test_an_unregistered_body_keeps_its_own_name() -> None:
    d = _decide({"years": {"title": 2022}, "bodies": {"title": "县政府办"}})
    assert (d.body, d.name, d.body_basis) == (None, "县政府办", "title")


def test_interpretation_titles_are_not_evidence() -> None:
    d = _decide(list_title="关于北关镇2023年政府信息公开工作年度报告的解读")
    assert (d.year, d.name) == (None, None)


def test_publisher_field_names_the_body_when_no_title_does() -> None:
    # S08: "2023年政府信息公开工作年度报告" listed and titled without a body
    d = decide(
        {"years": {"title": 2023}, "bodies": {"title_prev": "民权县人民政府网"}},
        list_title="2023年政府信息公开工作年度报告",
        page_title=None,
        urls=(None,),
        published=None,
        index=INDEX,
        publisher="岐山县教育体育局",
    )
    assert (d.name, d.body_basis) == ("岐山县教育体育局", "publisher")


def test_publisher_and_source_never_name_an_unregistered_body() -> None:
    d = decide(
        {"years": {"title": 2023}, "bodies": {}},
        list_title=None,
        page_title=None,
        urls=(None,),
        published=None,
        index=INDEX,
        publisher="本网",
        source_body="某不存在的局",
    )
    assert (d.body, d.name, d.body_basis) == (None, None, None)


def test_a_source_registered_for_one_body_is_the_last_rung() -> None:
    d = decide(
        {"years": {"title": 2023}, "bodies": {}},
        list_title="2023年政府信息公开工作年度报告",
        page_title=None,
        urls=(None,),
        published=None,
        index=INDEX,
        source_body="汉台区农业农村局",
    )
    assert (d.name, d.body_basis) == ("汉台区农业农村局", "source")


@pytest.mark.parametrize(
    ("title", "url", "published", "year"),
    [
        # report-years.md §5: re-published under a new URL; the visible date is the claim
        ("大东区前进街道2020年度政府信息公开工作年度报告",
         "http://sydd.gov.cn/zwgk/202208/t20220808_3813910.html", date(2021, 1, 26), 2020),
        # 四平 解放街道: 2011 report, 发布日期 2011-12-31, URL t20180212
        ("四平市铁东区人民政府解放街道办事处2011年政府信息公开工作年度报告",
         "http://x/ndbg/201802/t20180212_201434.html", date(2011, 12, 31), 2011),
        # 2009年度下管镇… back-filled six years later (公开日期 2015-07-27)
        ("2009年度下管镇政府信息公开年度报告", "http://x/art/2015/7/27/art_1_2.html",
         date(2015, 7, 27), 2009),
        # 县信访局 2023 report published late, 28 Feb 2024
        ("县信访局2023年政府信息公开年度报告", "http://x/gkndbg/20240228/i3264330.html",
         date(2024, 2, 28), 2023),
    ],
)
def test_republished_and_late_reports_keep_their_title_year(
    title: str, url: str, published: date, year: int
) -> None:
    d = _decide(list_title=title, url=url, published=published)
    assert (d.year, d.year_basis) == (year, "list_title")
