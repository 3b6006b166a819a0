"""The claimed publication date: a labelled date first, then meta, then the URL folder."""

from __future__ import annotations

from datetime import date

from archive.pagedates import claimed_date, decode_page


def test_visible_label_wins_over_meta_and_url() -> None:
    html = (
        '<META content="2022-01-30 09:00" name="PubDate">'
        "<div>今天是：2026年11月25日 星期三</div>"
        "<span>发布日期：</span><span>2022-02-03</span>"
    )
    assert claimed_date(html, "http://a/202201/t20220131_1.html") == (date(2022, 2, 3), "visible")


def test_todays_date_on_the_page_is_never_taken() -> None:
    html = "<div>2026年11月25日 星期三</div><p>浏览次数：123</p>"
    assert claimed_date(html) == (None, None)


def test_meta_pubdate_in_either_attribute_order() -> None:
    assert claimed_date('<meta name="PubDate" content="2023-01-18">') == (date(2023, 1, 18), "meta")
    assert claimed_date("<META content='2023/01/18' name='PubDate'>") == (date(2023, 1, 18), "meta")


def test_url_folder_is_the_last_resort() -> None:
    assert claimed_date("<p/>", "http://a/ndbg/202305/t20230511_99.html") == (
        date(2023, 5, 11),
        "url",
    )
    assert claimed_date("<p/>", "http://a/art/2022/1/31/art_1234_456.html") == (
        date(2022, 1, 31),
        "url",
    )


def test_chinese_dates_and_other_labels() -> None:
    assert claimed_date("成文日期：2021年3月5日")[0] == date(2021, 3, 5)
    assert claimed_date("发布时间: 2020-01-20 10:11")[0] == date(2020, 1, 20)


def test_pages_decode_by_their_bytes() -> None:
    assert "发布日期" in decode_page("发布日期：2022-01-01".encode("gbk"))
    assert "发布日期" in decode_page("发布日期：2022-01-01".encode())


def test_publisher_and_title_of_an_article_page() -> None:
    from archive.pagedates import page_title, publisher

    html = (
        '<META content="泾县教育体育局2023年政府信息公开工作年度报告" name="ArticleTitle">'
        "<title>首页</title><div>发布时间:2024-01-16 17:29 来源:<span>泾县教育体育局</span>"
        " 字体:[ ]</div>"
    )
    assert page_title(html) == "泾县教育体育局2023年政府信息公开工作年度报告"
    assert publisher(html) == "泾县教育体育局"
    assert publisher("<td>发布机构</td><td>县政府办公室</td>") == "县政府办公室"
    assert publisher("<p>无</p>") is None


def test_publisher_is_the_first_label_that_has_a_value() -> None:
    from archive.pagedates import publisher

    # A label whose value is missing (a colon, then markup that holds none) is passed
    # over for the next one, and the earliest label with a value wins whichever label
    # it is (信息来源 ends in 来源: the value after it, once).
    html = "<li>发布机构：</li><li>|</li><div>信息来源：<b>县统计局</b></div> 来源:县政府"
    assert publisher(html) == "县统计局"
    assert publisher("来源：" + "<br>" * 3 + "市财政局，2024") == "市财政局"
    assert publisher("发文机关：x<br>机关：" + "关" * 3) is None  # a value needs two characters
