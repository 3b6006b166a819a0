"""Page pieces shared by the blind-farm portal styles: dates, article pages, attachments.

Each style (``styles.py``) picks its own list markup and paging; these helpers write the
article pages the way real portals do (list-pages.md §1, §2, §5, §7): TRS pages with
``ArticleTitle``/``PubDate`` metas in GBK, jcms pages with an 索引号 header table,
Anhui 发布时间/来源 lines, generic pages with 附件： blocks.
"""

from __future__ import annotations

import html
import random
from dataclasses import dataclass, field
from datetime import date

from .docs import Docs
from .server import Site
from .world import County, Report

CTYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "doc": "application/msword",
    "wps": "application/octet-stream",
}


def fmt_date(d: date, how: str) -> str:
    if how == "iso":
        return d.isoformat()
    if how == "cn":
        return f"{d.year}年{d.month:02d}月{d.day:02d}日"
    if how == "slash":
        return f"{d.year}/{d.month}/{d.day}"
    if how == "md":
        return f"[{d.month:02d}-{d.day:02d}]"
    if how == "dot":
        return f"{d.year}.{d.month:02d}.{d.day:02d}"
    if how == "ws":  # jcms dataproxy: a date broken over lines
        return f"\n          {d.year}-\n          {d.month:02d}-\n          {d.day:02d}\n      "
    raise ValueError(how)


esc = html.escape


@dataclass
class Entry:
    """One row of a list page (a report, a 解读 twin, news, a foreign report, a dead link)."""

    title: str
    href: str
    shown: date
    kind: str = "report"
    report: Report | None = None


@dataclass
class Ctx:
    county: County
    site: Site
    docs: Docs
    rng: random.Random
    decoys: list[dict[str, str]] = field(default_factory=list)
    seq: int = 1000

    def next_id(self) -> int:
        self.seq += self.rng.randint(3, 97)
        return self.seq


def attach(ctx: Ctx, r: Report, path: str, fmt: str) -> str:
    """Store the report as a document at ``path``; record it in the truth; return path."""
    ctx.site.add(path, ctx.docs.file(r, fmt), CTYPES[fmt])
    r.urls.append(path)
    return path


def generic_article(title: str, shown: date, source: str, content: str, *,
                    attachments: list[tuple[str, str]] = (), label: str = "发布时间",
                    how: str = "iso", crumb: str = "政府信息公开年报", metas: bool = False,
                    charset: str = "utf-8", extra_head: str = "") -> str:
    meta = ""
    if metas:
        meta = (f'<meta name="ArticleTitle" content="{esc(title)}">\n'
                f'<meta name="PubDate" content="{shown.isoformat()} 09:{shown.day + 10:02d}">\n'
                f'<meta name="ContentSource" content="{esc(source)}">\n')
    att = ""
    if attachments:
        links = "<br>".join(f'<a href="{esc(h)}" target="_blank">{esc(n)}</a>'
                            for n, h in attachments)
        att = f'<div class="fujian"><p>附件：</p><p>{links}</p></div>'
    return f"""<!DOCTYPE html>
<html><head><meta http-equiv="Content-Type" content="text/html; charset={charset}">
<title>{esc(title)}</title>
{meta}{extra_head}</head><body>
<div class="top"><a href="/">首页</a> | <a href="/zwgk/">政务公开</a> | <a href="/hdjl/">互动交流</a></div>
<div class="crumb">当前位置：<a href="/">首页</a> &gt; <a href="../">政务公开</a> &gt; {esc(crumb)}</div>
<div class="article">
<h1 class="title">{esc(title.strip())}</h1>
<div class="info"><span>{label}：{fmt_date(shown, how)} {9 + shown.day % 8:02d}:{shown.day + 7:02d}</span>
<span>来源：{esc(source)}</span> <span>浏览次数：<script>document.write(123)</script></span></div>
<div id="zoom" class="content">{content}</div>
{att}
</div>
<div class="foot">主办单位：{esc(source)} 网站标识码：4300000001 <a href="http://www.beian.miit.gov.cn">ICP备案</a></div>
</body></html>"""


def short_notice(r: Report) -> str:
    return (f"<p>根据《中华人民共和国政府信息公开条例》规定，现将《{esc(r.title.strip())}》"
            "全文公布如下，详见附件。</p>")


def interpretation_page(ctx: Ctx, r: Report, title: str, shown: date) -> str:
    body = (f"<p>一、解读背景。为便于公众了解《{esc(r.title.strip())}》，现解读如下。</p>"
            f"<p>二、主要内容。{r.year}年，{esc(r.body.short)}主动公开政府信息"
            f"{ctx.rng.randint(40, 900)}条，收到政府信息公开申请{ctx.rng.randint(0, 30)}件。</p>"
            "<p>三、图解。</p><p><img src=\"/images/tj.jpg\"></p>")
    return generic_article(title, shown, r.body.short, body)


def news_page(title: str, shown: date, source: str) -> str:
    body = (f"<p>{shown.year}年{shown.month}月{shown.day}日，{esc(source)}召开会议，"
            "部署政务公开重点工作，要求按时编制并公布政府信息公开工作年度报告。</p>")
    return generic_article(title, shown, source, body)
