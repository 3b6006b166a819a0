"""Visible pagers and paging scripts, read the same for every family."""

from __future__ import annotations

import pytest
from parsel import Selector

from crawler.paging import pager_links, script_pages

BASE = "http://a.gov.cn/zfxxgk/zfxxgknb/index.html"


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        (
            '<a href="index_1.html">下一页</a><a href="index_9.html">尾页</a>',
            ["index_1.html", "index_9.html"],
        ),
        ('<a href="column_index_2.shtml">2</a>', ["column_index_2.shtml"]),
        ('<a href="list.jsp?pageNo=2&cat=5">下页</a>', ["list.jsp?pageNo=2&cat=5"]),
        ('<a href="?currPage=3">3</a>', ["index.html?currPage=3"]),
        ('<a href="2.html">2</a><a href="3.html">下一页</a>', ["2.html", "3.html"]),
        ('<a href="more.html"><img src="n.gif" title="下一页"></a>', []),
        ('<a href="next.html" title="下一页"></a>', ["next.html"]),
    ],
)
def test_visible_pager_links(html: str, expected: list[str]) -> None:
    assert [u.rsplit("/", 1)[1] for u in pager_links(Selector(text=html), BASE)] == expected


def test_articles_and_other_columns_are_not_pages() -> None:
    html = """<a href="2025/3066.html">清河县人民政府2024年政府信息公开工作年度报告</a>
    <a href="/zwgk/index.html">政务公开</a><a href="javascript:void(0)">下一页</a>
    <a href="index.html">首页</a>"""
    assert pager_links(Selector(text=html), BASE) == []


def test_script_count_variable_without_a_create_page_call() -> None:
    html = "<script>var currentPage = 0;//所在页从0开始\nvar countPage = 3//共多少页</script>"
    assert [u.rsplit("/", 1)[1] for u in script_pages(html, BASE, 100)] == [
        "index.html",
        "index_1.html",
        "index_2.html",
    ]
    folder = "http://a.gov.cn/zfxxgk/zfxxgknb/"
    assert script_pages(html, folder, 100)[1] == folder + "index_1.html"
    assert len(script_pages(html, BASE, 2)) == 2  # bounded


def test_no_count_no_pages() -> None:
    assert script_pages("<script>createPageHTML(n, 0, 'index', 'html')</script>", BASE, 10) == []
    assert script_pages("<p>countPage = 3</p>", "http://a/x/list.jsp", 10) == []
