"""Page noise never makes a version: one test per normalization rule, on real noisy pages."""

from __future__ import annotations

import urllib.request
from pathlib import Path

import pytest

from archive.extract.report import read_document
from archive.normalize import normalize_lines, normalize_text, normalize_url, sections, text_hash
from crawler.sample_portals.server import SamplePortals

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "reports"


def _text(data: bytes) -> str:
    return normalize_text(
        " ".join(c for c in line.cells if c) for line in read_document(data).lines
    )


@pytest.fixture(scope="module")
def portals():
    with SamplePortals() as server:
        yield server


def _get(portals: SamplePortals, path: str) -> bytes:
    with urllib.request.urlopen(portals.url(path)) as answer:
        return answer.read()


ARTICLES = [
    "/minquan/xxgk/ndbg/202201/t20220116_10148.html",  # TRS, GBK labelled utf-8
    "/huaiyin/art/2022/1/24/art_1234_4195.html",  # jcms
    "/generic/zfxxgk/ndbg/2024/3055.html",  # generic
]


@pytest.mark.parametrize("path", ARTICLES)
def test_the_same_page_served_twice_normalizes_the_same(portals: SamplePortals, path: str) -> None:
    first, second = _get(portals, path), _get(portals, path)
    assert first != second  # the visit counter and clock differ
    assert _text(first) == _text(second)


@pytest.mark.parametrize("path", ARTICLES)
def test_a_later_days_page_normalizes_the_same(path: str) -> None:
    with SamplePortals(snapshot=1) as one, SamplePortals(snapshot=2) as two:
        assert _text(_get(one, path)) == _text(_get(two, path))


def test_rule_1_scripts_styles_and_comments_are_not_text() -> None:
    page = (
        "<html><head><style>.x{color:red}</style><script>var visits=123;</script></head><body>"
        "<!-- 2026-11-25 --><h1>某镇2023年政府信息公开工作年度报告</h1><p>一、总体情况</p>"
        "<script>document.write('今天是2026年11月25日')</script><p>全年公开信息12条。</p></body></html>"
    ).encode()
    text = _text(page)
    assert "visits" not in text and "color" not in text and "document.write" not in text
    assert text.splitlines() == [
        "某镇2023年政府信息公开工作年度报告",
        "一、总体情况",
        "全年公开信息12条。",
    ]


def test_rule_2_navigation_and_footer_outside_the_report_are_dropped(
    portals: SamplePortals,
) -> None:
    text = _text(_get(portals, ARTICLES[0]))
    first = text.splitlines()[0]
    assert "年度报告" in first  # the text starts at the report's title, not the nav bar
    assert "首页" not in text and "版权所有" not in text
    assert sections(text).keys() >= {"一", "二", "三", "四", "五", "六"}


def test_rule_3_visit_counters_go() -> None:
    lines = [
        "2023年政府信息公开工作年度报告",
        "一、总体情况 浏览次数：1234 次",
        "访问量: 99 阅读 5",
    ]
    assert normalize_lines(lines) == ["2023年政府信息公开工作年度报告", "一、总体情况"]


def test_rule_4_todays_date_and_clocks_go() -> None:
    lines = [
        "2023年政府信息公开工作年度报告",
        "今天是 2026年11月25日 星期三 08:28:21",
        "一、总体情况",
    ]
    assert normalize_lines(lines) == ["2023年政府信息公开工作年度报告", "一、总体情况"]
    # a date in the report's own text stays
    assert normalize_lines(["一、总体情况 截至2023年12月31日"]) == [
        "一、总体情况 截至2023年12月31日"
    ]


def test_rule_5_page_metadata_lines_go() -> None:
    lines = [
        "2023年政府信息公开工作年度报告",
        "发布时间：2024-01-30 来源：县政府办",
        "一、总体情况",
    ]
    assert normalize_lines(lines) == ["2023年政府信息公开工作年度报告", "一、总体情况"]


def test_rule_6_pdf_page_numbers_go() -> None:
    text = _text((FIXTURES / "real_huaian_2024.pdf").read_bytes())
    assert "-3-" not in text.splitlines()
    assert not any(line.strip() in {"-1-", "-2-", "-4-"} for line in text.splitlines())


def test_rule_7_whitespace_is_collapsed() -> None:
    assert normalize_lines(["一、总体情况\u3000\u3000全年  公开\xa0信息", "", "   "]) == [
        "一、总体情况 全年 公开 信息"
    ]
    assert text_hash("a\nb") != text_hash("a b")


def test_a_real_change_of_text_changes_the_hash() -> None:
    a = normalize_text(["2023年政府信息公开工作年度报告", "一、总体情况", "公开信息137条"])
    b = normalize_text(["2023年政府信息公开工作年度报告", "一、总体情况", "公开信息140条"])
    assert text_hash(a) != text_hash(b)


def test_session_and_cache_tokens_leave_urls() -> None:
    assert normalize_url("http://A.gov.cn/x/a.html;jsessionid=ABC123?t=1700000000") == (
        "http://a.gov.cn/x/a.html"
    )
    assert normalize_url("http://a/downfile.jsp?classid=0&filename=abc&_=17") == (
        "http://a/downfile.jsp?classid=0&filename=abc"
    )


def test_rule_2_a_portal_footer_after_section_six_is_not_report_text() -> None:
    lines = [
        "某县2023年政府信息公开工作年度报告",
        "六、其他需要报告的事项",
        "无。",
        "更新时间：2025-06-30",
        "今日访问 1234",
        "相关文章",
        "某县召开2024年政务公开会议",
    ]
    assert normalize_lines(lines) == [
        "某县2023年政府信息公开工作年度报告",
        "六、其他需要报告的事项",
        "无。",
    ]


def test_rule_3_and_4_counters_with_spaces_and_clocks_after_words() -> None:
    line = "一、总体情况 当前在线10:21 浏览 123 次 本文已被阅读123次"
    assert (
        normalize_lines(["某县2023年政府信息公开工作年度报告", line])[1] == "一、总体情况 当前在线"
    )


@pytest.mark.parametrize(
    "counter",
    [
        "点击次数：17",
        "点击次数: 1 次",
        "阅读数：88",
        "浏览人次：3",
        "查看次数 12",
        "已被浏览 45 次",
        "总访问量：123456",
        "人气：9",
    ],
)
def test_rule_3_every_common_counter_wording_goes(counter: str) -> None:
    """A counter that ticks between two crawls must not make two texts."""
    title = "某县2023年政府信息公开工作年度报告"
    once = normalize_lines([title, f"一、总体情况 {counter}"])
    later = normalize_lines([title, f"一、总体情况 {counter.replace('1', '2').replace('3', '7')}"])
    assert once == later == [title, "一、总体情况"]
