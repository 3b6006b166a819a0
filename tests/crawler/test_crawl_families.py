"""Real crawls of list structures the sample portals do not have, on a loopback site.

One county with five columns: a jcms-marked column whose ``dataproxy.jsp`` answers 501
and whose pager is plain links; a report column whose titles carry no year and whose
dates carry no year; a mixed 信息公开 column; a Guangdong gkmlpt JSON column; an Anhui
``OpennessContent/showList`` column. ``nianbao crawl`` runs in a subprocess.
"""

from __future__ import annotations

import json
import random
import sqlite3
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from tests.crawler.conftest import FAST, NIANBAO
from tests.crawler.loopback import LoopbackSite, Page
from tests.support import render
from tests.support.reportgen import random_report

pytestmark = pytest.mark.slow

REGISTRY = """
regions:
  - {{code: "330000", name: 浙江省}}
  - {{code: "331000", name: 台州市, parent: "330000"}}
  - {{code: "331024", name: 仙居县, parent: "331000"}}
bodies:
  - {{name: 仙居县人民政府, region: "331024", level: county}}
sources:
  - {{url: "{base}/jc/col/col101/index.html", region: "331024", family: auto, name: jcms plain pager}}
  - {{url: "{base}/ny/zfxxgknb/index.html", region: "331024", family: auto, name: no years}}
  - url: "{base}/mx/xxgk/index.html"
    region: "331024"
    family: auto
    name: mixed column
    settings: {{column: mixed}}
  - {{url: "{base}/gd/gkmlpt/index", region: "331024", family: auto, name: gkmlpt}}
  - {{url: "{base}/ah/OpennessContent/showList/785/0/page_1.html", region: "331024", family: auto, name: openness}}
  - url: "{base}/lim/zfxxgknb/index.html"
    region: "331024"
    family: generic
    name: a pager longer than the limit
    settings: {{max_pages: 3}}
"""


@dataclass
class County:
    """The site's pages, and what a crawl must fetch or must leave alone."""

    pages: dict[str, Page] = field(default_factory=dict)
    reports: dict[str, tuple[str, int]] = field(default_factory=dict)  # path -> body, year
    skipped: set[str] = field(default_factory=set)
    list_titles: dict[str, tuple[str, str]] = field(default_factory=dict)  # path -> title, date


def _report_page(rng: random.Random, body: str, year: int, published: date) -> bytes:
    report = random_report(rng, "2021", year=year, body=body)
    doc = render.build_document(report, rng, published=published)
    return render.render_html(doc, "plain", render.NumberStyle(), rng)


def _report_docx(rng: random.Random, body: str, year: int, published: date) -> bytes:
    report = random_report(rng, "2021", year=year, body=body)
    doc = render.build_document(report, rng, published=published)
    return render.render_docx(doc, render.NumberStyle())


def _li(path: str, title: str, day: str) -> str:
    return f'<li><a href="{path}" target="_blank">{title}</a><span class="date">{day}</span></li>'


def _page(title: str, rows: list[str], pager: str = "", head: str = "") -> bytes:
    return f"""<!DOCTYPE html><html><head><meta charset="utf-8"><title>{title}</title>{head}</head>
<body><div class="nav"><ul><li><a href="/">首页</a></li><li><a href="/xxgk/">政务公开</a></li>
<li><a href="/hdjl/">互动交流</a></li></ul></div>
<div class="list"><ul>{"".join(rows)}</ul><div class="pager">{pager}</div></div>
<div class="foot">主办：仙居县人民政府办公室 <a href="/sitemap.html">网站地图</a></div>
</body></html>""".encode()


def build_county() -> County:
    rng = random.Random(12)
    c = County()

    def report(path: str, body: str, year: int, list_title: str, day: str) -> str:
        published = date(year + 1, 1, 20)
        c.pages[path] = Page(_report_page(rng, body, year, published))
        c.reports[path] = (body, year)
        c.list_titles[path] = (list_title, day)
        return _li(path, list_title, day)

    # -- jcms-marked column, dataproxy 501, plain pager over three pages ---------------
    jpage = (
        '<script src="/jc/module/web/jpage/jpage.js"></script>'
        "<script>$('#9').jpage({perPage: 2, groupSize: 3, totalRecord: 7,"
        " proxyUrl: '/jc/module/web/jpage/dataproxy.jsp',"
        " ajaxParam: {col:1, appid:1, webid:1, path:'/', columnid:101, unitid:'9'}});</script>"
    )
    bodies = ["下各镇", "白塔镇", "田市镇", "横溪镇", "埠头镇", "皤滩乡"]
    jc_rows: list[list[str]] = [[], [], []]
    for i, body in enumerate(bodies):
        art = f"/jc/art/2024/1/{10 + i}/art_101_{5000 + i}.html"
        jc_rows[i // 2].append(
            report(art, body, 2023, f"{body}2023年政府信息公开工作年度报告", f"2024-01-{10 + i}")
        )
    interp = "/jc/art/2024/1/30/art_101_5900.html"
    jc_rows[0].append(_li(interp, "关于下各镇2023年政府信息公开工作年度报告的解读", "2024-01-30"))
    c.skipped.add(interp)
    names = ["index.html", "index_2.html", "index_3.html"]
    for n, rows in enumerate(jc_rows):
        numbers = " ".join(
            f'<a href="{name}">{k + 1}</a>' for k, name in enumerate(names) if k != n
        )
        nxt = f'<a href="{names[n + 1]}">下一页</a>' if n < 2 else ""
        c.pages[f"/jc/col/col101/{names[n]}"] = Page(
            _page("政府信息公开年报", rows, numbers + nxt, jpage if n == 0 else "")
        )
    c.pages["/jc/module/web/jpage/dataproxy.jsp"] = Page(b"Not Implemented", "text/plain", 501)

    # -- titles without a year, dates without a year ------------------------------------
    ny = [
        report(
            "/ny/zfxxgknb/202401/t20240125_701.html",
            "北坑镇",
            2023,
            "北坑镇政府信息公开工作年度报告",
            "01-25",
        ),
        report(
            "/ny/zfxxgknb/202401/t20240126_702.html",
            "仙居县",
            2023,
            "仙居县2023年度政府信息公开工作报告",
            "01-26",
        ),
        report(
            "/ny/zfxxgknb/202402/t20240201_703.html",
            "南峰街道",
            2023,
            "南峰街道政府信息公开工作2023年度报告",
            "2024-02-01",
        ),
    ]
    meeting = "/ny/zfxxgknb/202401/t20240110_700.html"
    ny.append(_li(meeting, "我县召开2023年度政府信息公开工作年度报告编制培训会", "01-10"))
    c.skipped.add(meeting)
    c.pages["/ny/zfxxgknb/index.html"] = Page(_page("政府信息公开年报", ny))

    # -- a mixed column: only report titles are fetched --------------------------------
    mx = [
        report(
            "/mx/xxgk/202401/t20240120_801.html",
            "仙居县教育局",
            2023,
            "仙居县教育局2023年度政府信息公开工作报告",
            "2024-01-20",
        )
    ]
    for k, title in enumerate(
        ["关于印发2024年政务公开工作要点的通知", "仙居县2024年度部门预算公开"]
    ):
        path = f"/mx/xxgk/202401/t2024011{k}_90{k}.html"
        mx.append(_li(path, title, f"2024-01-1{k}"))
        c.skipped.add(path)
    c.pages["/mx/xxgk/index.html"] = Page(_page("政府信息公开", mx))

    # -- gkmlpt: platform page, JSON API over two pages, one report as a DOCX attachment
    c.pages["/gd/gkmlpt/index"] = Page(
        b"<html><head><script>window._CONFIG = {SID: '755212', TREE: ["
        + '{"id":2500,"name":"机构概况"},{"id":2590,"name":"政府信息公开年报"}'.encode()
        + b"], SERVICE_AREA_ID: 1};</script></head><body><div id='app'></div></body></html>"
    )
    posts = []
    for k, (body, year) in enumerate([("大坑镇", 2023), ("大坑镇", 2022), ("合水镇", 2023)]):
        post = f"/gd/gkmlpt/content/2/2590/post_{259000 + k}.html"
        title = f"{body}{year}年政府信息公开工作年度报告"
        article: dict[str, Any] = {
            "title": title,
            "url": post,
            "date": 1705975200 - k * 86400 * 200,
            "attachment": [],
        }
        if k == 2:  # the article page only points to its file
            docx = f"/gd/attachment/0/1/{259000 + k}.docx"
            c.pages[docx] = Page(
                _report_docx(rng, body, year, date(year + 1, 1, 5)),
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            )
            c.reports[docx] = (body, year)
            c.pages[post] = Page(
                f"<html><body><h1>{title}</h1><p>详见附件。</p></body></html>".encode()
            )
            article["attachment"] = [{"name": f"{title}.docx", "url": docx}]
        else:
            c.pages[post] = Page(_report_page(rng, body, year, date(year + 1, 1, 20)))
            c.reports[post] = (body, year)
        posts.append(article)
    for page in (1, 2):
        answer = {"classify": {"post_count": 3}, "articles": posts[2 * (page - 1) : 2 * page]}
        c.pages[f"/gd/gkmlpt/api/all/2590?page={page}&sid=755212"] = Page(
            json.dumps(answer, ensure_ascii=False).encode(), "application/json; charset=utf-8"
        )

    # -- Anhui showList, two pages -----------------------------------------------------
    for n, items in enumerate(
        [[("涡阳县教育局", 5813), ("涡阳县财政局", 5812)], [("涡阳县民政局", 5790)]], 1
    ):
        rows = [
            report(
                f"/ah/XxgkAnnualReport/show/{art}.html",
                body,
                2023,
                f"{body}2023年政府信息公开工作年度报告",
                "2024-01-16",
            )
            for body, art in items
        ]
        pager = (
            '共 2 页 <a href="/ah/OpennessContent/showList/785/0/page_2.html">下一页</a>'
            if n == 1
            else "共 2 页"
        )
        c.pages[f"/ah/OpennessContent/showList/785/0/page_{n}.html"] = Page(
            _page("政府信息公开年报", rows, pager)
        )

    # -- a runaway pager: ten pages, the source allows three ---------------------------
    for n in range(10):
        name = "index.html" if n == 0 else f"index_{n}.html"
        rows = []
        if n in (0, 5):  # the one on page 5 lies beyond the limit
            path = f"/lim/zfxxgknb/202401/t2024011{n}_60{n}.html"
            rows = [
                report(
                    path,
                    f"石桥镇{n}",
                    2023,
                    f"石桥镇{n}2023年政府信息公开工作年度报告",
                    "2024-01-05",
                )
            ]
            if n == 5:
                del c.reports[path], c.list_titles[path]
                c.skipped.add(path)
        pager = f'<a href="index_{n + 1}.html">下一页</a>'
        c.pages[f"/lim/zfxxgknb/{name}"] = Page(_page("政府信息公开年报", rows, pager))
    return c


def _run(args: list[str], data: Path) -> Any:
    import os
    import subprocess

    env = {**os.environ, "NIANBAO_DATA": str(data)}
    env.pop("NIANBAO_DB", None)
    return subprocess.run([NIANBAO, *args], env=env, capture_output=True, text=True, timeout=300)


def test_families_columns_and_pagers_on_a_loopback_county(tmp_path: Path) -> None:
    county = build_county()
    data = tmp_path / "data"
    with LoopbackSite(county.pages) as site:
        base = site.base_url
        assert _run(["init"], data).returncode == 0
        registry = tmp_path / "sources.yaml"
        registry.write_text(REGISTRY.format(base=base), "utf-8")
        imported = _run(["sources", "import", str(registry)], data)
        assert imported.returncode == 0, imported.stderr
        result = _run(["crawl", *FAST], data)
        assert result.returncode == 0, result.stdout + result.stderr
        requests = list(site.requests)

    with sqlite3.connect(data / "archive.sqlite") as db:
        captures = {
            url[len(base) :]: (role, outcome, json.loads(ctx or "{}"))
            for url, role, outcome, ctx in db.execute(
                "SELECT requested_url, role, outcome, context FROM captures"
            )
        }
        (stats,) = db.execute("SELECT stats FROM crawl_runs").fetchone()
    scrapy_stats = json.loads(stats)["scrapy"]

    # Every report is fetched: all three jcms pages through the plain pager, both
    # showList pages, both gkmlpt API pages and the attachment the JSON lists.
    fetched = {p for p, (role, outcome, _) in captures.items() if role in ("article", "attachment")}
    assert set(county.reports) <= fetched, sorted(set(county.reports) - fetched)
    assert not county.skipped & fetched
    for path in (
        "/jc/col/col101/index_2.html",
        "/jc/col/col101/index_3.html",
        "/ah/OpennessContent/showList/785/0/page_2.html",
        "/gd/gkmlpt/api/all/2590?page=2&sid=755212",
    ):
        assert captures[path][:2] == ("list", "ok"), path

    # The dataproxy was tried, answered 501, and the fallback was counted; its failure
    # is a probe's, so it hides nothing from the coverage grid.
    assert (
        "POST",
        "/jc/module/web/jpage/dataproxy.jsp?startrecord=1&endrecord=6&perpage=2",
        501,
    ) in requests
    assert scrapy_stats["nianbao/family/jcms/fallback"] == 1
    proxy = captures["/jc/module/web/jpage/dataproxy.jsp?startrecord=1&endrecord=6&perpage=2"]
    assert proxy[0] == "list_probe"

    # List title and list date (with or without a year) reach the fetched item.
    for path, (title, day) in county.list_titles.items():
        context = captures[path][2]
        assert (context.get("title"), context.get("list_date")) == (title, day), path
    gk_docx = captures["/gd/attachment/0/1/259002.docx"][2]
    assert gk_docx["article"] == base + "/gd/gkmlpt/content/2/2590/post_259002.html"

    # The page limit holds, and hitting it is counted.
    assert sorted(p for p, c in captures.items() if p.startswith("/lim/") and c[0] == "list") == [
        "/lim/zfxxgknb/index.html",
        "/lim/zfxxgknb/index_1.html",
        "/lim/zfxxgknb/index_2.html",
    ]
    assert scrapy_stats["nianbao/paging/limit/generic"] == 1

    # Skips, by reason; chrome ignored; families detected.
    assert scrapy_stats["nianbao/links/skipped/interpretation"] == 1
    assert scrapy_stats["nianbao/links/skipped/meeting"] == 1
    assert scrapy_stats["nianbao/links/skipped/not_a_report_title"] == 2
    assert scrapy_stats["nianbao/links/ignored/chrome"] > 0
    for name in ("jcms", "gkmlpt", "openness"):
        assert scrapy_stats[f"nianbao/family/{name}/detected"] == 1

    # And the extractor makes each of them a report of its body and year.
    listed = _run(["reports", "--json"], data)
    assert listed.returncode == 0, listed.stderr
    found = {(r["body"], r["year"]) for r in json.loads(listed.stdout)}
    expected = set(county.reports.values())
    assert len(expected) == len(county.reports)
    missing = {(b, y) for b, y in expected if not any(f[1] == y and b in f[0] for f in found)}
    assert missing == set()
