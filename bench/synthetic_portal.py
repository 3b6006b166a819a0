"""A synthetic TRS-style report column of any size with real-size pages, on 127.0.0.1.

``/bench/ndbg/index.html`` … ``index_{P-1}.html`` are list pages (portal chrome around
50 dated entries, more when 400 pages would not hold the column) reachable through a
``createPageHTML`` script. The articles have the size and make-up of real portal pages:
30–120 KB of chrome (navigation menus, inline scripts and styles, related-link blocks,
footers) around their content, in UTF-8 or GBK.
Of every ten articles

- six hold a 年报 inline, its three tables rendered by ``tests/support/render`` in the
  TRS (GBK), jcms, plain and Word-paste styles;
- two say 详见附件 and link the report as an attachment, a PDF (the report fixtures) or
  a DOCX (``render_docx``);
- two are other notices of the same size that the extractor answers "not a report".

Every article and attachment has bytes of its own (an id in a comment, a PDF trailer
comment, a ZIP comment), so each is stored and extracted as a document of its own, as
on a first crawl; their content repeats from a pool of ``variety`` reports per kind, so
reports are ``(body, year)`` groups with many sightings. Pages answer ETag / 304.
"""

from __future__ import annotations

import functools
import hashlib
import json
import random
import struct
import threading
from dataclasses import dataclass
from datetime import date
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures" / "reports"
PDFS = ("pdf_2019_county", "pdf_2021_dept", "pdf_2023_pagebreak", "pdf_2019_pagebreak")
STYLES = ("trs_gbk", "jcms", "plain", "wordpaste")
MARK = b"<!--nb-bench-id-->"

LIST = """<!DOCTYPE html><html><head><meta charset="utf-8">
<title>政府信息公开年报_某县人民政府</title>
<link href="/images/common.css" rel="stylesheet">
<script src="/images/jquery-1.8.3.min.js"></script>
</head><body>{chrome_top}
<div class="position">您当前的位置：<a href="/">首页</a> &gt;
<a href="../">政府信息公开</a> &gt; 政府信息公开年报</div>
<div class="list"><ul>{items}</ul>
<script>createPageHTML({pages}, {current}, "index", "html");</script></div>
{chrome_bottom}</body></html>"""
ITEM = "<li><a href='./2023/t2024_{n}.html' title='{title}'>{title}</a><span>2024-01-20</span></li>"
ATTACHMENT_ARTICLE = """<!DOCTYPE html><html><head><meta charset="utf-8"><title>{title}</title>
<meta name="ArticleTitle" content="{title}"><meta name="PubDate" content="2024-01-20 09:30">
</head><body>{chrome_top}
<div class="article"><h1>{title}</h1><div class="info">发布时间：2024-01-20 来源：{body}</div>
<div class="TRS_Editor">
<p>根据《中华人民共和国政府信息公开条例》规定，现将{title}予以公布，详见附件。</p>
<p>附件：<a href="./att/{n}.{ext}" title="{title}">{title}.{ext}</a></p></div></div>
{chrome_bottom}</body></html>"""
NOTICE = """<!DOCTYPE html><html><head><meta charset="utf-8"><title>{title}</title></head>
<body>{chrome_top}<div class="article"><h1>{title}</h1><div class="info">发布时间：2024-01-20</div>
<div class="TRS_Editor">{text}</div></div>{chrome_bottom}</body></html>"""


def _chrome(rng: random.Random, size: int) -> tuple[str, str]:
    """Portal chrome of about ``size`` characters: a top bar and menu, and a bottom of
    related links, a site map, inline scripts and styles, a footer."""
    sections = ["政务公开", "政务服务", "互动交流", "走进本县", "专题专栏", "数据发布", "新闻中心"]
    menu = "".join(
        f'<li><a href="/{chr(97 + i)}{j}/">{s}{j}</a></li>'
        for i, s in enumerate(sections)
        for j in range(12)
    )
    top = (
        '<div class="top"><span class="date">今天是：<script>var d=new Date();document.write('
        'd.getFullYear()+"年"+(d.getMonth()+1)+"月"+d.getDate()+"日");</script></span>'
        '<a href="/">首页</a> | <a href="/wza/">无障碍浏览</a></div>'
        f'<ul class="nav">{menu}</ul>'
    )
    parts: list[str] = []
    total = len(top)
    while total < size:
        kind = rng.randrange(4)
        if kind == 0:
            block = "<style>" + "".join(
                f".m{i} .c{rng.randrange(999)}{{margin:{rng.randrange(20)}px;color:#"
                f"{rng.randrange(16**6):06x};font-size:{rng.randrange(10, 20)}px}}"
                for i in range(60)
            ) + "</style>"
        elif kind == 1:
            block = "<script>" + "".join(
                f"function f{rng.randrange(10**6)}(a,b){{var x=document.getElementById('n{i}');"
                f"if(x){{x.className=a?'on':'off';}}return b+{i};}}"
                for i in range(40)
            ) + "</script>"
        elif kind == 2:
            block = '<div class="related"><h3>相关链接</h3><ul>' + "".join(
                f'<li><a href="/zwgk/{rng.randrange(10**6)}.html" target="_blank">'
                f"关于做好{rng.choice(sections)}第{i}项工作的通知</a>"
                f"<span>2023-0{1 + i % 9}-1{i % 9}</span></li>"
                for i in range(30)
            ) + "</ul></div>"
        else:
            block = '<div class="sitemap">' + "".join(
                f"<dl><dt>{s}</dt>"
                + "".join(f"<dd><a href=/{s}/{k}/>栏目{k}</a></dd>" for k in range(15))
                + "</dl>"
                for s in sections
            ) + "</div>"
        parts.append(block)
        total += len(block)
    bottom = "".join(parts) + (
        '<div class="footer"><p>主办：某县人民政府办公室 网站标识码：4114210001 '
        "备案号：豫ICP备12345678号</p></div>"
    )
    return top, bottom


def _size(rng: random.Random) -> int:
    return rng.randrange(30_000, 120_000)


def _pad(page: bytes, rng: random.Random) -> bytes:
    """A rendered article page grown to a real page's size with chrome, and marked."""
    encoding = "utf-8"
    try:
        page.decode("utf-8")
    except UnicodeDecodeError:
        encoding = "gbk"
    top, bottom = _chrome(rng, max(0, _size(rng) - len(page)))
    head, sep, tail = page.rpartition(b"</body>")
    if not sep:
        head, tail = page, b""
    return head + top.encode(encoding) + bottom.encode(encoding) + MARK + sep + tail


@dataclass(frozen=True)
class Article:
    kind: str  # inline | attachment | notice
    title: str
    page: bytes
    attachment: bytes | None = None
    ext: str = ""


@functools.cache
def _pool(variety: int, seed: int) -> tuple[tuple[Article, ...], ...]:
    from tests.support import render as R
    from tests.support import reportgen as G

    rng = random.Random(seed)
    inline: list[Article] = []
    attached: list[Article] = []
    notices: list[Article] = []
    for i in range(variety):
        template = rng.choice(["2019", "2021"])
        report = G.random_report(rng, template, year=rng.choice([2020, 2021, 2022, 2023]))
        doc = R.build_document(report, rng, published=date(report["year"] + 1, 1, 20))
        page = R.render_html(doc, STYLES[i % len(STYLES)], R.NumberStyle(), rng)
        inline.append(Article("inline", doc.title.replace("\n", ""), _pad(page, rng)))
        # attachments: a DOCX rendered here, or a PDF fixture with its own title
        if i % 2 == 0:
            report = G.random_report(rng, template, year=rng.choice([2020, 2021, 2022, 2023]))
            doc = R.build_document(report, rng, published=date(report["year"] + 1, 1, 20))
            data, ext, body = R.render_docx(doc, R.NumberStyle()), "docx", report["body"]
            title = doc.title.replace("\n", "")
        else:
            name = PDFS[(i // 2) % len(PDFS)]
            truth = json.loads((FIXTURES / f"{name}.truth.json").read_text("utf-8"))["report"]
            data, ext, body = (FIXTURES / f"{name}.pdf").read_bytes(), "pdf", truth["body"]
            title = f"{body}{truth['year']}年政府信息公开工作年度报告"
        top, bottom = _chrome(rng, _size(rng))
        page = ATTACHMENT_ARTICLE.format(
            title=title, body=body, n="{n}", ext=ext, chrome_top=top, chrome_bottom=bottom
        )
        attached.append(Article("attachment", title, page.encode() + MARK, data, ext))
        top, bottom = _chrome(rng, _size(rng) - 8000)
        title = f"关于印发某县{2020 + i % 4}年度财政预算执行情况的通知（第{i}号）"
        text = "".join(
            f"<p>{rng.choice(['一、', '二、', '三、'])}各乡镇人民政府、县直各单位：为进一步做好"
            f"第{k}项财政预算执行和管理工作，现将有关事项通知如下，请认真贯彻落实。</p>"
            for k in range(60)
        ) + "<table><tr><td>项目</td><td>预算数</td><td>执行数</td></tr>" + "".join(
            f"<tr><td>支出科目{k}</td><td>{rng.randrange(10**6)}</td><td>{rng.randrange(10**6)}</td></tr>"
            for k in range(30)
        ) + "</table>"
        page = NOTICE.format(title=title, text=text, chrome_top=top, chrome_bottom=bottom)
        notices.append(Article("notice", title, page.encode() + MARK))
    return tuple(inline), tuple(attached), tuple(notices)


def _zip_commented(data: bytes, comment: bytes) -> bytes:
    """The ZIP with ``comment`` as its archive comment (it had none): other bytes, same
    document."""
    assert data[-22:-18] == b"PK\x05\x06" and data[-2:] == b"\x00\x00"
    return data[:-2] + struct.pack("<H", len(comment)) + comment


class Portal:
    """Serve ``pages`` articles (plus their list pages and attachments) until exit."""

    def __init__(
        self, pages: int, per_page: int | None = None, variety: int = 24, seed: int = 7
    ) -> None:
        # 50 entries a list page, more on a column too long for the crawler's bound on
        # list pages a source (TRS: 500), so that every article is reachable
        per_page = per_page or max(50, -(-pages // 400))
        self.pages, self.per_page = pages, per_page
        self.lists = max(1, -(-pages // per_page))
        self.inline, self.attached, self.notices = _pool(variety, seed)
        self.list_chrome = _chrome(random.Random(seed), 25_000)
        portal = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: object) -> None:
                pass

            def do_GET(self) -> None:
                found = portal.page(self.path)
                if found is None:
                    self.send_response(404)
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                body, ctype = found
                etag = '"' + hashlib.md5(body).hexdigest() + '"'
                if self.headers.get("If-None-Match") == etag:
                    self.send_response(304)
                    self.send_header("ETag", etag)
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                self.send_response(200)
                self.send_header("Content-Type", ctype)
                self.send_header("ETag", etag)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_port}/bench/ndbg/index.html"

    def article(self, n: int) -> Article:
        kind = n % 10
        if kind < 6:
            return self.inline[n % len(self.inline)]
        if kind < 8:
            return self.attached[n % len(self.attached)]
        return self.notices[n % len(self.notices)]

    def expected(self) -> int:
        """Responses a full crawl receives: robots.txt, list pages, articles, attachments."""
        return 1 + self.lists + self.pages + sum(
            1 for n in range(self.pages) if self.article(n).kind == "attachment"
        )

    def page(self, path: str) -> tuple[bytes, str] | None:
        html = "text/html; charset=utf-8"
        if path == "/robots.txt":
            return b"User-agent: *\nAllow: /\n", "text/plain"
        if path.startswith("/bench/ndbg/index"):
            stem = path.rsplit("/", 1)[1].removesuffix(".html")
            current = int(stem.split("_")[1]) if "_" in stem else 0
            if current >= self.lists:
                return None
            first = current * self.per_page
            items = "".join(
                ITEM.format(n=n, title=self.article(n).title)
                for n in range(first, min(first + self.per_page, self.pages))
            )
            top, bottom = self.list_chrome
            return LIST.format(
                items=items,
                pages=self.lists,
                current=current,
                chrome_top=top,
                chrome_bottom=bottom,
            ).encode(), html
        if path.startswith("/bench/ndbg/2023/t2024_"):
            n = int(path.rsplit("_", 1)[1].removesuffix(".html"))
            if n >= self.pages:
                return None
            a = self.article(n)
            page = a.page.replace(b"{n}", str(n).encode()) if a.kind == "attachment" else a.page
            if a.kind == "inline" and b"charset=gb" in page[:2000]:
                html = "text/html; charset=gbk"
            return page.replace(MARK, f"<!-- {n} -->".encode()), html
        if path.startswith("/bench/ndbg/2023/att/"):
            stem, _, ext = path.rsplit("/", 1)[1].partition(".")
            n = int(stem)
            a = self.article(n) if n < self.pages else None
            if a is None or a.attachment is None or a.ext != ext:
                return None
            if ext == "pdf":
                return a.attachment + f"\n%nb-bench {n}\n".encode(), "application/pdf"
            return _zip_commented(a.attachment, f"nb-bench {n}".encode()), (
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
            )
        return None

    def __enter__(self) -> Portal:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()
