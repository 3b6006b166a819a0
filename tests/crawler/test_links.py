"""Which links the spider follows: candidates, skip rules, article URLs, attachments."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from crawler.links import (
    Scope,
    candidate_verdict,
    is_article_url,
    is_attachment,
    is_report_candidate,
    is_wap_duplicate,
    names_a_report,
    skip_reason,
)

SHARED_TITLES = Path("/work/shared/real/titles.tsv")
FROZEN_TITLES = Path(__file__).parents[1] / "fixtures" / "real" / "titles.tsv"


def _titles() -> list[dict[str, str]]:
    """The real titles: the shared copy when present, else the one frozen for CI."""
    path = SHARED_TITLES if SHARED_TITLES.exists() else FROZEN_TITLES
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE))


def test_every_real_title_is_judged_by_its_shape() -> None:
    """All of titles.tsv: every report shape is a candidate even in a mixed column; the
    解读 articles (S11) are not, in any column."""
    rows = _titles()
    assert len(rows) >= 191
    wrong = []
    for row in rows:
        report = not row["shape"].startswith("S11")
        if is_report_candidate(row["title"]) != report:
            wrong.append((row["title"], row["shape"]))
        if (candidate_verdict(row["title"], mixed=False) is None) != report:
            wrong.append((row["title"], "report column"))
    assert wrong == []
    shapes = {row["shape"].split()[0] for row in rows}
    assert {"S03", "S05", "S06", "S07", "S10", "S11", "S12"} <= shapes


def test_the_frozen_copy_matches_the_shared_titles() -> None:
    if not SHARED_TITLES.exists():
        pytest.skip("no shared copy on this machine")
    assert FROZEN_TITLES.read_bytes() == SHARED_TITLES.read_bytes()


@pytest.mark.parametrize(
    "title",
    [
        "民权县人民政府2021年政府信息公开工作年度报告",
        "北关镇2022年度政府信息公开工作年度报告",
        "2019年 民权县教育局 政府信息公开 年报",
        "政府信息公开工作年度报告（2023年）",
        "河包镇政府信息公开工作年度报告",  # no year: fetched, the year comes from the text
        "XX2020年度政府信息公开工作报告",  # 工作报告 without 年度报告
        "XX政府信息公开工作2024年度报告",  # the year after 工作
        "龍口鎮2023年度政府信息公開工作年度報告",  # traditional characters
        "2025湖口县大垅乡2025年度政府信息公开工作年度报告",  # double year
        "清水县教育局2023 年政府信息公开工作年度报告",  # stray space
        "关于报送2023年度政府信息公开工作年度报告的通知",  # fetched; the extractor says noise
    ],
)
def test_report_titles_pass_the_mixed_column_test(title: str) -> None:
    assert is_report_candidate(title)


@pytest.mark.parametrize(
    "title",
    [
        "2024年度部门预算公开",
        "民权县2023年国民经济和社会发展统计公报",
        "2023年政府工作报告",  # the government work report is another document
        "首页",
    ],
)
def test_other_titles_fail_the_mixed_column_test(title: str) -> None:
    assert not names_a_report(title)
    assert candidate_verdict(title, mixed=True) == "not_a_report_title"
    assert candidate_verdict(title, mixed=False) is None  # a report column lists it: fetched


@pytest.mark.parametrize(
    ("title", "fetched"),
    [
        ("县市场监督管理局2021年度政府信息公开工作…", True),
        ("2024年度西岭镇人民政府政府信息公开...", True),
        ("石鼓县人力资源和社会保障局2019年政府信…", True),
        ("2021年石鼓县人力资源和社会保障局政府信息…", True),
        ("2022石鼓县人力资源和社会保障局2021年…", True),  # cut right after the year
        ("关于开展2019年防汛检查的通…", False),
        ("鹤鸣县2023年财政预算执行情况公…", False),
        ("县市场监督管理局2021年度政府信息公开工作", False),  # whole, and not a report
    ],
)
def test_a_title_cut_short_in_a_mixed_column(title: str, fetched: bool) -> None:
    """Lists cut long titles (…) and give no title attribute: one cut before 报告 but
    past 信息公开/年度 is fetched, and the page decides."""
    assert (candidate_verdict(title, mixed=True) is None) is fetched


@pytest.mark.parametrize(
    ("title", "reason"),
    [
        ("关于济南市历城区市场监督管理局2023年政府信息公开工作年度报告的解读", "interpretation"),
        ("政策解读：2023年政府信息公开工作年度报告", "interpretation"),
        ("文字解读:济南市历下区大明湖街道办事处2022年政府信息公开工作年度报告", "interpretation"),
        ("一图读懂民权县2023年政府信息公开工作年度报告", "graphic"),
        ("图解：2022年度政府信息公开工作年度报告", "graphic"),
        ("恩格贝生态示范区召开2020年度工作会暨党风廉政建设会议", "meeting"),
        ("我县召开2022年度政府信息公开工作年度报告编制培训会", "meeting"),
        ("2023年政务公开工作推进会", "meeting"),
        ("一圖讀懂2023年政府信息公開工作年度報告", "graphic"),
    ],
)
def test_skip_rules_name_what_a_title_is_instead(title: str, reason: str) -> None:
    assert skip_reason(title) == reason
    assert candidate_verdict(title, mixed=False) == reason
    assert candidate_verdict(title, mixed=True) == reason


@pytest.mark.parametrize(
    "url",
    [
        "http://a/zfxxgknb/202009/t20200903_2748784.html",
        "http://a/art/2024/1/16/art_1229325036_3913369.html",
        "http://a/gkmlpt/content/2/2590/post_2590436.html",
        "http://a/info/1648/47211.htm",
        "http://a/hcxxxgk/hc1554/202101/157a95c3e64f41039bb3beb14dbc7638.shtml",
        "http://a/zfxxgknb/zj/2022n/1612297635752841217.html",
        "http://a/gongkai/site_x/channel_y/doc_60960f3fc91eeb7249ff41c5.html",
        "http://a/XxgkAnnualReport/show/5585.html",
        "http://a/gk/zfxxgknb/bmxxgknb/content_191767",
        "http://a/zfxxgknb/content/c0d73b29-85df-4f2c-aeea-7c1999f239ec.html",
        "http://a/zfxxgk/GovOpenShow.aspx?id=20220125180019886",
        "http://a/module/xxgk/xxgkAnnualReport.jsp?area=113708260043292687&fbtime=2020",
        "http://a/generic/zfxxgk/ndbg/2025/3066.html",
    ],
)
def test_article_shaped_urls(url: str) -> None:
    assert is_article_url(url)


@pytest.mark.parametrize(
    "url",
    [
        "http://a/zfxxgk/zfxxgknb/",
        "http://a/col/col1230/index.html",
        "http://a/zfxxgknb/index_2.html",
        "http://a/zfxxgknb/column_index_3.shtml",
        "http://a/zfxxgknb/2.html",
        "http://a/",
    ],
)
def test_folders_and_list_pages_are_not_articles(url: str) -> None:
    assert not is_article_url(url)


@pytest.mark.parametrize(
    ("url", "text", "expected"),
    [
        ("http://a/xxgk/ndbg/202201/P020220131123.pdf", "", True),
        ("http://a/x/report.DOCX", "", True),
        ("http://a/x/report.wps", "", True),
        ("http://a/module/download/downfile.jsp?classid=0&filename=abc123", "年报", True),
        ("http://a/x/getattach?id=5", "民权县2021年年报.doc", True),
        ("http://a/xxgk/ndbg/202201/t20220131_123.html", "年报", False),
    ],
)
def test_attachments_by_extension_download_path_or_link_text(
    url: str, text: str, expected: bool
) -> None:
    assert is_attachment(url, text) is expected


def test_mobile_duplicates_are_recognised() -> None:
    assert is_wap_duplicate("http://a/ndbg/202201/t20220131_123_wap.html")
    assert is_wap_duplicate("http://a/wap/ndbg/t20220131_123.html")
    assert not is_wap_duplicate("http://a/ndbg/202201/t20220131_123.html")


def test_scope_keeps_pages_under_the_column_and_attachments_on_the_host() -> None:
    scope = Scope("gov.example:80", ("/minquan/xxgk/ndbg/",))
    assert scope.allows_page("http://gov.example:80/minquan/xxgk/ndbg/202201/t1.html")
    assert not scope.allows_page("http://gov.example:80/minquan/news/t1.html")
    assert not scope.allows_page("http://other.example/minquan/xxgk/ndbg/t1.html")
    assert scope.allows_attachment("http://gov.example:80/uploadfiles/a.pdf")


def test_pages_that_cannot_link_a_document_are_not_parsed_for_links() -> None:
    from crawler.links import may_link_a_document

    assert may_link_a_document(b"<a href='./P0202401.PDF'>")
    assert may_link_a_document(b"<a href='/module/download/downfile.jsp?filename=x'>")
    assert may_link_a_document("<a href='x.html'>年报.docx</a>".encode())
    assert not may_link_a_document("<a href='../index.html'>返回</a><p>一、总体情况</p>".encode())


def test_may_link_a_document_is_the_case_insensitive_search_on_any_bytes() -> None:
    """The needle search answers as the regex it replaced, on GBK bytes too."""
    import random
    import re

    from crawler.links import may_link_a_document

    regex = re.compile(
        rb"\.(?:pdf|docx?|wps|ofd|rtf)\b|downfile|download|attach|getfile|filedownload", re.I
    )
    rng = random.Random(18)
    alphabet = b"aAtTcChH.pdfPDFocxOCXwsWSrRgGeEiIlLnN _/1\x81\xd4\xb8"
    pages = [bytes(rng.choice(alphabet) for _ in range(rng.randrange(1, 12))) for _ in range(20000)]
    pages += [
        "<a href='年报.PDF'>附件</a>".encode("gbk"),
        b"<a href='x.Docx'>", b"<a href='x.docs'>", b"FileDownLoad.jsp", b"x.OFD1", b"x.rtf_",
    ]
    for page in pages:
        assert may_link_a_document(page) == bool(regex.search(page)), page
    assert may_link_a_document("<a href='年报.PDF'>附件</a>".encode("gbk"))
    assert not may_link_a_document(b"<a href='x.docs'>")


def test_may_be_attachment_never_skips_an_attachment() -> None:
    """Skipping a link on its href and text alone never loses what is_attachment takes."""
    import random
    from urllib.parse import urljoin, urlsplit

    from crawler.links import base_may_name_attachments, is_attachment, may_be_attachment

    rng = random.Random(18)
    parts = ["a", "PDF", ".pdf", ".Doc", "x.docx", "down", "load", "attach", "getFile", "..", ".",
             "?id=1", "#f", "/", "t2024_1.html", "附件"]
    bases = ["http://h/zwgk/ndbg/t1.html", "http://h/attach/2023/t1.html", "http://h/a/x.pdf"]
    for _ in range(20000):
        href = "".join(rng.choice(parts) for _ in range(rng.randrange(1, 5)))
        text = "".join(rng.choice(parts) for _ in range(rng.randrange(0, 3)))
        base = rng.choice(bases)
        if is_attachment(urljoin(base, href), text):
            assert base_may_name_attachments(urlsplit(base).path) or may_be_attachment(href, text)


def test_anchor_text_is_what_the_css_text_selector_joins() -> None:
    """With or without child elements, comments, entities or any text at all."""
    from parsel import Selector

    from crawler.links import anchor_text, anchors

    page = Selector(
        text="<ul><li><a href='1'>年报</a></li><li><a href='2'></a></li>"
        "<li><a href='3'><span>2023年</span>报告<b> .pdf</b></a></li>"
        "<li><a href='4'>附件<!-- c -->.docx</a></li><li><a href='5'>A&amp;B</a>tail</li>"
        "<li><a href='6'><img src='x.png'></a></li></ul>"
    )
    for a, link in zip(anchors(page), page.css("a[href]"), strict=True):
        assert anchor_text(a) == " ".join(link.css("::text").getall())
