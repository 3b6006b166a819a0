"""The dashboard's routes over archives built with the models (real SQLite, Starlette's
test client): heatmap statuses and their evidence, filters and pages, the JSON API
against the CLI's --json, and the archived-capture sandbox."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import pytest
from sqlalchemy.orm import Session, sessionmaker
from starlette.testclient import TestClient

from archive.blobstore import BlobStore
from archive.config import Settings
from archive.models import Blob, Capture, FetchOutcome, Source
from tests.archive import builders as b
from web.app import create_app
from web.captures import rewrite_html

AS_OF = date(2025, 2, 1)


@pytest.fixture
def world(sessions: sessionmaker[Session], settings: Settings) -> dict[str, Any]:
    with sessions.begin() as s:
        return fill(s)


def fill(s: Session) -> dict[str, Any]:
    """On time, late by claim, missing, not yet due, blocked, found without evidence."""
    bodies = b.registry(s)
    src = b.source(s, "411421")
    b.report(s, bodies["county"], 2022, claimed=date(2023, 3, 1))  # on time (31 Mar)
    b.report(s, bodies["county"], 2023, claimed=date(2024, 4, 10))  # late by its claim
    b.report(s, bodies["town"], 2022, first_seen=b.at("2024-06-01"))  # nobody looked
    b.report(s, bodies["street"], 2022, first_seen=b.at("2023-01-05"))  # seen in time
    run = b.run(s, b.at("2024-05-01"), {src: "ok"})
    b.capture(
        s,
        run,
        src,
        FetchOutcome.BLOCKED,
        url="http://127.0.0.1:8765/411421/ndbg/edu2023.html",
        role="article",
        title="民权县教育局2023年政府信息公开工作年度报告",
    )
    return {k: v.id for k, v in bodies.items()}


@pytest.fixture
def client(world: dict[str, Any], settings: Settings) -> TestClient:
    return TestClient(create_app(settings, as_of=AS_OF))


def cells_of(client: TestClient, **params: Any) -> dict[tuple[str, int], dict[str, Any]]:
    data = client.get("/api/coverage", params={"years": "2021-2024", **params}).json()
    return {(r["body"], c["year"]): c for r in data["rows"] for c in r["cells"]}


def test_heatmap_cells_have_the_status_the_evidence_gives(client: TestClient) -> None:
    cells = cells_of(client)
    assert cells[("民权县人民政府", 2022)]["status"] == "on_time"
    assert cells[("民权县人民政府", 2023)]["status"] == "late"
    assert "晚于截止日" in cells[("民权县人民政府", 2023)]["evidence"]
    assert cells[("民权县人民政府", 2021)]["status"] == "missing"
    assert cells[("民权县人民政府", 2024)]["status"] == "not_due"  # due 2025-03-31
    assert cells[("民权县教育局", 2023)]["status"] == "blocked"  # unknown, not missing
    assert cells[("北关镇人民政府", 2022)]["status"] == "found"  # no evidence either way
    assert cells[("绿洲街道办事处", 2022)]["status"] == "on_time"  # seen before 31 Jan
    county = cells[("民权县人民政府", 2022)]
    assert county["deadline"] == "2023-03-31"
    assert "条例第四十九条" in county["evidence"] and "自称发布：2023-03-01" in county["evidence"]


def test_the_heatmap_agrees_with_overdue(client: TestClient, nianbao) -> None:  # type: ignore[no-untyped-def]
    result = nianbao("overdue", "--as-of", AS_OF.isoformat(), "--years", "2021-2024", "--json")
    overdue = {(r["body"], r["year"]): r["status"] for r in json.loads(result.stdout)}
    cells = cells_of(client)
    for key, status in overdue.items():
        assert cells[key]["status"] == status
    for key, cell in cells.items():
        if cell["status"] in ("missing", "late"):
            assert overdue.get(key) == cell["status"]


def test_filters_and_pages(client: TestClient) -> None:
    late = client.get("/api/coverage", params={"years": "2021-2024", "status": "late"}).json()
    assert [r["body"] for r in late["rows"]] == ["民权县人民政府"]
    unknown = client.get("/api/coverage", params={"years": "2023", "status": "unknown"}).json()
    assert [r["body"] for r in unknown["rows"]] == ["民权县教育局"]
    town = client.get("/api/coverage", params={"region": "411421101"}).json()
    assert [r["body"] for r in town["rows"]] == ["北关镇人民政府"]
    level = client.get("/api/coverage", params={"level": "street"}).json()
    assert [r["body"] for r in level["rows"]] == ["绿洲街道办事处"]
    pages = [
        client.get("/api/coverage", params={"per_page": 2, "page": n}).json() for n in (1, 2, 3)
    ]
    assert [p["total"] for p in pages] == [5, 5, 5]
    names = [r["body"] for p in pages for r in p["rows"]]
    assert len(names) == len(set(names)) == 5
    html = client.get("/", params={"status": "late", "years": "2021-2024"}).text
    assert "民权县人民政府" in html and "北关镇人民政府" not in html.split("<table")[1]
    assert client.get("/api/coverage", params={"status": "nonsense"}).status_code == 400


def test_pages_are_chinese_and_carry_a_strict_csp(client: TestClient, world) -> None:  # type: ignore[no-untyped-def]
    for path in (
        "/",
        f"/body/{world['county']}",
        "/findings",
        "/alerts",
        "/runs",
        "/sources",
        "/charts",
    ):
        response = client.get(path)
        assert response.status_code == 200, path
        csp = response.headers["content-security-policy"]
        assert "script-src 'self'" in csp and "default-src 'self'" in csp
        assert '<html lang="zh-CN">' in response.text
    body = client.get(f"/body/{world['county']}").text
    assert "逾期发布" in body and "首次发现" in body and "自称发布" in body
    assert client.get("/body/99999").status_code == 404


@pytest.mark.parametrize("name", ["reports", "runs", "revisions", "sources", "findings", "alerts"])
def test_api_gives_the_same_rows_as_the_cli_json(client: TestClient, nianbao, name: str) -> None:  # type: ignore[no-untyped-def]
    args = {"alerts": ["alerts", "list"], "sources": ["sources", "list"]}.get(name, [name])
    cli = nianbao(*args, "--json")
    assert cli.exit_code == 0, cli.output
    assert client.get(f"/api/{name}").json() == json.loads(cli.stdout)


def test_api_missing_matches_the_cli(client: TestClient, nianbao) -> None:  # type: ignore[no-untyped-def]
    cli = json.loads(nianbao("missing", "--years", "2021-2023", "--json").stdout)
    assert client.get("/api/missing", params={"years": "2021-2023"}).json() == cli
    assert client.get("/api/missing", params={"years": "20x"}).status_code == 400


def _stored(sessions: sessionmaker[Session], settings: Settings, body: bytes, ctype: str) -> int:
    stored = BlobStore(settings.blob_dir).put(body)
    with sessions.begin() as s:
        s.add(Blob(sha256=stored.sha256, size=stored.size, stored_size=stored.stored_size))
        c = Capture(
            requested_url="http://gov.example.cn/ndbg/a.html",
            final_url="http://gov.example.cn/ndbg/a.html",
            status=200,
            outcome=FetchOutcome.OK,
            headers={"Content-Type": [ctype]},
            content_type=ctype,
            blob_sha256=stored.sha256,
        )
        s.add(c)
        s.flush()
        return c.id


def test_archived_capture_is_sandboxed_rewritten_and_raw_is_exact(
    client: TestClient, sessions: sessionmaker[Session], settings: Settings
) -> None:
    page = (
        '<html><head><meta charset="gbk"><base href="http://evil.example/">'
        '<meta http-equiv="refresh" content="0;url=http://evil.example/x"></head><body>'
        '<a href="b.html">下一页</a><img src="/img/logo.png"><script>alert(1)</script>'
        "<p>年度报告</p></body></html>"
    ).encode("gbk")
    cid = _stored(sessions, settings, page, "text/html; charset=gbk")
    archived = client.get(f"/archived/{cid}")
    csp = archived.headers["content-security-policy"]
    assert csp.startswith("sandbox;") and "default-src 'none'" in csp
    assert "script-src" not in csp  # falls back to default-src 'none'
    html = archived.text
    assert "年度报告" in html
    assert "/go?url=http%3A%2F%2Fgov.example.cn%2Fndbg%2Fb.html" in html  # relative to the page
    assert "/go?url=http%3A%2F%2Fgov.example.cn%2Fimg%2Flogo.png" in html
    assert "evil.example" not in html  # base and refresh dropped
    raw = client.get(f"/raw/{cid}")
    assert raw.content == page
    assert raw.headers["content-disposition"] == f'attachment; filename="capture-{cid}.html"'
    assert raw.headers["content-security-policy"].startswith("sandbox")
    wrapper = client.get(f"/capture/{cid}").text
    assert BlobStore(settings.blob_dir).put(page).sha256 in wrapper
    assert 'sandbox title="存档页面' in wrapper
    go = client.get(
        "/go", params={"url": "http://gov.example.cn/ndbg/a.html"}, follow_redirects=False
    )
    assert go.status_code == 303 and go.headers["location"] == f"/archived/{cid}"
    assert client.get("/go", params={"url": "http://nowhere.example/"}).status_code == 404


def test_a_revisit_shows_its_time_its_bytes_and_the_capture_it_repeats(
    client: TestClient, sessions: sessionmaker[Session], settings: Settings
) -> None:
    page = "<html><meta charset='utf-8'><p>年度报告</p></html>".encode()
    cid = _stored(sessions, settings, page, "text/html; charset=utf-8")
    with sessions.begin() as s:
        first = s.get(Capture, cid)
        assert first is not None
        again = Capture(
            requested_url=first.requested_url,
            final_url=first.final_url,
            status=304,
            outcome=FetchOutcome.NOT_MODIFIED,
            blob_sha256=first.blob_sha256,
            revisit_of=cid,
        )
        s.add(again)
        s.flush()
        rid = again.id
    wrapper = client.get(f"/capture/{rid}").text
    assert f'href="/capture/{cid}"' in wrapper and "内容未变" in wrapper
    assert "304" in wrapper and 'sandbox title="存档页面' in wrapper
    raw = client.get(f"/raw/{rid}")
    assert raw.content == page
    assert raw.headers["content-disposition"] == f'attachment; filename="capture-{rid}.html"'
    assert "年度报告" in client.get(f"/archived/{rid}").text


def test_rewrite_html_keeps_fragments_and_drops_script_urls() -> None:
    out = rewrite_html(
        b'<a href="#top">t</a><a href="javascript:alert(1)">j</a><a href="mailto:a@b.cn">m</a>',
        "http://x.cn/a/",
        None,
    )
    assert 'href="#top"' in out
    assert "javascript:" not in out and "mailto:" not in out
    assert rewrite_html(b"", "http://x.cn/", None) == ""


def test_serve_without_an_archive_is_one_line(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from click.testing import CliRunner

    from crawler.cli import cli

    result = CliRunner().invoke(
        cli, ["serve"], env={"NIANBAO_DATA": str(tmp_path / "none"), "NIANBAO_DB": ""}
    )
    assert result.exit_code == 69 or result.exit_code != 0
    assert result.output.strip().splitlines()[-1].startswith("error: no archive database")


def test_a_new_crawl_shows_on_the_next_page(
    client: TestClient, sessions: sessionmaker[Session]
) -> None:
    assert cells_of(client)[("民权县人民政府", 2021)]["status"] == "missing"
    with sessions.begin() as s:
        src = s.query(Source).filter_by(region_code="411421").one()
        run = b.run(s, b.at("2025-01-20"), {src: "ok"})
        b.capture(
            s,
            run,
            src,
            FetchOutcome.UNREACHABLE,
            url="http://127.0.0.1:8765/411421/ndbg/gov2021.html",
            role="article",
            title="民权县人民政府2021年政府信息公开工作年度报告",
        )
    # the cached archive state is refreshed: the crawler could not see, so not missing
    assert cells_of(client)[("民权县人民政府", 2021)]["status"] == "unreachable"


def test_body_page_shows_one_reports_tables_at_a_time(client: TestClient, world) -> None:  # type: ignore[no-untyped-def]
    newest = client.get(f"/body/{world['county']}").text
    assert newest.count("三、收到和处理政府信息公开申请情况") == 1
    assert f'href="/body/{world["county"]}?year=2022#y2022"' in newest
    older = client.get(f"/body/{world['county']}", params={"year": 2022}).text
    assert older.count("三、收到和处理政府信息公开申请情况") == 1
    assert f'href="/body/{world["county"]}?year=2023#y2023"' in older
