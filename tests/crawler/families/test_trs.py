"""TRS WCM list pages exist only in a paging script; the family reads them from it."""

from __future__ import annotations

from crawler.families import detect_family
from crawler.families.trs import page_urls

BASE = "http://127.0.0.1:8765/minquan/xxgk/ndbg/index.html"


def test_literal_paging_call() -> None:
    html = '<script>createPageHTML(3, 0, "index", "html");</script>'
    assert page_urls(html, BASE) == [
        "http://127.0.0.1:8765/minquan/xxgk/ndbg/index.html",
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
    html = "<script>createPage(2, 0, 'column_index', 'shtml')</script>"
    assert [u.rsplit("/", 1)[1] for u in page_urls(html, BASE)] == [
        "column_index.shtml",
        "column_index_1.shtml",
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
