"""The year a report covers and the body that publishes it, as its title says."""

from __future__ import annotations

import pytest

from archive.extract.labels import fold
from archive.extract.meta import find_body_and_year


def _meta(*lines: str, title: str | None = None) -> tuple[str | None, int | None]:
    folded = [fold(line) for line in lines]
    return find_body_and_year(folded, title, folded)


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        (["XX县人民政府2021年政府信息公开工作年度报告"], ("XX县人民政府", 2021)),
        (["XX镇2022年度政府信息公开工作年度报告"], ("XX镇", 2022)),
        (["2020年XX市生态环境局政府信息公开工作年度报告"], ("XX市生态环境局", 2020)),
        (["淮安市人民政府", "2024 年政府信息公开工作年度报告"], ("淮安市人民政府", 2024)),
        (["白马市人力资源和社会保障局2021年政府信息公开工作", "年度报告"],
         ("白马市人力资源和社会保障局", 2021)),
        (["今天是 2024年05月06日 星期一", "某某乡人民政府2019年政府信息公开工作年度报告"],
         ("某某乡人民政府", 2019)),
    ],
)
def test_title(lines: list[str], expected: tuple[str, int]) -> None:
    assert _meta(*lines) == expected


def test_year_is_not_the_year_of_a_cited_notice_or_the_publication_date() -> None:
    body, year = _meta(
        "阎村镇人民政府", "政府信息公开工作年度报告",
        "根据国办公开办函〔2021〕30号要求，现将我镇2023年政府信息公开工作年度报告公布如下。",
        "2024年1月20日",
    )
    assert (body, year) == ("阎村镇人民政府", 2023)


def test_statistics_period_decides_when_the_title_has_no_year() -> None:
    assert _meta("某局政府信息公开工作年度报告", "本报告所列数据的统计期限自2022年1月1日起")[1] == 2022


def test_html_title_is_a_fallback() -> None:
    assert _meta("正文", title="某县教育局2021年政府信息公开工作年度报告_某县政府网") == (
        "某县教育局", 2021)


# --- report-years.md §2: the year stated only in the body, in the real wordings --------

@pytest.mark.parametrize(
    ("sentence", "year"),
    [
        ("现将2020年度政府信息公开工作报告公布如下(本报告所列数据统计期限自2020年1月1日起至2020年12月31日止)", 2020),
        ("现将我镇2025年度政府信息公开工作情况报告如下 … 所列数据截止日期为20251231日", 2025),
        ("现将2019年度政府信息公开工作公告如下:2019年我镇在信息公开目录系统累计主动公开政府信息66条", 2019),
        ("现公布区政府国资局2022年政府信息公开工作年度报告", 2022),
        ("本报告数据统计时限为2023年1月1日至12月31日", 2023),
        ("本报告中所列数据的统计期限自2020年1月1日起至202020年12月31日止", 2020),
        ("本报告数据统计时限为202311日至1231", 2023),
        ("本报告中所列数据的统计期限自20231月1日起至202312月31日止", 2023),
        ("从202111日到1231日止", 2021),
        ("自20211月1日起至202112月31日止", 2021),
        ("本报告中所列数据的统计期限自202111日起至20211230日止", 2021),
        ("涵盖2020年1月1日至12月21日山阳县人民政府信息公开工作情况", 2020),
        ("统计书记时间段:2019年1月1日起至2019年12月31日止", 2019),
        ("内容涵盖乡政府2019年1月1日至12月31日期间的政府信息公开工作情况", 2019),
        ("本年度报告中所列数据的统计期限为:2023年1月1日——2023年12月31日", 2023),
        ("统计日期为2019年1月1日—2019年12月31日", 2019),
        ("所列数据截止日期为2024年12月31日", 2024),
        ("截至2019年12月31日,牛街乡人民政府", 2019),
        ("报告中所列数据统计期限为2023年1月1日到12月31日", 2023),
    ],
)
def test_year_from_the_body_when_the_title_has_none(sentence: str, year: int) -> None:
    # a heading with no year, as 河包镇 / 金厂镇 print it, then the real sentence
    body, found = _meta("河包镇政府信息公开工作年度报告", sentence)
    assert found == year
    assert body == "河包镇"


def test_a_period_does_not_come_from_a_regulation_in_force_date() -> None:
    assert _meta("某局政府信息公开工作年度报告", "《条例》自2019年5月15日起施行。")[1] is None


def test_the_year_the_text_mentions_most_is_never_evidence() -> None:
    # next year's plans mention 2025 three times; nothing says which year is covered
    _body, year = _meta(
        "某镇政府信息公开工作年度报告",
        "2025年，我镇将继续推进公开。2025年重点工作。2025年计划。",
    )
    assert year is None


# --- report-years.md §3: title year versus report year --------------------------------

def test_a_stale_title_year_loses_to_the_period() -> None:
    # 田黄镇: the text names 《田黄镇2020年…》 while its period and URL say 2021; by itself the
    # document's title and period disagree, and the title wins on the ladder: the URL
    # breaks the tie (tests/archive/test_evidence.py), the text alone keeps the title
    _body, year = _meta(
        "田黄镇2020年政府信息公开工作年度报告",
        "所列数据的统计期限自2021年1月1日起至12月31日止",
    )
    assert year == 2020


def test_a_report_named_only_in_a_sentence_is_not_the_report() -> None:
    # 长通街道's 2024 report cites its previous one, named by its publication year
    _body, year = _meta(
        "长通街道政府信息公开工作年度报告",
        "依法按时完成长通街道2024年政府信息公开年度报告,并于2024年1月15日之前向社会公布。",
        "本报告所列数据统计期限自2024年1月1日起至2024年12月31日止。",
    )
    assert year == 2024


@pytest.mark.parametrize(
    ("title", "body", "year"),
    [
        ("2025湖口县大垅乡2025年度政府信息公开工作年度报告", "湖口县大垅乡", 2025),
        ("重庆市大足区人民政府外事办公室政府信息公开工作2022年度报告", "重庆市大足区人民政府外事办公室", 2022),
        ("中山市自然资源局政府信息公开工作2022年度报告", "中山市自然资源局", 2022),
        ("XX2020年度政府信息公开工作报告", "XX", 2020),
        ("2014奋发镇政府信息公开工作年度报告", "奋发镇", 2014),
        ("秀山土家族苗族自治县人民政府办公室 2023年政府信息公开工作年度报告", "秀山土家族苗族自治县人民政府办公室", 2023),
        ("清水县教育局2023 年政府信息公开工作年度报告", "清水县教育局", 2023),
        ("2024年合水镇人民政府信息公开工作年度报告", "合水镇人民政府", 2024),
        ("铁边城镇2022年度政府信息公开年报", "铁边城镇", 2022),
        ("上湾乡人民政府2019年度政府信息公开年度工作报告", "上湾乡人民政府", 2019),
        ("临潭县卫生健康局 2022年度政府信息公开工作的报告", "临潭县卫生健康局", 2022),
        ("嵊泗县财政局2023年度政府信息公开工作年度报告(文字版)", "嵊泗县财政局", 2023),
    ],
)
def test_title_shapes(title: str, body: str, year: int) -> None:
    assert _meta(title, "一、总体情况") == (body, year)


def test_an_interpretation_is_not_a_title() -> None:
    body, year = _meta("关于济南市历城区市场监督管理局2023年政府信息公开工作年度报告的解读")
    assert (body, year) == (None, None)


def test_a_metadata_block_is_read_for_its_title_label_only() -> None:
    # gkmlpt-style 索取号/分类/名称/文号 rows: the index number's 2022 and the column name
    # 政府信息公开年报 are not the report's year and title
    body, year = _meta(
        "索取号：476406035/2022-93712 分类：政府信息公开年报",
        "发布机构：长山县 成文日期：2022-01-11",
        "名称：长山县2021年度政府信息公开工作年度报告 文号：",
        "发布日期：2022-01-11",
        "2023年长山县卫生健康委员会政府",
        "信息公开工作年度报告",
    )
    assert (body, year) == ("长山县", 2021)


def test_the_first_half_of_a_wrapped_title_is_not_a_body() -> None:
    from archive.extract.meta import document_evidence

    lines = [fold(x) for x in ("2021年长山县水利局政府", "信息公开工作年度报告")]
    ev = document_evidence(lines, None, lines)
    assert "title_prev" not in ev.bodies
    assert ev.bodies["title"] == "长山县水利局"


def test_the_article_title_wins_over_report_titles_listed_beside_it() -> None:
    # A county portal's left column lists other bodies' and years' reports before the
    # article; the page's own title names the one it holds.
    lines = ["最新年报", "青溪县财政局2022年政府信息公开工作年度报告2022-01-15",
             "青溪县城关镇人民政府2021年度政府信息公开工作年度报告2022-02-15",
             "青溪县教育局关于2022年度部门预算的公开说明2022-04-15",
             "青溪县教育局2021年度政府信息公开工作年度报告", "发布时间:2022-01-20"]
    assert _meta(*lines, title="青溪县教育局2021年度政府信息公开工作年度报告_青溪县人民政府") == (
        "青溪县教育局", 2021)


def test_generated_portal_pages_with_a_sidebar_of_other_reports() -> None:
    import random

    from archive.extract import extract_report
    from tests.support import render as R
    from tests.support import reportgen as G

    for i in range(8):
        rng = random.Random(300 + i)
        report = G.random_report(rng, ("2019", "2021")[i % 2])
        doc = R.build_document(report, rng, title=R.TITLE_FORMS[i % len(R.TITLE_FORMS)])
        out = extract_report(R.render_html(doc, "trs_gbk", R.NumberStyle(), rng, chrome=True))
        assert (out["year"], out["body"]) == (report["year"], report["body"]), i


def test_without_a_page_title_the_report_s_own_sentences_choose_among_titles() -> None:
    lines = ["最新年报", "青溪县财政局2022年政府信息公开工作年度报告2022-01-15",
             "青溪县教育局2020年度政府信息公开工作年度报告2022-02-15",
             "青溪县教育局2021年度政府信息公开工作年度报告",
             "本报告根据《中华人民共和国政府信息公开条例》要求,由青溪县教育局编制。本报告所列数据"
             "的统计期限自2021年1月1日起至2021年12月31日止。"]
    assert _meta(*lines) == ("青溪县教育局", 2021)
