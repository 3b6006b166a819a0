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
