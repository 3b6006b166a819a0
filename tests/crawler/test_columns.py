"""Report column or mixed column: by setting, by the page's own name, by its entries."""

from __future__ import annotations

from parsel import Selector

from crawler.columns import MIXED, REPORTS, column_kind, is_report_folder
from crawler.links import Link

REPORT = Link("http://a/1.html", "北关镇2023年政府信息公开工作年度报告", None, True)
OTHER = Link("http://a/2.html", "关于印发2024年工作要点的通知", None, True)


def test_the_setting_decides() -> None:
    page = Selector(text="<title>政府信息公开年报</title>")
    assert column_kind("mixed", page, "http://a/x/", [REPORT]) == MIXED
    assert column_kind("reports", None, "http://a/x/", [OTHER]) == REPORTS


def test_a_page_named_after_reports_is_a_report_column() -> None:
    for html in (
        "<title>政府信息公开年报_民权县人民政府</title>",
        "<meta name='ColumnName' content='政府信息公开年度报告'>",
        "<div>您现在的位置：首页 &gt; 政府信息公開年報 &gt; 乡镇</div>",
    ):
        assert column_kind(None, Selector(text=html), "http://a/x/", [OTHER] * 5) == REPORTS
    assert (
        column_kind(None, Selector(text="<p>x</p>"), "http://a/zfxxgknb/2023n/", [OTHER]) == REPORTS
    )


def test_otherwise_the_entries_decide() -> None:
    page = Selector(text="<title>政府信息公开</title><nav><a>政府信息公开年报</a></nav>")
    assert column_kind(None, page, "http://a/xxgk/", [OTHER, OTHER, REPORT]) == MIXED
    assert column_kind(None, page, "http://a/xxgk/", [OTHER, REPORT]) == REPORTS


def test_a_folder_named_as_a_report_column() -> None:
    # real 年报 column folders (shared/real list-pages.md, titles.tsv)
    for path in ("/wjw/zfxxgknb/", "/zfgz6/hnxwjj/ndbg/index.html", "/bm/jyj/zfxxgk/nb/",
                 "/zwgk/zfxxgk/xxgknb_5784164/", "/xxgk/xxgk_nb/", "/gk/zfxxgknb/bmxxgknb/",
                 "/zwgknb/", "/xxgk/年报/", "/a/zfxxgkgzndbg/", "/bm/lczbmndbg/",
                 "/x/bmnb2025/", "/y/zfxxgkndbg70/", "/z/Xxgknb/", "/w/gkndbg/"):
        assert is_report_folder(path), path
    for path in ("/zwgk/", "/news/index.html", "/zfxxgknb/2024n/", "/bm/jyj/", "/",
                 "/xwnb/", "/cnb/index.html", "/zwgk/sjnb/"):
        assert not is_report_folder(path), path
