"""Hanweb jcms: inline datastore records, and the dataproxy form and windows."""

from __future__ import annotations

from crawler.families.jcms import JcmsFamily, form_fields, proxy_url, records

COLUMN = "http://127.0.0.1:8765/huaiyin/col/col1234/index.html"
PAGE = """<html><body><div id="5678">
<script type="text/xml"><datastore>
<nextgroup><![CDATA[<a href="/huaiyin/module/web/jpage/dataproxy.jsp?page=1&appid=1&webid=3&path=/&columnid=1234&unitid=5678&webname=淮阴区人民政府&permissiontype=0"></a>]]></nextgroup>
<recordset>
<record><![CDATA[<li><a href="/huaiyin/art/2022/1/31/art_1234_456.html" title="淮阴区人民政府2021年政府信息公开工作年度报告">淮阴区…</a><span>2022-01-31</span></li>]]></record>
<record><![CDATA[<li><a href="/huaiyin/art/2021/1/29/art_1234_401.html" title="淮阴区教育局2020年政府信息公开工作年度报告">教育局…</a><span>2021-01-29</span></li>]]></record>
</recordset></datastore></script>
<script>var perpage = 10; totalRecord: 45</script></div></body></html>"""


def test_inline_records_with_titles_and_dates() -> None:
    links = records(PAGE, COLUMN)
    assert [(link.url.rsplit("/", 1)[1], link.date) for link in links] == [
        ("art_1234_456.html", "2022-01-31"),
        ("art_1234_401.html", "2021-01-29"),
    ]
    assert links[0].title == "淮阴区人民政府2021年政府信息公开工作年度报告"


def test_form_fields_from_the_nextgroup_link_and_the_column_url() -> None:
    fields = form_fields(PAGE, COLUMN)
    assert fields["columnid"] == "1234" and fields["unitid"] == "5678"
    assert fields["webid"] == "3" and fields["webname"] == "淮阴区人民政府"
    assert proxy_url(PAGE, COLUMN) == "http://127.0.0.1:8765/huaiyin/module/web/jpage/dataproxy.jsp"


def test_first_window_then_the_rest_from_totalrecord() -> None:
    family = JcmsFamily()
    page = family.read(PAGE, COLUMN, {})
    (first,) = page.next_requests
    assert first.method == "POST"
    assert "startrecord=1&endrecord=30&perpage=10" in first.url
    assert b"columnid=1234" in first.body
    answer = "<datastore><totalrecord>75</totalrecord><recordset></recordset></datastore>"
    more = family.read(answer, first.url, first.meta).next_requests
    assert [r.url.split("?")[1] for r in more] == [
        "startrecord=31&endrecord=60&perpage=10",
        "startrecord=61&endrecord=90&perpage=10",
    ]
    # a later window does not fan out again
    assert family.read(answer, more[0].url, more[0].meta).next_requests == []


# --- a frozen real-shaped column -------------------------------------------------------

from tests.crawler.families.frozen import frozen  # noqa: E402

XIANJU = "http://www.zjxj.gov.cn/col/col1229325036/index.html"


def test_frozen_column_old_dataproxy_path_and_a_three_page_window() -> None:
    family = JcmsFamily()
    response = frozen("jcms", "col1229325036_index.html", XIANJU)
    page = family.read(response.text, response.url, {})
    entries = [
        (link.url.rsplit("/", 1)[1], link.title, link.date) for link in page.links if link.entry
    ]
    assert entries == [
        ("art_1229325036_3913369.html", "2023年下各镇政府信息公开工作年度报告", "2024-01-16"),
        ("art_1229325036_3913001.html", "仙居县白塔镇政府信息公开工作年度报告", "2024-01-15"),
        ("art_1229325036_3912877.html", "图解：下各镇2023年政府信息公开工作年度报告", "2024-01-12"),
    ]
    # menus and breadcrumb outside the datastore are chrome
    assert {link.title for link in page.links if not link.entry} >= {
        "首页",
        "政务公开",
        "信息公开目录",
    }
    (window,) = page.next_requests
    assert window.method == "POST"
    assert window.url == (
        "http://www.zjxj.gov.cn/module/jpage/dataproxy.jsp?startrecord=1&endrecord=45&perpage=15"
    )
    body = window.body.decode()
    for field in ("columnid=1229325036", "unitid=496017", "webid=3061", "permissiontype=0"):
        assert field in body
    assert window.headers[b"Referer"] == XIANJU.encode()
    assert window.meta["jcms_alt_proxy"] is None  # the page names its path


def test_frozen_window_answer_fans_out_by_totalrecord() -> None:
    family = JcmsFamily()
    column = frozen("jcms", "col1229325036_index.html", XIANJU)
    (window,) = family.read(column.text, column.url, {}).next_requests
    answer = frozen("jcms", "dataproxy_window.xml", window.url)
    page = family.read(answer.text, answer.url, window.meta)
    assert [(link.title, link.date) for link in page.links] == [
        ("2022年下各镇政府信息公开工作年度报告", "2023-01-18"),
        ("2022年仙居县白塔镇政府信息公开工作年度报告", "2023-01-10"),
    ]
    assert all(link.entry for link in page.links)
    assert [r.url.split("?")[1] for r in page.next_requests] == [
        "startrecord=46&endrecord=90&perpage=15"
    ]


def test_a_page_naming_no_proxy_gets_one_try_on_the_old_path() -> None:
    family = JcmsFamily()
    html = "<script type='text/xml'><datastore><recordset></recordset></datastore></script>"
    (window,) = family.read(html, COLUMN, {}).next_requests
    assert "/huaiyin/module/web/jpage/dataproxy.jsp?" in window.url
    retry = family.retry_window(window.meta)
    assert retry is not None and "/huaiyin/module/jpage/dataproxy.jsp?startrecord=1&" in retry.url
    assert family.retry_window(retry.meta) is None


def test_failed_windows() -> None:
    from crawler.families.jcms import window_failed

    assert window_failed("Not Implemented", 501)
    assert window_failed(
        "<datastore><totalrecord>0</totalrecord><recordset></recordset></datastore>", 200
    )
    assert not window_failed("<recordset><record><![CDATA[<li>x</li>]]></record></recordset>", 200)


def test_later_list_pages_and_pages_without_jpage_send_no_window() -> None:
    family = JcmsFamily()
    assert family.read(PAGE, COLUMN, {"nianbao_list_depth": 1}).next_requests == []
    plain = "<ul><li><a href='/huaiyin/art/2024/1/2/art_1234_5.html'>x年报</a> 2024-01-02</li></ul>"
    assert family.read(plain, COLUMN, {}).next_requests == []
