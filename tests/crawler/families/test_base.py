"""Listed entries told from page chrome, and listed dates with or without a year."""

from __future__ import annotations

import pytest
from parsel import Selector

from crawler.families.base import Family, listed_date

BASE = "http://a.gov.cn/xxgk/zfxxgknb/index.html"


def _entries(html: str) -> list[tuple[str, str | None]]:
    return [
        (link.title, link.date)
        for link in Family.anchor_links(Selector(text=html), BASE)
        if link.entry
    ]


def test_rows_with_dates_are_entries_menus_and_footers_are_not() -> None:
    html = """<div class="nav"><ul><li><a href="/">首页</a></li><li><a href="/xxgk/">信息公开</a></li></ul></div>
    <div class="pos">当前位置：<a href="/">首页</a> &gt; <a href="./">政府信息公开年报</a></div>
    <ul class="list">
      <li><a href="show.jsp?x=1">下各镇2023年度政府信息公开工作年度报告</a><span>2024-01-16</span></li>
      <li><a href="/a/b">北关镇政府信息公开工作年度报告</a><span>[09-25]</span></li>
    </ul>
    <div class="foot"><a href="/sitemap.html">网站地图</a> <a href="/about.html">关于我们</a> 2024-12-01</div>"""
    assert _entries(html) == [
        ("下各镇2023年度政府信息公开工作年度报告", "2024-01-16"),
        ("北关镇政府信息公开工作年度报告", "09-25"),
    ]


def test_repeated_rows_without_dates_need_an_article_url() -> None:
    html = """<div class="item"><a href="./202401/t20240116_123.html">高岭镇</a></div>
    <div class="item"><a href="./202401/t20240117_124.html">龙游县横山镇</a></div>
    <div class="item"><a href="./2023n/">2023年</a></div>"""
    assert _entries(html) == [("高岭镇", None), ("龙游县横山镇", None)]


def test_bare_anchors_each_followed_by_its_date() -> None:
    html = """<td><a href="./202101/t20210129_8843764.html">河包镇2020年政府信息公开工作年度报告</a> 2021-01-29<br>
    <a href="./202001/t20200120_1.html">河包镇2019年政府信息公开工作年度报告</a> 2020-01-20<br></td>"""
    assert _entries(html) == [
        ("河包镇2020年政府信息公开工作年度报告", "2021-01-29"),
        ("河包镇2019年政府信息公开工作年度报告", "2020-01-20"),
    ]


@pytest.mark.parametrize(
    ("text", "date"),
    [
        ("2020-09-03", "2020-09-03"),
        ("\n   2026-\n   01-\n   23\n", "2026-01-23"),
        ("2024年01月25日", "2024-01-25"),
        ("[09-25]", "09-25"),
        ("索引号 2026-02-00018", None),
        ("no date", None),
    ],
)
def test_listed_dates(text: str, date: str | None) -> None:
    assert listed_date(text) == date


def test_a_link_named_after_a_report_is_an_entry_unless_it_is_a_column() -> None:
    html = """<p>详见：<a href="/col/t1.html" title="某镇2023年政府信息公开工作年度报告">年报</a></p>
    <div class="menu"><a href="/xxgk/zfxxgknb/">政府信息公开年报</a> <a href="/xxgk/ndbg/index.html">年度报告</a></div>"""
    assert _entries(html) == [("某镇2023年政府信息公开工作年度报告", None)]
