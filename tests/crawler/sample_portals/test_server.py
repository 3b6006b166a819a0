"""The sample portals server: bytes, noise, conditional requests, jcms windows, special
answers, snapshot 2, and the registry and truth that go with the sites.

Fast: the documents are pre-built files, the server is stdlib on 127.0.0.1.
"""

from __future__ import annotations

import http.client
import re
import subprocess
import sys
import urllib.robotparser
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlencode, urlsplit

import pytest
import yaml

from crawler.sample_portals import PACKAGE_DIR, load_truth, registry_yaml
from crawler.sample_portals.server import SamplePortals

TRUTH = load_truth()
SITE = PACKAGE_DIR / "site"
MINQUAN_LIST = "/minquan/xxgk/ndbg/index.html"
JCMS_COLUMN = "/huaiyin/col/col1234/index.html"
JCMS_PROXY = "/huaiyin/module/web/jpage/dataproxy.jsp"
JCMS_FORM = {
    "col": "1", "appid": "1", "webid": "1", "path": "/", "columnid": "1234",
    "sourceContentType": "1", "unitid": "5678", "webname": "淮安市淮阴区人民政府",
    "permissiontype": "0",
}
RECORD_LINK = re.compile(r'<a href="([^"]+)"')


class Answer:
    """A raw HTTP answer."""

    def __init__(self, status: int, headers: http.client.HTTPMessage, body: bytes) -> None:
        self.status, self.headers, self.body = status, headers, body


def fetch(base: str, path: str, method: str = "GET", headers: dict[str, str] | None = None,
          body: bytes | None = None) -> Answer:
    parts = urlsplit(base)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
    try:
        conn.request(method, path, body=body, headers=headers or {})
        resp = conn.getresponse()
        return Answer(resp.status, resp.headers, resp.read())
    finally:
        conn.close()


def dataproxy(base: str, start: int, end: int, perpage: int = 5,
              form: dict[str, str] | None = None) -> Answer:
    query = urlencode({"startrecord": start, "endrecord": end, "perpage": perpage})
    return fetch(base, f"{JCMS_PROXY}?{query}", "POST",
                 {"Content-Type": "application/x-www-form-urlencoded",
                  "Referer": base + JCMS_COLUMN},
                 urlencode(form or JCMS_FORM).encode())


def found(county: str | None = None) -> list[dict]:
    return [r for r in TRUTH["reports"] if r["status"] == "found"
            and (county is None or r["county"] == county)]


def matches_file(body: bytes, file: Path) -> bool:
    """The answer is the file with only its noise placeholders filled."""
    parts = re.split(rb"<!--NB:(?:VISITS|TODAY)-->", file.read_bytes())
    pattern = b"(?:.+?)".join(re.escape(p) for p in parts)
    return re.fullmatch(pattern, body, re.DOTALL) is not None


@pytest.fixture(scope="module")
def portals() -> Iterator[SamplePortals]:
    with SamplePortals() as server:
        yield server


@pytest.fixture
def base(portals: SamplePortals) -> str:
    return portals.base_url


# --- bytes and encodings -------------------------------------------------------------


def test_gbk_page_served_byte_for_byte(base: str) -> None:
    answer = fetch(base, MINQUAN_LIST)
    assert answer.status == 200
    assert answer.headers["Content-Type"] == "text/html"  # no charset: the meta tag says gb2312
    assert matches_file(answer.body, SITE / MINQUAN_LIST.lstrip("/"))
    text = answer.body.decode("gbk")
    assert 'charset=gb2312' in text and "政府信息公开年报" in text
    assert "今天是：" in text and "星期" in text  # the injected date, in GBK
    with pytest.raises(UnicodeDecodeError):
        answer.body.decode("utf-8")


def test_header_lies_about_charset(base: str) -> None:
    (path,) = TRUTH["charset_lie_paths"]
    answer = fetch(base, path)
    assert answer.headers["Content-Type"] == "text/html; charset=utf-8"
    with pytest.raises(UnicodeDecodeError):
        answer.body.decode("utf-8")
    report = next(r for r in found() if r["url_path"] == path)
    assert report["title"] in answer.body.decode("gbk")


def test_noise_changes_on_every_request(base: str) -> None:
    path = found("huaiyin")[0]["url_path"]
    first, second = fetch(base, path).body, fetch(base, path).body
    assert first != second
    assert "浏览次数：".encode() in first
    visits = [int(re.search(rb"\xe6\xb5\x8f\xe8\xa7\x88\xe6\xac\xa1\xe6\x95\xb0\xef\xbc\x9a(\d+)",
                            b).group(1)) for b in (first, second)]  # 浏览次数：N
    assert visits[1] == visits[0] + 1
    assert b"<!--NB:" not in first


# --- conditional requests and HEAD ------------------------------------------------------


def test_etag_and_last_modified_give_304(portals: SamplePortals, base: str) -> None:
    path = found("generic")[0]["url_path"]
    first = fetch(base, path)
    etag, modified = first.headers["ETag"], first.headers["Last-Modified"]
    assert etag and modified
    assert fetch(base, path).headers["ETag"] == etag  # the hash of the file, not of the noise
    portals.clear_requests()
    again = fetch(base, path, headers={"If-None-Match": etag})
    assert again.status == 304 and again.body == b""
    assert fetch(base, path, headers={"If-Modified-Since": modified}).status == 304
    assert fetch(base, path, headers={"If-None-Match": '"other"'}).status == 200
    old = "Mon, 01 Jan 2018 00:00:00 GMT"
    assert fetch(base, path, headers={"If-Modified-Since": old}).status == 200
    log = portals.requests
    assert [(r.method, r.path, r.status, r.had_conditional_headers) for r in log] == [
        ("GET", path, 304, True), ("GET", path, 304, True), ("GET", path, 200, True),
        ("GET", path, 200, True),
    ]


def test_attachment_etag_and_head(base: str) -> None:
    report = next(r for r in found("minquan") if r["format"] == "pdf")
    head = fetch(base, report["document_path"], "HEAD")
    assert head.status == 200 and head.body == b""
    assert head.headers["Content-Type"] == "application/pdf"
    full = fetch(base, report["document_path"])
    assert int(head.headers["Content-Length"]) == len(full.body)
    assert full.body.startswith(b"%PDF")
    assert fetch(base, report["document_path"],
                 headers={"If-None-Match": head.headers["ETag"]}).status == 304


# --- the families' paging ----------------------------------------------------------


def test_trs_list_pages_only_through_create_page_html(base: str) -> None:
    pages = {n: fetch(base, f"/minquan/xxgk/ndbg/{n}").body.decode("gbk")
             for n in ("index.html", "index_1.html", "index_2.html")}
    assert 'createPageHTML(3, 0, "index", "html");' in pages["index.html"]
    assert "var countPage = 3;" in pages["index_1.html"]
    assert 'createPageHTML(countPage, currentPage, "index", "html");' in pages["index_1.html"]
    for text in pages.values():
        assert not re.search(r'href="index_\d\.html"', text)
    linked = {"/minquan/xxgk/ndbg/" + h.removeprefix("./")
              for text in pages.values() for h in re.findall(r'<li><a href="([^"]+)"', text)}
    expected = {r["url_path"] for r in TRUTH["reports"]
                if r["county"] == "minquan" and r["status"] != "missing"}
    assert expected <= linked
    assert set(p for p in TRUTH["noise_paths"] if p.startswith("/minquan/")) <= linked
    assert re.search(r"<span>\d\d-\d\d</span>", pages["index_2.html"])  # dates without a year


def test_jcms_inline_records_and_dataproxy_windows(base: str) -> None:
    column = fetch(base, JCMS_COLUMN).body.decode()
    store = re.search(r'<script type="text/xml">(.*?)</script>', column, re.DOTALL)
    assert store is not None
    recordset = re.search(r"<recordset>(.*?)</recordset>", store.group(1), re.DOTALL)
    assert recordset is not None
    inline = RECORD_LINK.findall(recordset.group(1))
    first = dataproxy(base, 1, 15)
    assert first.status == 200
    xml = first.body.decode()
    total = int(re.search(r"<totalrecord>(\d+)</totalrecord>", xml).group(1))
    assert int(re.search(r"<totalpage>(\d+)</totalpage>", xml).group(1)) == -(-total // 5)
    assert RECORD_LINK.findall(xml) == inline
    rest: list[str] = []
    for start in range(len(inline) + 1, total + 1, 15):
        window = dataproxy(base, start, start + 14).body.decode()
        rest += RECORD_LINK.findall(window)
        assert window.count("<record>") == min(15, total - start + 1)
    assert len(inline) + len(rest) == total
    assert not set(inline) & set(rest)
    expected = {r["url_path"] for r in TRUTH["reports"]
                if r["county"] == "huaiyin" and r["status"] != "missing"}
    assert expected <= set(inline) | set(rest)
    assert expected - set(inline)  # some reports only through the dataproxy
    assert "dataproxy.jsp" not in "".join(re.findall(r'<a href="([^"]+)"',
                                                     column.replace(store.group(0), "")))


def test_dataproxy_answers_post_only_and_per_column(base: str) -> None:
    assert fetch(base, JCMS_PROXY + "?startrecord=1&endrecord=15&perpage=5").status == 405
    other = dataproxy(base, 1, 15, form=JCMS_FORM | {"columnid": "999"}).body.decode()
    assert "<totalrecord>0</totalrecord>" in other
    old_path = fetch(base, "/huaiyin/module/jpage/dataproxy.jsp?startrecord=1&endrecord=3",
                     "POST", {"Content-Type": "application/x-www-form-urlencoded"},
                     urlencode(JCMS_FORM).encode())
    assert old_path.body.count(b"<record>") == 3


def test_jcms_download_without_extension(base: str) -> None:
    downfile = [r for r in found("huaiyin") if "downfile.jsp" in r["document_path"]]
    assert {r["format"] for r in downfile} == {"docx", "pdf"}
    for report in downfile:
        answer = fetch(base, report["document_path"])
        assert answer.status == 200
        assert "attachment" in answer.headers["Content-Disposition"]
        assert answer.headers["Content-Disposition"].count(f".{report['format']}") == 2
        magic = b"%PDF" if report["format"] == "pdf" else b"PK"
        assert answer.body.startswith(magic)
        assert answer.headers["Content-Type"] in {
            "application/pdf",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        }
    page = fetch(base, downfile[0]["url_path"]).body.decode()
    assert downfile[0]["document_path"].replace("&", "&amp;") in page


def test_generic_next_page_link(base: str) -> None:
    page = fetch(base, "/generic/zfxxgk/ndbg/index.html").body.decode()
    assert '<a href="index_2.html">下一页</a>' in page
    assert fetch(base, "/generic/zfxxgk/ndbg/index_2.html").status == 200


# --- special answers ---------------------------------------------------------------


def test_blocked_page_is_the_ruishu_challenge(base: str) -> None:
    (path,) = TRUTH["blocked_paths"]
    answer = fetch(base, path)
    assert answer.status == 412
    assert answer.body == (PACKAGE_DIR / "ruishu-challenge.html").read_bytes()
    assert b'r="m"' in answer.body and b"$_ts" in answer.body


def test_broken_link_is_404(base: str) -> None:
    (path,) = TRUTH["broken_paths"]
    assert fetch(base, path).status == 404
    assert fetch(base, "/minquan/no/such/page.html").status == 404


def test_deleted_article_refreshes_to_parent(base: str) -> None:
    (path,) = TRUTH["deleted_paths"]
    answer = fetch(base, path)
    assert answer.status == 200
    assert b'<meta http-equiv="refresh" content="0;url=../">' in answer.body


def test_every_listed_file_is_served(base: str) -> None:
    paths = {r["url_path"] for r in found()} | {r["document_path"] for r in found()}
    paths |= set(TRUTH["noise_paths"]) | set(TRUTH["wap_paths"])
    for path in sorted(paths):
        assert fetch(base, path, "HEAD").status == 200, path


def test_robots_allow_the_columns(base: str) -> None:
    parser = urllib.robotparser.RobotFileParser()
    parser.parse(fetch(base, "/robots.txt").body.decode().splitlines())
    for county in TRUTH["counties"].values():
        assert parser.can_fetch("nianbao", base + county["source_path"])
    assert not parser.can_fetch("nianbao", base + "/minquan/search/?q=1")


# --- snapshot 2 ------------------------------------------------------------------------


def test_snapshot2_changes() -> None:
    s2 = TRUTH["snapshot2"]
    with SamplePortals(snapshot=1) as server:
        base = server.base_url
        revised, replaced = s2["revised"][0], s2["replaced"][0]
        moved, withdrawn = s2["moved"][0], s2["withdrawn"][0]
        before = {p: fetch(base, p) for p in (revised["url_path"], replaced["document_path"],
                                               MINQUAN_LIST)}
        server.set_snapshot(2)
        assert server.snapshot == 2
        page = fetch(base, revised["url_path"])
        assert page.headers["ETag"] != before[revised["url_path"]].headers["ETag"]
        text = page.body.decode("gbk")
        assert f"发布日期：{revised['published_new']}" in text
        assert revised["published_old"] not in text
        pdf = fetch(base, replaced["document_path"])
        assert pdf.status == 200 and pdf.body.startswith(b"%PDF")
        assert pdf.body != before[replaced["document_path"]].body
        old_etag = before[replaced["document_path"]].headers["ETag"]
        assert fetch(base, replaced["document_path"],
                     headers={"If-None-Match": old_etag}).status == 200
        assert fetch(base, moved["old_url_path"]).status == 404
        assert fetch(base, moved["new_url_path"]).status == 200
        records = b"".join(dataproxy(base, s, s + 14).body for s in range(1, 60, 15)).decode()
        assert moved["new_url_path"] in records and moved["old_url_path"] not in records
        assert fetch(base, withdrawn["url_path"]).status == 404
        listing = fetch(base, "/generic/zfxxgk/ndbg/index.html").body.decode()
        listing += fetch(base, "/generic/zfxxgk/ndbg/index_2.html").body.decode()
        assert withdrawn["url_path"] not in listing
        # unchanged files keep their ETag; the injected date moves on
        unchanged = found("huaiyin")[-1]["url_path"]
        s2_answer = fetch(base, unchanged)
        server.set_snapshot(1)
        s1_answer = fetch(base, unchanged)
        assert s1_answer.headers["ETag"] == s2_answer.headers["ETag"]
        day = re.compile(r"\d{4}年\d\d月\d\d日".encode())
        assert day.search(s1_answer.body).group(0) != day.search(s2_answer.body).group(0)


# --- registry and truth ---------------------------------------------------------------


def test_registry_parses_and_sources_exist(base: str, tmp_path: Path) -> None:
    from archive.registry_file import load_registry

    text = registry_yaml(base)
    doc = yaml.safe_load(text)
    assert {s["family"] for s in doc["sources"]} == {"trs", "jcms", "generic"}
    for source in doc["sources"]:
        assert source["url"].startswith(base + "/")
        assert fetch(base, source["url"].removeprefix(base)).status == 200
    file = tmp_path / "sources.yaml"
    file.write_text(text, "utf-8")
    registry = load_registry(file)
    names = {b.name for b in registry.bodies}
    regions = {r.code for r in registry.regions}
    for report in TRUTH["reports"]:
        assert (report["body"] in names) == report["registered"]
        assert report["region"] in regions
    assert "{base}" in (PACKAGE_DIR / "registry.yaml").read_text("utf-8")


def test_truth_covers_every_body_and_year() -> None:
    from tests.support.reportgen import shape_errors

    years = TRUTH["years"]
    rows = [r for r in TRUTH["reports"] if r["registered"]]
    keys = [(r["body"], r["year"]) for r in rows]
    assert len(keys) == len(set(keys))
    bodies = {r["body"] for r in rows}
    assert len(keys) == len(bodies) * len(years)
    for r in found():
        assert not shape_errors(r["report"]), r["url_path"]
        assert r["report"]["year"] == r["year"]
        assert r["format"] in {"html", "pdf", "docx", "doc"}
        assert (r["format"] == "html") == (r["document_path"] == r["url_path"])
    for county in TRUTH["counties"]:
        statuses = {r["status"] for r in rows if r["county"] == county}
        assert {"found", "missing"} <= statuses


# --- the command line -------------------------------------------------------------------


def test_module_runs_and_does_not_import_scrapy() -> None:
    code = (
        "import sys, runpy; sys.argv = ['server', '--port', '0'];"
        "import crawler.sample_portals.server as s;"
        "assert 'scrapy' not in sys.modules; s.main()"
    )
    proc = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True,
                            cwd=Path(__file__).resolve().parents[3])
    try:
        assert proc.stdout is not None
        line = proc.stdout.readline().strip()
        assert line.startswith("http://127.0.0.1:")
        assert fetch(line, MINQUAN_LIST).status == 200
    finally:
        proc.terminate()
        proc.wait(timeout=10)
