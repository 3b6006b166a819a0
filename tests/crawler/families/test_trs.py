"""TRS WCM list pages exist only in a paging script; the family reads them from it."""

from __future__ import annotations

from crawler.families import detect_family
from crawler.families.trs import page_urls

BASE = "http://127.0.0.1:8765/minquan/xxgk/ndbg/index.html"


def test_literal_paging_call() -> None:
    # on page 0 the page itself is page 0: only the pages after it are new
    html = '<script>createPageHTML(3, 0, "index", "html");</script>'
    assert page_urls(html, BASE) == [
        "http://127.0.0.1:8765/minquan/xxgk/ndbg/index_1.html",
        "http://127.0.0.1:8765/minquan/xxgk/ndbg/index_2.html",
    ]


def test_paging_call_with_variables_set_earlier() -> None:
    html = """<script>var countPage = 4//共多少页
    var currentPage = 1;
    createPageHTML(countPage, currentPage, "index", "html");</script>"""
    assert [u.rsplit("/", 1)[1] for u in page_urls(html, BASE)] == [
        "index.html",
        "index_1.html",
        "index_2.html",
        "index_3.html",
    ]


def test_create_page_with_another_page_name() -> None:
    # a column at index.html paging on to column_index_1.shtml: there is no
    # column_index.shtml to ask for (a 404 there read the whole column as broken)
    html = "<script>createPage(2, 0, 'column_index', 'shtml')</script>"
    assert [u.rsplit("/", 1)[1] for u in page_urls(html, BASE)] == ["column_index_1.shtml"]
    later = "<script>createPage(3, 2, 'column_index', 'shtml')</script>"
    assert [u.rsplit("/", 1)[1] for u in page_urls(later, BASE)] == [
        "column_index.shtml",
        "column_index_1.shtml",
        "column_index_2.shtml",
    ]


def test_unknown_count_yields_nothing() -> None:
    assert page_urls("<script>createPageHTML(n, 0, 'index', 'html')</script>", BASE) == []


def test_auto_detection() -> None:
    assert detect_family('<div class="TRS_Editor">', BASE) == "trs"
    assert detect_family("<script type='text/xml'><datastore>", BASE) == "jcms"
    assert detect_family("<a href='a.html'>x</a>", BASE) == "generic"


def test_only_the_first_list_page_fans_out() -> None:
    from crawler.families.trs import TrsFamily

    html = '<script>createPageHTML(3, 1, "index", "html");</script>'
    first = TrsFamily().read(html, BASE, {})
    assert len(first.next_requests) == 3
    later = TrsFamily().read(html, first.next_requests[1].url, first.next_requests[1].meta)
    assert later.next_requests == []


# --- frozen real-shaped pages ----------------------------------------------------------

from tests.crawler.families.frozen import frozen  # noqa: E402

ORDOS = "http://www.egb.gov.cn/xxgk/xxgknb/index.html"


def test_gbk_table_rows_title_in_text_date_in_the_next_cell() -> None:
    """The Ordos shape: ``<tr>`` rows, title as anchor text, date in its own ``<td>``
    with whitespace around it, paging only in ``var countPage``."""
    from crawler.families.trs import TrsFamily

    response = frozen("trs", "ordos_index.html", ORDOS)
    assert response.encoding in ("gb18030", "gbk", "gb2312")
    page = TrsFamily().read(response.text, response.url, {})
    entries = [
        (link.url.rsplit("/", 2)[-2:], link.title, link.date) for link in page.links if link.entry
    ]
    assert entries[0] == (
        ["202009", "t20200903_2748784.html"],
        "鄂尔多斯市2019年政府信息公开工作年度报告",
        "2020-09-03",
    )
    assert ("恩格贝生态示范区政府信息公开工作年度报告", "2018-01-05") in [
        (t, d) for _, t, d in entries
    ]
    assert len([e for e in entries if e[0][1].startswith("t20")]) == 6
    chrome = {link.title for link in page.links if not link.entry}
    assert {"首页", "政务公开", "信息公开年报"} <= chrome
    assert [r.url.rsplit("/", 1)[1] for r in page.next_requests] == [
        "index.html",
        "index_1.html",
        "index_2.html",
    ]


def test_date_inside_the_anchor_with_and_without_a_year() -> None:
    from crawler.families.trs import TrsFamily

    url = "https://tyjrswj.example.gov.cn/gongkai/zfxxgknb/column_index.shtml"
    page = TrsFamily().read(frozen("trs", "column_index.shtml", url).text, url, {})
    entries = [(link.title, link.date) for link in page.links if link.entry]
    assert entries == [
        ("县退役军人事务局2024年政府信息公开工作年度报告", "2025-01-22"),
        ("县退役军人事务局2023年度政府信息公开工作报告", "01-19"),
        ("关于县退役军人事务局2023年政府信息公开工作年度报告的解读", "01-18"),
    ]
    names = [r.url.rsplit("/", 1)[1] for r in page.next_requests]
    # the page is page 0 of 34 (column_index.shtml itself): 33 more
    assert len(names) == 33 and names[:2] == ["column_index_1.shtml", "column_index_2.shtml"]
    assert names[-1] == "column_index_33.shtml"
