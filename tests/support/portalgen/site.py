"""What the farm serves: resources by path, POST handlers, and the article chrome.

``Site`` holds every answer of the farm: static resources keyed by path and normalised
query (``key``), POST handlers by path, and PDFs still to be rendered (``pending``,
written by ``Farm.render_documents``). ``article_page`` writes
an article page around its content with the chrome real pages carry (breadcrumbs, a
metadata block with 索引号 / 发布机构 / 发布日期, a visit counter, footers) in one of
a few layouts; the visit counter is a placeholder the server fills per request.
"""

from __future__ import annotations

import html
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import parse_qsl, urlencode, urlsplit

from . import documents
from .world import Column, Item

VISITS = "<!--PG:VISITS-->"
HOST = "http://PG-HOST"  # absolute URLs in answers; the server puts its base URL there


@dataclass
class Resource:
    status: int
    content_type: str
    body: bytes


NOT_FOUND = Resource(404, "text/html; charset=utf-8",
                     "<html><body><h1>404</h1><p>您访问的页面不存在</p></body></html>".encode())
NOT_IMPLEMENTED = Resource(501, "text/html; charset=utf-8",
                           b"<html><body><h1>501 Not Implemented</h1></body></html>")
PostHandler = Callable[[dict[str, str], dict[str, str]], Resource]  # (query, form)
GetHandler = Callable[[dict[str, str]], Resource]  # (query)


def key(path_and_query: str) -> str:
    """A resource key: the path, and the query with its parameters sorted."""
    parts = urlsplit(path_and_query)
    query = sorted(parse_qsl(parts.query, keep_blank_values=True))
    return parts.path + ("?" + urlencode(query) if query else "")


@dataclass
class Site:
    files: dict[str, Resource] = field(default_factory=dict)
    posts: dict[str, PostHandler] = field(default_factory=dict)
    gets: dict[str, GetHandler] = field(default_factory=dict)
    pending: dict[str, documents.Pending] = field(default_factory=dict)  # key → document

    def put(self, path: str, body: bytes | str, content_type: str = "text/html; charset=utf-8",
            status: int = 200, encoding: str = "utf-8") -> None:
        data = body.encode(encoding, "xmlcharrefreplace") if isinstance(body, str) else body
        k = key(path)
        if k in self.files:
            raise ValueError(f"two resources at {k}")
        self.files[k] = Resource(status, content_type, data)

    def get(self, path: str) -> Resource | None:
        return self.files.get(key(path))

    def answer(self, method: str, path_and_query: str, form: str = "") -> Resource:
        """What the farm answers a request (the server's whole logic but the per-request
        noise): resources, GET and POST handlers, a permissive robots.txt, 404, and 501
        for a POST nobody handles."""
        parts = urlsplit(path_and_query)
        query = dict(parse_qsl(parts.query))
        if method == "POST":
            post = self.posts.get(parts.path)
            if post is None:
                return NOT_IMPLEMENTED
            return post(query, dict(parse_qsl(form)))
        if parts.path == "/robots.txt":
            return Resource(200, "text/plain", b"User-agent: *\nDisallow:\n")
        res = self.get(path_and_query)
        if res is not None:
            return res
        handler = self.gets.get(parts.path)
        return handler(query) if handler is not None else NOT_FOUND


def esc(text: str) -> str:
    return html.escape(text, quote=True)


DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def item_content(site: Site, item: Item, style: str, level: str) -> str:
    """The article content of an item; for PDF/DOCX reports, registers the attachment
    (``item.attachment`` must be set) and returns the short page that links it."""
    rng = random.Random(f"content:{item.url}")
    plan = item.original.plan
    if item.kind in ("report", "foreign") and plan is not None:
        doc, numbers = documents.build(plan, level, item.original.published)
        if plan.fmt == "html" or item.attachment is None:
            return documents.content_html(doc, numbers, style, plan.seed)
        filename = doc.title.replace("\n", "") + "." + plan.fmt
        if item.copy_of is None:
            site.pending[key(item.attachment)] = documents.Pending(
                plan, level, item.original.published)
        label = rng.choice(["附件：", "附件下载：", "相关附件：", ""])
        lead = rng.choice([
            f"<p>现将{esc(item.title.strip())}予以公布。</p>",
            f"<p>{esc(item.title.strip())}</p>",
            "",
        ])
        return (f'{lead}<p>{label}<a href="{esc(item.attachment)}" target="_blank">'
                f"{esc(filename)}</a></p>")
    if item.kind == "twin" and item.body is not None and item.year is not None:
        return documents.twin_html(item.body.name, item.year,
                                   f"{item.body.name}{item.year}年政府信息公开工作年度报告", rng)
    return documents.news_html(item.title, rng)


def _dt(item: Item, rng: random.Random, seconds: bool = False) -> str:
    d = item.published
    hm = f"{rng.randint(8, 17):02d}:{rng.randint(0, 59):02d}"
    return f"{d.isoformat()} {hm}" + (f":{rng.randint(0, 59):02d}" if seconds else "")


def article_page(col: Column, item: Item, content: str, *, layout: str,
                 charset: str = "utf-8") -> str:
    """A whole article page in one of the layouts: trs, jcms, generic, gkmlpt, anhui."""
    rng = random.Random(f"chrome:{item.url}")
    county = col.county.name
    title = item.title.strip()
    heading = title if rng.random() < 0.85 else title.replace(" ", "")
    crumbs = ["首页", "政务公开", "政府信息公开", col.name]
    if layout == "jcms":
        crumbs = ["首页", "政务公开", "乡镇街道" if "town" in col.groups else "部门",
                  item.publisher or county, col.name]
    crumb_html = " &gt; ".join(f'<a href="#">{esc(c)}</a>' for c in crumbs)
    index_no = f"{rng.randint(10**8, 10**9 - 1)}/{item.published.year}-{rng.randint(1, 99999):05d}"
    pub = item.published.isoformat()
    meta = ""
    if layout == "trs":
        meta = (f'<meta name="ArticleTitle" content="{esc(title)}">\n'
                f'<meta name="PubDate" content="{_dt(item, rng)}">\n'
                f'<meta name="ContentSource" content="{esc(item.publisher)}">\n')
    declare = (f'<meta http-equiv="Content-Type" content="text/html; charset={charset}">'
               if charset != "utf-8" else f'<meta charset="{charset}">')
    head = (f'<!DOCTYPE html>\n<html><head>{declare}\n'
            f"<title>{esc(title)}_{esc(county)}人民政府</title>\n{meta}</head>\n<body>\n"
            f'<div class="top">{esc(county)}人民政府 | 无障碍 | 长者模式</div>\n')
    foot = (f'<div class="footer">主办：{esc(county)}人民政府办公室 技术支持：某某科技'
            f" 网站标识码：{rng.randint(10**9, 10**10 - 1)}</div>\n</body></html>\n")
    if layout == "trs":
        block = (f'<div class="xxgk-table"><table>'
                 f"<tr><td>索引号</td><td>{index_no}</td><td>主题分类</td><td>政务公开</td></tr>"
                 f"<tr><td>发布机构</td><td>{esc(item.publisher)}</td>"
                 f"<td>发布日期</td><td>{pub}</td></tr>"
                 f"<tr><td>标题</td><td colspan=\"3\">{esc(title)}</td></tr></table></div>")
        body = (f'<div class="pos">您现在的位置：{crumb_html}</div>\n{block}\n'
                f'<h1 class="title">{esc(heading)}</h1>\n'
                f'<div class="info">发布时间：{pub} 来源：{esc(item.publisher)} '
                f"浏览次数：{VISITS}</div>\n"
                f'<div class="TRS_Editor">{content}</div>\n')
    elif layout == "jcms":
        block = (f"<table class=\"xxgk_table\"><tr><td>索 引 号</td><td>{index_no}</td>"
                 f"<td>公开方式</td><td>主动公开</td></tr>"
                 f"<tr><td>成文日期</td><td>{(item.published).isoformat()}</td>"
                 f"<td>发布机构</td><td>{esc(item.publisher)}</td></tr>"
                 f"<tr><td>组配分类</td><td colspan=\"3\">{esc(col.name)}</td></tr></table>")
        body = (f'<div class="position">当前位置: {crumb_html}</div>\n{block}\n'
                f'<div class="title">{esc(heading)}</div>\n'
                f"<div class=\"info\">发布日期: {pub} 访问次数: {VISITS} "
                f'字号:[ <a href="#">大</a> <a href="#">中</a> <a href="#">小</a> ]</div>\n'
                f'<div id="zoom">{content}</div>\n')
    elif layout == "gkmlpt":
        block = (f'<div class="classify"><table>'
                 f"<tr><td>索取号：</td><td>{index_no}</td><td>分类：</td><td>{esc(col.name)}</td></tr>"
                 f"<tr><td>发布机构：</td><td>{esc(item.publisher)}</td>"
                 f"<td>成文日期：</td><td>{pub}</td></tr>"
                 f"<tr><td>名称：</td><td colspan=\"3\">{esc(title)}</td></tr>"
                 f"<tr><td>文号：</td><td></td><td>发布日期：</td><td>{pub}</td></tr>"
                 f"</table></div>")
        body = (f'<div class="crumb">{crumb_html}</div>\n{block}\n'
                f'<h1 class="content-title">{esc(heading)}</h1>\n'
                f'<div class="article-content">{content}</div>\n')
    elif layout == "anhui":
        body = (f'<div class="wz_position">您现在所在的位置: {crumb_html}</div>\n'
                f'<h1 class="newstitle">{esc(heading)}</h1>\n'
                f'<div class="newsinfo">发布时间:{_dt(item, rng)} 来源:{esc(item.publisher)} '
                f"字体:[ 大 中 小 ] 浏览:{VISITS}</div>\n"
                f'<div class="j-fontContent">{content}</div>\n')
    else:
        body = (f'<div class="path">当前位置：{crumb_html}</div>\n'
                f'<h2 class="art-title">{esc(heading)}</h2>\n'
                f'<div class="art-info">发布时间：{_dt(item, rng, True)} 来源：{esc(item.publisher)}'
                f" 点击数：{VISITS}</div>\n"
                f'<div class="art-content">{content}</div>\n')
    return head + body + foot
