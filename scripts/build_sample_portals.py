"""Build the bundled sample portals in ``crawler/sample_portals/`` (run once, commit the output).

Three fictionalised county portals, one per CMS family, each listing the
政府信息公开工作年度报告 of five bodies for 2019–2024 as real portals do:

- ``minquan/`` — TRS WCM, GBK, list pages reachable only through ``createPageHTML``,
  ``./YYYYMM/tYYYYMMDD_N.html`` articles, ``_wap`` duplicates, ``P0….pdf/.doc/.docx``
  attachments, one page whose HTTP header lies about its charset, one Ruishu block;
- ``huaiyin/`` — Hanweb jcms, UTF-8, first records inline in ``<datastore>`` and the rest
  only through the POST ``dataproxy.jsp``, extension-less ``downfile.jsp`` downloads,
  one broken (404) link;
- ``generic/`` — a plain CMS, UTF-8, a "下一页" link, one deleted article answering
  200 with a meta refresh.

Every report is a random but realistic report dict (``tests/support/reportgen``)
rendered by ``tests/support/render`` (HTML tables, DOCX, and PDF/DOC through
LibreOffice). The script writes the snapshot 1 tree (``site/``), the snapshot 2
overlay (``snapshot2/``), ``snapshot1.json`` / ``snapshot2.json`` (what the server
needs), ``truth.json`` (what a crawl must find) and ``registry.yaml``.

Everything is seeded by names, so reruns give the same pages; only the PDF and DOC
bytes that LibreOffice makes may differ between machines (their dates are pinned).

    .venv/bin/python scripts/build_sample_portals.py
"""

# ruff: noqa: E501 -- the HTML templates below keep the long lines of real portal pages
from __future__ import annotations

import copy
import hashlib
import html
import json
import random
import re
import shutil
import sys
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.support import render, reportgen  # noqa: E402

OUT = ROOT / "crawler" / "sample_portals"
YEARS = tuple(range(2019, 2025))
VISITS = "<!--NB:VISITS-->"
TODAY = "<!--NB:TODAY-->"
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
MIME = {"pdf": "application/pdf", "docx": DOCX_TYPE, "doc": "application/msword"}

# ---------------------------------------------------------------------------
# the plan: who publishes what, where


@dataclass(frozen=True)
class Body:
    """A registered body; ``doc_name`` is how its documents name it."""

    name: str
    level: str
    region: str
    aliases: tuple[str, ...] = ()
    doc_name: str | None = None
    registered: bool = True

    @property
    def named(self) -> str:
        return self.doc_name or self.name


@dataclass(frozen=True)
class County:
    """One sample portal."""

    key: str
    name: str
    code: str
    parents: tuple[tuple[str, str, str | None], ...]  # (code, name, parent) above the county
    family: str
    encoding: str
    source_path: str
    bodies: tuple[Body, ...]
    townships: tuple[tuple[str, str], ...]  # (code, name) regions below the county
    # one word per year 2019..2024: html | pdf | docx | doc | missing | blocked | broken | deleted
    plan: dict[str, str]


COUNTIES: tuple[County, ...] = (
    County(
        key="minquan", name="民权县", code="411421",
        parents=(("410000", "河南省", None), ("411400", "商丘市", "410000")),
        family="trs", encoding="gbk", source_path="/minquan/xxgk/ndbg/index.html",
        bodies=(
            Body("民权县人民政府", "county", "411421"),
            Body("民权县教育局", "county_department", "411421"),
            Body("民权县财政局", "county_department", "411421"),
            Body("北关镇人民政府", "township", "411421101", ("北关镇", "民权县北关镇人民政府"),
                 doc_name="民权县北关镇人民政府"),
            Body("绿洲街道办事处", "street", "411421001", ("绿洲街道",)),
        ),
        townships=(("411421101", "北关镇"), ("411421001", "绿洲街道")),
        plan={
            "民权县人民政府": "html html html pdf html html",
            "民权县教育局": "docx html html doc html blocked",
            "民权县财政局": "missing html html html pdf html",
            "北关镇人民政府": "html missing html docx missing html",
            "绿洲街道办事处": "missing missing html html doc html",
        },
    ),
    County(
        key="huaiyin", name="淮阴区", code="320804",
        parents=(("320000", "江苏省", None), ("320800", "淮安市", "320000")),
        family="jcms", encoding="utf-8", source_path="/huaiyin/col/col1234/index.html",
        bodies=(
            Body("淮安市淮阴区人民政府", "county", "320804", ("淮阴区人民政府",),
                 doc_name="淮阴区人民政府"),
            Body("淮阴区教育局", "county_department", "320804"),
            Body("淮阴区卫生健康委员会", "county_department", "320804", ("淮阴区卫健委",)),
            Body("王营镇人民政府", "township", "320804102", ("王营镇", "淮阴区王营镇人民政府"),
                 doc_name="淮阴区王营镇人民政府"),
            Body("长江路街道办事处", "street", "320804004", ("长江路街道",)),
        ),
        townships=(("320804102", "王营镇"), ("320804004", "长江路街道")),
        plan={
            "淮安市淮阴区人民政府": "html html docx html html pdf",
            "淮阴区教育局": "html missing html html pdf html",
            "淮阴区卫生健康委员会": "missing html html broken docx html",
            "王营镇人民政府": "html html missing html html missing",
            "长江路街道办事处": "missing missing html docx html html",
        },
    ),
    County(
        key="generic", name="清河县", code="130534",
        parents=(("130000", "河北省", None), ("130500", "邢台市", "130000")),
        family="generic", encoding="utf-8", source_path="/generic/zfxxgk/ndbg/index.html",
        bodies=(
            Body("清河县人民政府", "county", "130534"),
            Body("清河县市场监督管理局", "county_department", "130534", ("清河县市场监管局",)),
            Body("清河县民政局", "county_department", "130534"),
            Body("葛仙庄镇人民政府", "township", "130534101", ("葛仙庄镇",)),
            Body("城北街道办事处", "street", "130534002", ("城北街道", "清河县城北街道办事处"),
                 doc_name="清河县城北街道办事处"),
        ),
        townships=(("130534101", "葛仙庄镇"), ("130534002", "城北街道")),
        plan={
            "清河县人民政府": "html html html pdf html html",
            "清河县市场监督管理局": "html html missing html deleted html",
            "清河县民政局": "missing doc html html html missing",
            "葛仙庄镇人民政府": "html missing html html docx html",
            "城北街道办事处": "missing missing html html html docx",
        },
    ),
)

# A report of a body that is not registered: kept, attributed to nobody.
UNREGISTERED = {
    "minquan": (Body("民权县人民防空办公室", "county_department", "411421", registered=False),
                2023),
}


@dataclass
class Tweak:
    """Per-report deviations from the defaults."""

    template: str | None = None
    style: str | None = None  # content style: trs_gbk | jcms | plain | wordpaste
    numbers: dict[str, Any] = field(default_factory=dict)
    consistent: bool = True
    blank_p: float | None = None
    wap: str | None = None  # "linked" (article links it) or "listed" (the list links it too)
    header_utf8: bool = False  # HTTP header says utf-8 while the bytes are GBK
    pubdate_meta: date | None = None  # a PubDate meta that disagrees (re-published)
    downfile: bool = False  # jcms: linked through downfile.jsp without an extension
    published: date | None = None
    year_title: bool = False  # "2022年度…" instead of "2022年…"


TWEAKS: dict[tuple[str, int], Tweak] = {
    ("民权县人民政府", 2019): Tweak(style="trs_gbk", pubdate_meta=date(2022, 6, 10)),
    ("民权县人民政府", 2021): Tweak(style="trs_gbk", numbers={"fullwidth": True}),
    ("民权县人民政府", 2023): Tweak(style="trs_gbk"),
    ("民权县教育局", 2023): Tweak(wap="listed"),
    ("民权县财政局", 2020): Tweak(template="2021"),
    ("北关镇人民政府", 2019): Tweak(consistent=False),
    ("北关镇人民政府", 2021): Tweak(header_utf8=True, year_title=True),
    ("北关镇人民政府", 2024): Tweak(published=date(2025, 3, 14)),  # after its deadline
    ("绿洲街道办事处", 2021): Tweak(template="2019"),
    ("绿洲街道办事处", 2022): Tweak(wap="linked"),
    ("淮安市淮阴区人民政府", 2021): Tweak(downfile=True),
    ("淮安市淮阴区人民政府", 2022): Tweak(numbers={"thousands": True}),
    ("淮安市淮阴区人民政府", 2024): Tweak(downfile=True),
    ("淮阴区教育局", 2021): Tweak(style="wordpaste", year_title=True),
    ("王营镇人民政府", 2022): Tweak(consistent=False),
    ("长江路街道办事处", 2022): Tweak(downfile=True),
    ("清河县人民政府", 2021): Tweak(style="wordpaste"),
    ("清河县人民政府", 2023): Tweak(numbers={"fee_yuan": True}),
    ("清河县民政局", 2020): Tweak(template="2021"),
    ("葛仙庄镇人民政府", 2022): Tweak(numbers={"blank": "/"}, blank_p=0.4),
    ("城北街道办事处", 2023): Tweak(year_title=True),
}

# Snapshot 2: what changed between the two crawls.
REVISED = ("民权县人民政府", 2023)  # inline report: two figures and its 发布日期
REPLACED = ("民权县财政局", 2023)  # attachment replaced at the same URL
MOVED = ("淮阴区教育局", 2022)  # new URL; the old one answers 404
WITHDRAWN = ("清河县民政局", 2023)  # unlisted, 404
S2_TODAY_OFFSET = 45

# Noise: listed in the report columns, with 年度 in the title, not annual reports.
NOISE_TITLES = (
    ("关于报送{y}年度政府信息公开工作年度报告的通知", "notice", 2024),
    ("{c}{y}年度部门预算公开", "budget", 2024),
    ("{c}{y}年度财政决算公开", "budget", 2023),
    ("{c}政府信息公开指南（{y}年修订）", "notice", 2022),
)
GENERIC_EXTRA_NOISE = ("我县召开{y}年度政府信息公开工作年度报告编制培训会", "notice", 2022)

# ---------------------------------------------------------------------------
# reports


@dataclass
class Report:
    """One published report (a (body, year) that is found, or blocked/broken/deleted)."""

    county: County
    body: Body
    year: int
    kind: str  # html | pdf | docx | doc | blocked | broken | deleted
    tweak: Tweak
    published: date
    report: dict[str, Any] | None = None
    doc: render.Document | None = None
    numbers: render.NumberStyle = field(default_factory=render.NumberStyle)
    url_path: str = ""
    document_path: str = ""
    file_path: str = ""  # where an attachment's bytes live in the site tree
    file_modified: date | None = None  # Last-Modified of a replaced attachment
    wap_path: str | None = None
    serial: int = 0

    @property
    def title(self) -> str:
        if self.doc is not None:
            return self.doc.title
        return f"{self.body.named}{self.year}年政府信息公开工作年度报告"

    @property
    def fmt(self) -> str:
        return "html" if self.kind == "html" else self.kind

    def rng(self, salt: str = "") -> random.Random:
        return random.Random(f"{self.county.key}/{self.body.name}/{self.year}/{salt}")


def default_template(year: int) -> str:
    return "2019" if year <= 2020 else "2021"


def publish_date(rng: random.Random, body: Body, year: int) -> date:
    """A claimed date before the body's deadline (governments: March; others: January)."""
    if body.level == "county":
        return date(year + 1, 3, rng.randint(5, 28))
    return date(year + 1, 1, rng.randint(8, 29))


def first_published(county: County, body: Body, year: int) -> date:
    """The claimed date of a report as first published."""
    tweak = TWEAKS.get((body.name, year), Tweak())
    probe = random.Random(f"{county.key}/{body.name}/{year}/date")
    return tweak.published or publish_date(probe, body, year)


def make_report(county: County, body: Body, year: int, kind: str, revision: int = 0) -> Report:
    """The report data and laid-out document of one (body, year)."""
    tweak = TWEAKS.get((body.name, year), Tweak())
    published = first_published(county, body, year)
    rep = Report(county, body, year, kind, tweak, published)
    if kind in ("broken", "blocked", "deleted"):
        return rep
    rng = rep.rng("data")
    template = tweak.template or default_template(year)
    data = reportgen.random_report(
        rng, template, consistent=tweak.consistent, year=year, body=body.named,
        blank_p=tweak.blank_p,
    )
    if revision:
        data = revise(rep, data)
        if (body.name, year) == REVISED:
            rep.published = published = published + timedelta(days=330)
        else:
            rep.file_modified = published + timedelta(days=330)
    rep.report = data
    rep.numbers = render.NumberStyle(**tweak.numbers)
    doc = render.build_document(data, rep.rng("doc"), published=published - timedelta(days=2))
    if tweak.year_title:
        doc.title = doc.title.replace(f"{year}年政府", f"{year}年度政府")
        first = doc.blocks[0]
        if isinstance(first, render.Para):
            first.text = doc.title
    rep.doc = doc
    return rep


# The figures changed in snapshot 2, per report.
REVISIONS: dict[tuple[str, int], list[tuple[tuple[str, ...], int]]] = {
    REVISED: [(("active", "licensing", "decisions"), 37), (("active", "penalty", "decisions"), 5)],
    REPLACED: [(("active", "normative_documents", "in_force"), 3),
               (("active", "licensing", "decisions"), 12)],
}


def revise(rep: Report, data: dict[str, Any]) -> dict[str, Any]:
    """The snapshot 2 version of a revised report: some figures changed."""
    out = copy.deepcopy(data)
    for path, delta in REVISIONS[(rep.body.name, rep.year)]:
        node = out
        for part in path[:-1]:
            node = node.setdefault(part, {})
        node[path[-1]] = int(node.get(path[-1]) or 0) + delta
    return out


def figure_changes(old: dict[str, Any], new: dict[str, Any]) -> list[dict[str, Any]]:
    """``[{path, old, new}]`` for every cell that differs, paths as in report-schema.md."""
    changes = []
    for section in ("active", "applications", "appeals"):
        rows = set(old[section]) | set(new[section])
        for row in sorted(rows):
            a, b = old[section].get(row, {}), new[section].get(row, {})
            for key in list(dict.fromkeys([*a, *b])):
                if a.get(key) != b.get(key):
                    changes.append({"path": f"{section}.{row}.{key}", "old": a.get(key),
                                    "new": b.get(key)})
    return changes


# ---------------------------------------------------------------------------
# site files


@dataclass
class SiteFile:
    """The bytes of one served file and what the server must know about it."""

    data: bytes
    modified: datetime
    charset: str | None = None  # HTTP header charset override (html only)


def stamp(d: date, hour: int = 9) -> datetime:
    return datetime(d.year, d.month, d.day, hour, 0, 0, tzinfo=UTC)


def esc(text: str) -> str:
    return html.escape(text, quote=True)


def content_html(rep: Report, style: str) -> str:
    """The report's body in a portal style (the renderer's content, without the page)."""
    assert rep.doc is not None
    return render._content_html(rep.doc, style, rep.numbers, rep.rng("content"))


class Site:
    """Collects the files of one county for one snapshot."""

    def __init__(self, county: County) -> None:
        self.county = county
        self.files: dict[str, SiteFile] = {}

    def add(self, path: str, data: bytes | str, modified: datetime,
            charset: str | None = None) -> None:
        if isinstance(data, str):
            data = data.encode(self.county.encoding)
        self.files[path.lstrip("/")] = SiteFile(data, modified, charset)


@dataclass
class Listed:
    """One entry of a report column."""

    title: str
    path: str
    day: date


# ----- TRS WCM (minquan) -----------------------------------------------------

TRS_COLUMN = "/minquan/xxgk/ndbg/"
TRS_PAGE_FN = """function createPageHTML(_nPageCount, _nCurrIndex, _sPageName, _sPageExt){
  if(_nPageCount == null || _nPageCount<=1){ return; }
  var nCurrIndex = _nCurrIndex || 0;
  if(nCurrIndex == 0){ document.write("<span class=\\"current\\">1</span>&nbsp;"); }
  else { document.write("<a href=\\""+_sPageName+"."+_sPageExt+"\\">1</a>&nbsp;"); }
  for(var i=1; i<_nPageCount; i++){
    if(nCurrIndex == i){ document.write("<span class=\\"current\\">"+(i+1)+"</span>&nbsp;"); }
    else { document.write("<a href=\\""+_sPageName+"_"+i+"."+_sPageExt+"\\">"+(i+1)+"</a>&nbsp;"); }
  }
}"""


def trs_head(title: str, extra_meta: str = "") -> str:
    return f"""<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
<html xmlns="http://www.w3.org/1999/xhtml">
<head>
<meta http-equiv="Content-Type" content="text/html; charset=gb2312" />
<meta http-equiv="X-UA-Compatible" content="IE=edge" />
<title>{esc(title)}_民权县人民政府</title>
<meta name="SiteName" content="民权县人民政府">
<meta name="SiteDomain" content="www.minquan.gov.cn">
<meta name="ColumnName" content="政府信息公开年报">
{extra_meta}<link href="/minquan/images/common.css" rel="stylesheet" type="text/css" />
</head>
<body>
<div class="top">
  <div class="topbar"><span class="date">今天是：{TODAY}</span>
  <a href="/minquan/">首页</a> | <a href="/minquan/wza/">无障碍浏览</a></div>
  <ul class="nav">
    <li><a href="/minquan/">首页</a></li><li><a href="/minquan/xxgk/">政府信息公开</a></li>
    <li><a href="/minquan/zwfw/">政务服务</a></li><li><a href="/minquan/hdjl/">互动交流</a></li>
  </ul>
</div>
"""


TRS_FOOT = """<div class="footer">
  <p>主办：民权县人民政府办公室&nbsp;&nbsp;网站标识码：4114210001&nbsp;&nbsp;备案号：豫ICP备05012345号</p>
  <p>总访问量：<span class="count">{visits}</span></p>
</div>
</body>
</html>
""".replace("{visits}", VISITS)


def trs_article(rep_title: str, pub: date, meta_pub: date, source: str, content: str,
                wap_href: str | None, docid: int) -> str:
    meta = (
        f'<meta name="ArticleTitle" content="{esc(rep_title)}">\n'
        f'<meta name="PubDate" content="{meta_pub.isoformat()} {8 + docid % 9:02d}:{docid % 60:02d}">\n'
        f'<meta name="ContentSource" content="{esc(source)}">\n'
    )
    wap = f' <a href="{wap_href}">【手机版】</a>' if wap_href else ""
    return trs_head(rep_title, meta) + f"""<div class="position">您当前的位置：<a href="/minquan/">首页</a> &gt; <a href="../../">政府信息公开</a> &gt; <a href="../">政府信息公开年报</a></div>
<div class="article">
  <h1 class="article-title">{esc(rep_title)}</h1>
  <div class="article-info">发布日期：{pub.isoformat()}&nbsp;&nbsp;来源：{esc(source)}&nbsp;&nbsp;浏览次数：<span id="visitcount">{VISITS}</span>{wap}</div>
  <div class="article-con">
<div class="TRS_Editor"><div class="Custom_UnionStyle">
{content}
</div></div>
  </div>
  <div class="article-tools"><a href="javascript:window.print()">【打印本页】</a> <a href="javascript:window.close()">【关闭窗口】</a></div>
</div>
""" + TRS_FOOT


def trs_wap(rep: Report) -> str:
    return f"""<!DOCTYPE html>
<html>
<head>
<meta http-equiv="Content-Type" content="text/html; charset=gb2312" />
<meta name="viewport" content="width=device-width, initial-scale=1" />
<title>{esc(rep.title)}</title>
</head>
<body class="wap">
<header>民权县人民政府 手机版 {TODAY}</header>
<h1>{esc(rep.title)}</h1>
<p class="info">发布日期：{rep.published.isoformat()} 浏览：{VISITS}</p>
<div class="con">
{content_html(rep, "plain")}
</div>
</body>
</html>
"""


def attachment_intro(rep: Report, link: str, link_text: str) -> str:
    return (
        f"<p>根据《中华人民共和国政府信息公开条例》规定，现将《{esc(rep.title)}》予以公开。</p>\n"
        f'<p>附件：<a href="{link}">{esc(link_text)}</a></p>'
    )


def trs_docid(rep: Report) -> int:
    return 10000 + rep.serial * 7 + rep.year % 10


def build_trs(county: County, reports: list[Report], noise: list[Listed], site: Site,
              snapshot: int) -> None:
    """TRS column pages, articles, wap twins and attachments; returns the listed entries."""
    listed: list[Listed] = []
    for rep in reports:
        docid = trs_docid(rep)
        # the URL folder keeps the first publication date (a revision keeps its URL)
        folder_day = first_published(county, rep.body, rep.year)
        folder = f"{folder_day:%Y%m}"
        name = f"t{folder_day:%Y%m%d}_{docid}"
        rep.url_path = f"{TRS_COLUMN}{folder}/{name}.html"
        rep.document_path = rep.url_path
        listed.append(Listed(rep.title, f"./{folder}/{name}.html", rep.published))
        if rep.kind in ("blocked", "broken", "deleted"):
            continue
        assert rep.doc is not None
        wap_href = None
        if rep.tweak.wap:
            rep.wap_path = f"{TRS_COLUMN}{folder}/{name}_wap.html"
            wap_href = f"./{name}_wap.html"
            site.add(rep.wap_path, trs_wap(rep), stamp(rep.published, 10))
            if rep.tweak.wap == "listed":
                listed.append(Listed(rep.title + "（手机版）", f"./{folder}/{name}_wap.html",
                                     rep.published))
        if rep.kind == "html":
            content = content_html(rep, rep.tweak.style or "jcms")
        else:
            digits = hashlib.md5(f"{rep.url_path}".encode()).hexdigest()
            att = f"P0{folder_day:%Y%m%d}{int(digits[:12], 16) % 10**12:012d}.{rep.kind}"
            rep.document_path = rep.file_path = f"{TRS_COLUMN}{folder}/{att}"
            content = attachment_intro(rep, f"./{att}", f"{rep.title}.{rep.kind}")
            content = content.replace('<a href="', f'<a OLDSRC="/protect/{att}" href="', 1)
            content = content.replace("<a OLDSRC", '<a target="_blank" OLDSRC')
        page = trs_article(rep.title, rep.published, rep.tweak.pubdate_meta or rep.published,
                           rep.body.named, content, wap_href, docid)
        site.add(rep.url_path, page, stamp(rep.published),
                 charset="utf-8" if rep.tweak.header_utf8 else None)
    for item in noise:
        listed.append(item)
    listed.sort(key=lambda x: (x.day, x.path), reverse=True)
    size = -(-len(listed) // 3)
    pages = [listed[i * size : (i + 1) * size] for i in range(3)]
    for n, items in enumerate(pages):
        lis = []
        for it in items:
            shown = it.title if len(it.title) <= 22 else it.title[:21] + "…"
            day = f"{it.day:%m-%d}" if n == 2 else it.day.isoformat()
            lis.append(f'<li><a href="{it.path}" target="_blank" title="{esc(it.title)}">'
                       f"{esc(shown)}</a><span>{day}</span></li>")
        if n == 0:
            pager = 'createPageHTML(3, 0, "index", "html");'
        elif n == 1:
            pager = ('var countPage = 3; //共多少页\nvar currentPage = 1; //当前页\n'
                     'createPageHTML(countPage, currentPage, "index", "html");')
        else:
            pager = 'createPageHTML(3, 2, "index", "html");'
        body = trs_head("政府信息公开年报") + f"""<div class="position">您当前的位置：<a href="/minquan/">首页</a> &gt; <a href="../">政府信息公开</a> &gt; <a href="./">政府信息公开年报</a></div>
<div class="list">
<h2>政府信息公开年报</h2>
<ul class="list-ul">
{chr(10).join(lis)}
</ul>
<div class="page"><script type="text/javascript">
{TRS_PAGE_FN}
{pager}
</script></div>
</div>
<!-- 共{len(listed)}条记录 -->
""" + TRS_FOOT
        fname = "index.html" if n == 0 else f"index_{n}.html"
        site.add(TRS_COLUMN + fname, body,
                 stamp(date(2025, 2, 1) + timedelta(days=60 * (snapshot - 1))))


def trs_noise_page(title: str, kind: str, day: date, path: str) -> str:
    return trs_article(title, day, day, "民权县人民政府办公室", noise_content(kind, title, day),
                       None, 900 + len(path))


# ----- Hanweb jcms (huaiyin) ------------------------------------------------

JCMS_COL = 1234
JCMS_UNIT = 5678
JCMS_PERPAGE = 5
JCMS_INLINE = 15  # records inline in the column page (one 3-page window)
JCMS_PROXY = "/huaiyin/module/web/jpage/dataproxy.jsp"
JCMS_PROXY_OLD = "/huaiyin/module/jpage/dataproxy.jsp"
JCMS_DOWN = "/huaiyin/module/download/downfile.jsp"


def jcms_page(title: str, main: str, head: str = "") -> str:
    return f"""<!DOCTYPE html>
<html>
<head>
<meta charset="utf-8">
<meta name="SiteName" content="淮安市淮阴区人民政府">
<meta name="ColumnName" content="政府信息公开年度报告">
{head}<title>{esc(title)}</title>
<link rel="stylesheet" href="/huaiyin/images/{JCMS_COL}/style.css">
<script language="javascript" src="/huaiyin/script/0/1505141034392939.js"></script>
</head>
<body>
<div class="header"><div class="w1200">
  <span class="today">{TODAY}</span>
  <a href="/huaiyin/">首页</a> <a href="/huaiyin/col/col1230/index.html">政务公开</a> <a href="/huaiyin/col/col1231/index.html">政务服务</a>
</div></div>
<div class="w1200 location">当前位置：<a href="/huaiyin/">首页</a> &gt; <a href="/huaiyin/col/col1230/index.html">政务公开</a> &gt; <a href="/huaiyin/col/col{JCMS_COL}/index.html">政府信息公开年度报告</a></div>
{main}
<div class="footer">主办单位：淮安市淮阴区人民政府办公室 &nbsp; 网站标识码：3208040001 &nbsp; 访问量：{VISITS}</div>
</body>
</html>
"""


def jcms_article(title: str, pub: date, source: str, content: str, art: int) -> str:
    head = (f'<meta name="ArticleTitle" content="{esc(title)}">\n'
            f'<meta name="PubDate" content="{pub.isoformat()} 1{art % 8}:{art % 60:02d}">\n')
    main = f"""<div class="w1200 main">
<table width="100%" border="0" cellspacing="0" cellpadding="0">
<tr><td class="title" align="center"><!--<$[标题名称]>begin-->{esc(title)}<!--<$[标题名称]>end--></td></tr>
<tr><td class="info" align="center">发布日期：{pub.isoformat()} &nbsp; 信息来源：{esc(source)} &nbsp; 浏览次数：{VISITS}</td></tr>
<tr><td><div id="zoom"><!--<$[信息内容]>begin-->
{content}
<!--<$[信息内容]>end--></div></td></tr>
</table>
</div>"""
    return jcms_page(title, main, head)


def jcms_art_path(day: date, art: int) -> str:
    return f"/huaiyin/art/{day.year}/{day.month}/{day.day}/art_{JCMS_COL}_{art}.html"


def build_jcms(county: County, reports: list[Report], noise: list[Listed], site: Site,
               snapshot: int, downloads: dict[str, dict[str, str]]) -> list[str]:
    """jcms column page, articles and attachments; returns the dataproxy records."""
    listed: list[Listed] = []
    for rep in reports:
        art = 4000 + rep.serial * 13
        day = rep.published
        if snapshot == 2 and (rep.body.name, rep.year) == MOVED:
            art, day = 9900 + rep.serial, date(2025, 2, 17)
        rep.url_path = rep.document_path = jcms_art_path(day, art)
        listed.append(Listed(rep.title, rep.url_path, rep.published))
        if rep.kind in ("blocked", "broken", "deleted"):
            continue
        if rep.kind == "html":
            content = content_html(rep, rep.tweak.style or "jcms")
        else:
            key = hashlib.md5(rep.url_path.encode()).hexdigest()[:18]
            if rep.tweak.downfile:
                rep.document_path = f"{JCMS_DOWN}?classid=0&filename={key}"
                ascii_name = f"{key}.{rep.kind}"
                downloads[key] = {
                    "file": f"huaiyin/module/download/files/{ascii_name}",
                    "type": MIME[rep.kind],
                    "name": f"{rep.title}.{rep.kind}",
                    "ascii_name": ascii_name,
                }
                rep.file_path = "/" + downloads[key]["file"]
                link_text = rep.title
            else:
                rep.document_path = rep.file_path = f"/huaiyin/attach/0/{key}.{rep.kind}"
                link_text = f"{rep.title}.{rep.kind}"
            content = attachment_intro(rep, rep.document_path.replace("&", "&amp;"), link_text)
        site.add(rep.url_path, jcms_article(rep.title, rep.published, rep.body.named, content, art),
                 stamp(rep.published))
    listed += noise
    listed.sort(key=lambda x: (x.day, x.path), reverse=True)
    records = [
        f'<li><a href="{it.path}" title="{esc(it.title)}" target="_blank">{esc(it.title)}</a>'
        f"<span>{it.day.isoformat()}</span></li>"
        for it in listed
    ]
    inline = "\n".join(f"<record><![CDATA[\n{r}\n]]></record>" for r in records[:JCMS_INLINE])
    nextgroup = (
        f'<a href="/huaiyin/module/web/jpage/dataproxy.jsp?page=1&amp;appid=1&amp;webid=1&amp;'
        f'path=/&amp;columnid={JCMS_COL}&amp;unitid={JCMS_UNIT}&amp;webname=淮安市淮阴区人民政府'
        f'&amp;permissiontype=0"></a>'
    )
    main = f"""<div class="w1200 main">
<div class="lm_name">政府信息公开年度报告</div>
<div class="lm_list" id="{JCMS_UNIT}"><script type="text/xml"><datastore>
<nextgroup><![CDATA[{nextgroup}]]></nextgroup>
<recordset>
{inline}
</recordset>
</datastore></script><script language="javascript" src="/huaiyin/module/web/jpage/jpage.js"></script><script>$(document).ready(function(){{$('#{JCMS_UNIT}').jpage({{
  dataStore: '{JCMS_UNIT}', showMode: 'full', perPage: {JCMS_PERPAGE}, groupSize: 3,
  totalRecord: {len(records)}, barPosition: 'bottom', pageCount: {-(-len(records) // JCMS_PERPAGE)},
  proxyUrl: '/huaiyin/module/web/jpage/dataproxy.jsp',
  ajaxParam: {{col:1, appid:1, webid:1, path:'/', columnid:{JCMS_COL}, sourceContentType:1, unitid:'{JCMS_UNIT}', webname:'淮安市淮阴区人民政府', permissiontype:0}}
}});}});</script></div>
</div>"""
    site.add(f"/huaiyin/col/col{JCMS_COL}/index.html", jcms_page("政府信息公开年度报告", main),
             stamp(date(2025, 2, 3) + timedelta(days=60 * (snapshot - 1))))
    return records


# ----- generic (qinghe) --------------------------------------------------------

GEN_COLUMN = "/generic/zfxxgk/ndbg/"


def generic_page(title: str, main: str) -> str:
    return f"""<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<title>{esc(title)} - 清河县人民政府</title>
<style>table{{border-collapse:collapse}} td,th{{border:1px solid #999;padding:2px 6px}}</style>
</head>
<body>
<div class="top">清河县人民政府 · 今天是 {TODAY}</div>
<nav><a href="/generic/">首页</a> / <a href="/generic/zfxxgk/">政府信息公开</a> / <a href="{GEN_COLUMN}">年度报告</a></nav>
{main}
<footer>Copyright © 清河县人民政府 版权所有 · 本站访问量 {VISITS}</footer>
</body>
</html>
"""


def generic_article(title: str, pub: date, content: str) -> str:
    main = f"""<article>
<h1>{esc(title)}</h1>
<p class="meta">发布时间：{pub.year}年{pub.month:02d}月{pub.day:02d}日　浏览次数：{VISITS}</p>
{content}
</article>"""
    return generic_page(title, main)


def build_generic(county: County, reports: list[Report], noise: list[Listed], site: Site,
                  snapshot: int) -> None:
    listed: list[Listed] = []
    for rep in reports:
        rep.url_path = rep.document_path = (
            f"{GEN_COLUMN}{rep.published.year}/{3000 + rep.serial * 11}.html"
        )
        if snapshot == 2 and (rep.body.name, rep.year) == WITHDRAWN:
            continue
        listed.append(Listed(rep.title, rep.url_path, rep.published))
        if rep.kind in ("blocked", "broken"):
            continue
        if rep.kind == "deleted":
            site.add(rep.url_path, f"""<html><head><meta charset="utf-8">
<meta http-equiv="refresh" content="0;url=../">
<title></title></head><body><!-- {TODAY} {VISITS} --></body></html>
""", stamp(rep.published))
            continue
        if rep.kind == "html":
            content = content_html(rep, rep.tweak.style or "plain")
        else:
            key = hashlib.md5(rep.url_path.encode()).hexdigest()[:16]
            rep.document_path = rep.file_path = (
                f"/generic/uploads/{rep.published:%Y%m}/{key}.{rep.kind}"
            )
            content = attachment_intro(rep, rep.document_path, f"{rep.title}.{rep.kind}")
        site.add(rep.url_path, generic_article(rep.title, rep.published, content),
                 stamp(rep.published))
    listed += noise
    listed.sort(key=lambda x: (x.day, x.path), reverse=True)
    half = (len(listed) + 1) // 2
    for n, items in enumerate((listed[:half], listed[half:])):
        lis = "\n".join(
            f'<li><a href="{it.path}">{esc(it.title)}</a> <span class="date">[{it.day.isoformat()}]</span></li>'
            for it in items
        )
        pager = ('<div class="pager">第1页/共2页 <a href="index_2.html">下一页</a> <a href="index_2.html">尾页</a></div>'
                 if n == 0 else
                 '<div class="pager"><a href="index.html">首页</a> <a href="index.html">上一页</a> 第2页/共2页</div>')
        main = f'<section class="list"><h2>年度报告</h2>\n<ul>\n{lis}\n</ul>\n{pager}\n</section>'
        site.add(GEN_COLUMN + ("index.html" if n == 0 else "index_2.html"),
                 generic_page("年度报告", main),
                 stamp(date(2025, 2, 5) + timedelta(days=60 * (snapshot - 1))))


# ---------------------------------------------------------------------------
# noise


def noise_content(kind: str, title: str, day: date) -> str:
    if kind == "budget":
        return f"""<p>根据《中华人民共和国预算法》和上级有关要求，现将{esc(title)}情况公开如下。</p>
<table border="1" cellspacing="0" cellpadding="4">
<tr><th>项目</th><th>预算数（万元）</th><th>上年数（万元）</th></tr>
<tr><td>一般公共预算收入</td><td>{1000 + day.day * 37}</td><td>{980 + day.day * 31}</td></tr>
<tr><td>一般公共预算支出</td><td>{2300 + day.day * 41}</td><td>{2210 + day.day * 29}</td></tr>
<tr><td>政府性基金预算支出</td><td>{400 + day.day * 7}</td><td>{390 + day.day * 5}</td></tr>
</table>
<p>附件：部门预算公开表（略）</p>"""
    return (f"<p>各乡镇人民政府、街道办事处，县直各单位：</p><p>{esc(title)}。请各单位按照《中华人民共和国"
            "政府信息公开条例》第四十九条和第五十条规定，认真编制本机关政府信息公开工作年度报告，"
            "于规定时限前在本机关门户网站公开，并报送县政府办公室。</p>"
            f"<p class=\"sign\">{day.year}年{day.month}月{day.day}日</p>")


def noise_items(county: County) -> list[tuple[str, str, date]]:
    items = list(NOISE_TITLES)
    if county.key == "generic":
        items.append(GENERIC_EXTRA_NOISE)
    out = []
    for i, (pattern, kind, y) in enumerate(items):
        title = pattern.format(y=y, c=county.name)
        day = date(y, 1 + (i * 3) % 11, 5 + i * 4) if kind == "notice" else date(y, 2, 20 + i)
        if kind == "notice" and "报送" in pattern:
            day = date(y + 1, 1, 3)
        out.append((title, kind, day))
    return out


def add_noise(county: County, site: Site) -> list[Listed]:
    listed = []
    for i, (title, kind, day) in enumerate(noise_items(county)):
        if county.family == "trs":
            path = f"{TRS_COLUMN}{day:%Y%m}/t{day:%Y%m%d}_{20500 + i}.html"
            site.add(path, trs_noise_page(title, kind, day, path), stamp(day))
            listed.append(Listed(title, "./" + path.removeprefix(TRS_COLUMN), day))
        elif county.family == "jcms":
            path = jcms_art_path(day, 8800 + i)
            site.add(path, jcms_article(title, day, "淮阴区人民政府办公室",
                                        noise_content(kind, title, day), 8800 + i), stamp(day))
            listed.append(Listed(title, path, day))
        else:
            path = f"{GEN_COLUMN}{day.year}/{7000 + i}.html"
            site.add(path, generic_article(title, day, noise_content(kind, title, day)), stamp(day))
            listed.append(Listed(title, path, day))
    return listed


def absolute(path: str) -> str:
    """A listed link as a site path (TRS lists link ``./YYYYMM/…`` from the column)."""
    return TRS_COLUMN + path.removeprefix("./") if path.startswith("./") else path


# ---------------------------------------------------------------------------
# the other files of each site


def home_and_robots(county: County, site: Site) -> None:
    disallow = {"minquan": "/minquan/search/", "huaiyin": "/huaiyin/module/search/",
                "generic": "/generic/admin/"}[county.key]
    site.add(f"/{county.key}/robots.txt",
             f"User-agent: *\nDisallow: {disallow}\n".encode("ascii"), stamp(date(2023, 6, 1)))
    link = county.source_path
    page = {
        "trs": lambda: trs_head("首页") + f'<div class="main"><a href="{link}">政府信息公开年报</a></div>\n'
        + TRS_FOOT,
        "jcms": lambda: jcms_page("首页", f'<div class="main"><a href="{link}">政府信息公开年度报告</a></div>'),
        "generic": lambda: generic_page("首页", f'<p><a href="{link}">年度报告</a></p>'),
    }[county.family]()
    site.add(f"/{county.key}/index.html", page, stamp(date(2025, 1, 2)))


ROBOTS = """User-agent: *
Disallow: /minquan/search/
Disallow: /huaiyin/module/search/
Disallow: /generic/admin/
Allow: /
"""

# ---------------------------------------------------------------------------
# documents (DOCX, and PDF/DOC through LibreOffice)


def pin_pdf(data: bytes, seed: bytes) -> bytes:
    """Pin LibreOffice's PDF dates, /ID and /DocChecksum (same lengths: offsets stay valid)."""
    data = re.sub(rb"\(D:\d{14}", b"(D:20200101000000", data)
    ident = hashlib.md5(seed).hexdigest().upper().encode()

    def fix_id(m: re.Match[bytes]) -> bytes:
        return re.sub(rb"<[0-9A-Fa-f]{32}>", b"<" + ident + b">", m.group(0))

    data = re.sub(rb"/ID\s*\[\s*<[0-9A-Fa-f]{32}>\s*<[0-9A-Fa-f]{32}>", fix_id, data)
    return re.sub(rb"/DocChecksum /[0-9A-Fa-f]{32}", b"/DocChecksum /" + ident, data)


class Documents:
    """Renders attachments once, so both snapshots share the bytes of unchanged files."""

    def __init__(self) -> None:
        self.docx: dict[str, bytes] = {}
        self.wanted: dict[str, str] = {}  # key -> target format
        self.done: dict[str, bytes] = {}

    def request(self, rep: Report) -> str:
        assert rep.doc is not None
        data = render.render_docx(rep.doc, rep.numbers)
        key = hashlib.sha1(data).hexdigest()[:16]
        self.docx[key] = data
        self.wanted[key] = rep.kind
        return key

    def convert(self) -> None:
        for target in ("pdf", "doc"):
            todo = {k: v for k, v in self.docx.items() if self.wanted[k] == target}
            if todo:
                out = render.soffice_convert(todo, target)
                for k, v in out.items():
                    self.done[k] = pin_pdf(v, k.encode()) if target == "pdf" else v
        for k, v in self.docx.items():
            if self.wanted[k] == "docx":
                self.done[k] = v

    def get(self, key: str) -> bytes:
        return self.done[key]


# ---------------------------------------------------------------------------
# building one snapshot


@dataclass
class Built:
    """One snapshot of all three sites."""

    files: dict[str, SiteFile]
    reports: list[Report]
    missing: list[tuple[County, Body, int]]
    noise: dict[str, list[str]]
    downloads: dict[str, dict[str, str]]
    records: list[str]
    blocked: list[str]
    attachments: dict[str, str]  # site path -> document key


Slot = tuple[County, Body, int]


def reports_of(county: County, snapshot: int) -> tuple[list[Report], list[Slot]]:
    reports, missing = [], []
    serial = 0
    for body in county.bodies:
        kinds = county.plan[body.name].split()
        assert len(kinds) == len(YEARS), body.name
        for year, kind in zip(YEARS, kinds, strict=True):
            serial += 1
            if kind == "missing":
                missing.append((county, body, year))
                continue
            revision = 1 if snapshot == 2 and (body.name, year) in REVISIONS else 0
            rep = make_report(county, body, year, kind, revision)
            rep.serial = serial
            reports.append(rep)
    if county.key in UNREGISTERED:
        body, year = UNREGISTERED[county.key]
        rep = make_report(county, body, year, "html")
        rep.serial = 99
        reports.append(rep)
    return reports, missing


def build_snapshot(snapshot: int, documents: Documents) -> Built:
    built = Built({}, [], [], {}, {}, [], [], {})
    for county in COUNTIES:
        site = Site(county)
        reports, missing = reports_of(county, snapshot)
        noise = add_noise(county, site)
        home_and_robots(county, site)
        if county.family == "trs":
            build_trs(county, reports, noise, site, snapshot)
        elif county.family == "jcms":
            built.records = build_jcms(county, reports, noise, site, snapshot, built.downloads)
        else:
            build_generic(county, reports, noise, site, snapshot)
        built.noise[county.key] = sorted(absolute(it.path) for it in noise)
        for rep in reports:
            if rep.kind in ("pdf", "docx", "doc"):
                built.attachments[rep.file_path.lstrip("/")] = documents.request(rep)
            if rep.kind == "blocked":
                built.blocked.append(rep.url_path)
        if snapshot == 2:
            reports = [r for r in reports if (r.body.name, r.year) != WITHDRAWN]
        built.files.update(site.files)
        built.reports += reports
        built.missing += missing
    built.files["robots.txt"] = SiteFile(ROBOTS.encode("ascii"), stamp(date(2023, 6, 1)))
    return built


def fill_attachments(built: Built, documents: Documents) -> None:
    for path, key in built.attachments.items():
        rep_day = datetime(2024, 1, 1, tzinfo=UTC)
        for rep in built.reports:
            if rep.file_path.lstrip("/") == path:
                rep_day = stamp(rep.file_modified or rep.published, 8)
        built.files[path] = SiteFile(documents.get(key), rep_day)


# ---------------------------------------------------------------------------
# writing


def meta_json(built: Built, snapshot: int, dirs: list[str], removed: list[str]) -> dict[str, Any]:
    files: dict[str, dict[str, Any]] = {}
    for path, f in sorted(built.files.items()):
        entry: dict[str, Any] = {"modified": f.modified.isoformat()}
        if f.charset:
            entry["charset"] = f.charset
        files[path] = entry
    return {
        "snapshot": snapshot,
        "dirs": dirs,
        "removed": removed,
        "today_offset_days": S2_TODAY_OFFSET * (snapshot - 1),
        "sites": {
            c.key: {"encoding": c.encoding,
                    "html_charset": None if c.encoding == "gbk" else "utf-8"}
            for c in COUNTIES
        },
        "files": files,
        "blocked": sorted(built.blocked),
        "downloads": {JCMS_DOWN: built.downloads},
        "dataproxy": {
            "huaiyin": {"paths": [JCMS_PROXY, JCMS_PROXY_OLD],
                        "columns": {str(JCMS_COL): built.records}},
        },
    }


def truth_entry(rep: Report) -> dict[str, Any]:
    county, body = rep.county, rep.body
    out: dict[str, Any] = {
        "county": county.key,
        "body": body.name,
        "registered": body.registered,
        "region": body.region,
        "year": rep.year,
    }
    if rep.kind in ("blocked", "broken"):
        out |= {"status": rep.kind, "url_path": rep.url_path}
        return out
    if rep.kind == "deleted":
        out |= {"status": "missing", "deleted": True, "url_path": rep.url_path}
        return out
    assert rep.report is not None
    out |= {
        "status": "found",
        "template": rep.report["template"],
        "title": rep.title,
        "url_path": rep.url_path,
        "document_path": rep.document_path,
        "format": rep.fmt,
        "published": rep.published.isoformat(),
    }
    if rep.tweak.pubdate_meta:
        out["dates"] = {"visible": rep.published.isoformat(),
                        "meta_pubdate": rep.tweak.pubdate_meta.isoformat(),
                        "url_folder": rep.url_path.split("/")[-2]}
    if rep.tweak.header_utf8:
        out["http_charset_lies"] = True
    if rep.wap_path:
        out["wap_path"] = rep.wap_path
    if not rep.tweak.consistent:
        out["failed_checks"] = reportgen.expected_failed_checks(rep.report)
    if rep.numbers.blank:
        # blank cells written as text (e.g. "/"): each is a cell.not_a_number check
        out["not_a_number"] = {
            "text": rep.numbers.blank,
            "cells": sum(1 for s in ("active", "applications", "appeals")
                         for row in rep.report[s].values() for v in row.values() if v is None),
        }
    out["report"] = rep.report
    return out


def truth_json(s1: Built, s2: Built) -> dict[str, Any]:
    rows = [truth_entry(r) for r in s1.reports]
    rows += [{"county": c.key, "body": b.name, "registered": True, "region": b.region,
              "year": y, "status": "missing"} for c, b, y in s1.missing]
    order = {c.key: i for i, c in enumerate(COUNTIES)}
    rows.sort(key=lambda r: (order[r["county"]], not r["registered"], r["body"], r["year"]))
    by_key = {(r.body.name, r.year): r for r in s1.reports}
    by_key2 = {(r.body.name, r.year): r for r in s2.reports}

    def ref(key: tuple[str, int]) -> dict[str, Any]:
        r = by_key[key]
        return {"county": r.county.key, "body": r.body.name, "region": r.body.region,
                "year": r.year}

    old, new = by_key[REVISED], by_key2[REVISED]
    revised = ref(REVISED) | {
        "url_path": new.url_path,
        "published_old": old.published.isoformat(), "published_new": new.published.isoformat(),
        "figures": figure_changes(old.report or {}, new.report or {}), "report": new.report,
    }
    old, new = by_key[REPLACED], by_key2[REPLACED]
    replaced = ref(REPLACED) | {
        "url_path": new.url_path, "document_path": new.document_path, "format": new.fmt,
        "figures": figure_changes(old.report or {}, new.report or {}), "report": new.report,
    }
    old, new = by_key[MOVED], by_key2[MOVED]
    moved = ref(MOVED) | {"old_url_path": old.url_path, "new_url_path": new.url_path,
                          "old_status": 404}
    withdrawn = ref(WITHDRAWN) | {"url_path": by_key[WITHDRAWN].url_path, "status": 404}
    return {
        "schema": 1,
        "generated_by": "scripts/build_sample_portals.py",
        "years": list(YEARS),
        "counties": {
            c.key: {"name": c.name, "region": c.code, "family": c.family, "encoding": c.encoding,
                    "source_path": c.source_path}
            for c in COUNTIES
        },
        "reports": rows,
        "noise_paths": sorted(p for c in COUNTIES for p in s1.noise[c.key]),
        "broken_paths": sorted(r.url_path for r in s1.reports if r.kind == "broken"),
        "blocked_paths": sorted(s1.blocked),
        "deleted_paths": sorted(r.url_path for r in s1.reports if r.kind == "deleted"),
        "wap_paths": sorted(r.wap_path for r in s1.reports if r.wap_path),
        "charset_lie_paths": sorted(r.url_path for r in s1.reports if r.tweak.header_utf8),
        "snapshot2": {
            "today_offset_days": S2_TODAY_OFFSET,
            "revised": [revised],
            "replaced": [replaced],
            "moved": [moved],
            "withdrawn": [withdrawn],
        },
    }


def registry_yaml() -> str:
    lines = [
        "# The sample portals' registry. `{base}` is the server's base URL",
        "# (SamplePortals.base_url, e.g. http://127.0.0.1:8765); see registry_yaml() in",
        "# crawler/sample_portals/__init__.py. Generated by scripts/build_sample_portals.py.",
        "regions:",
    ]
    seen: set[str] = set()
    for c in COUNTIES:
        for code, name, parent in c.parents:
            if code not in seen:
                seen.add(code)
                p = f', parent: "{parent}"' if parent else ""
                lines.append(f'  - {{code: "{code}", name: {name}{p}}}')
        lines.append(f'  - {{code: "{c.code}", name: {c.name}, parent: "{c.parents[-1][0]}"}}')
        for code, name in c.townships:
            lines.append(f'  - {{code: "{code}", name: {name}, parent: "{c.code}"}}')
    lines += ["", "bodies:"]
    for c in COUNTIES:
        for b in c.bodies:
            aliases = f", aliases: [{', '.join(b.aliases)}]" if b.aliases else ""
            lines.append(f'  - {{name: {b.name}, region: "{b.region}", level: {b.level}{aliases}}}')
    lines += ["", "sources:"]
    for c in COUNTIES:
        lines += [
            f"  - url: \"{{base}}{c.source_path}\"",
            f'    region: "{c.code}"',
            f"    family: {c.family}",
            f"    name: {c.bodies[0].name} 政府信息公开年度报告",
        ]
    lines += ["", "deadlines:", '  - {level: township, region: "411421", month: 2, day: 20}', ""]
    return "\n".join(lines)


def dump_truth(truth: dict[str, Any]) -> str:
    """Indented JSON, with each ``report`` dict on one line (keeps the file small)."""
    compact: list[str] = []

    def stash(node: Any) -> Any:
        if isinstance(node, dict):
            out = {}
            for k, v in node.items():
                if k == "report" and isinstance(v, dict):
                    compact.append(json.dumps(v, ensure_ascii=False, separators=(",", ":")))
                    out[k] = f"@@REPORT{len(compact) - 1}@@"
                else:
                    out[k] = stash(v)
            return out
        if isinstance(node, list):
            return [stash(v) for v in node]
        return node

    text = json.dumps(stash(truth), ensure_ascii=False, indent=1)
    text = re.sub(r'"@@REPORT(\d+)@@"', lambda m: compact[int(m.group(1))], text)
    return text + "\n"


def write_tree(target: Path, files: dict[str, SiteFile]) -> None:
    if target.exists():
        shutil.rmtree(target)
    for path, f in files.items():
        p = target / path
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_bytes(f.data)


def main() -> None:
    documents = Documents()
    s1 = build_snapshot(1, documents)
    s2 = build_snapshot(2, documents)
    print(f"rendering {len(documents.docx)} attachments (LibreOffice for PDF/DOC) …", flush=True)
    documents.convert()
    fill_attachments(s1, documents)
    fill_attachments(s2, documents)

    overlay = {p: f for p, f in s2.files.items()
               if p not in s1.files or s1.files[p].data != f.data}
    removed = sorted(p for p in s1.files if p not in s2.files)
    write_tree(OUT / "site", s1.files)
    write_tree(OUT / "snapshot2", overlay)
    dump = {"ensure_ascii": False, "indent": 1}
    (OUT / "snapshot1.json").write_text(json.dumps(meta_json(s1, 1, ["site"], []), **dump) + "\n")
    (OUT / "snapshot2.json").write_text(
        json.dumps(meta_json(s2, 2, ["snapshot2", "site"], removed), **dump) + "\n")
    (OUT / "truth.json").write_text(dump_truth(truth_json(s1, s2)))
    (OUT / "registry.yaml").write_text(registry_yaml())
    total = sum(p.stat().st_size for p in OUT.rglob("*") if p.is_file())
    print(f"snapshot 1: {len(s1.files)} files; snapshot 2 overlay: {len(overlay)} files, "
          f"{len(removed)} removed; package {total / 1e6:.2f} MB")


if __name__ == "__main__":
    main()
