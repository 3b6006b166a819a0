"""Whole portal pages around the article body: `render_html` in one of `HTML_STYLES`.

`trs_gbk` (TRS WCM, GBK bytes), `jcms` (Hanweb jcms, UTF-8), `plain` (a simple page)
and `wordpaste` (Word HTML in a CMS, UTF-8 or GBK), each with the navigation, counters
and footers that real pages carry.
"""

from __future__ import annotations

import random
import re
from datetime import date
from typing import Any

from .common import _esc
from .html_body import _content_html
from .model import Document
from .numbers import NumberStyle


def _site_of(body: str) -> str:
    for suffix in ("人民政府办公室", "镇人民政府", "乡人民政府", "街道办事处"):
        if body.endswith(suffix):
            return body[: -len(suffix)] + ("人民政府" if "政府" in suffix else "")
    m = re.match(r"(.+?[县区市])", body)
    return (m.group(1) + "人民政府") if m else body


_WEEKDAYS = "一二三四五六日"


def _today(crawl: date) -> str:
    return f"{crawl.year}年{crawl.month:02d}月{crawl.day:02d}日 星期{_WEEKDAYS[crawl.weekday()]}"


def portal_sidebar(doc: Document, rng: random.Random) -> str:
    """A county portal's left column before the article: the disclosure catalogue of
    the county's other bodies, and the latest reports filed in the same column —
    other bodies' and other years' report titles, as real portal pages list them."""
    body = doc.report["body"] or "本机关"
    year = doc.report["year"] or 2021
    county = re.match(r"(.+?[县区市])", body)
    place = county.group(1) if county else body[:2]
    others = [f"{place}人民政府办公室", f"{place}发展和改革委员会", f"{place}教育局",
              f"{place}财政局", f"{place}城关镇人民政府"]
    others = [o for o in others if o != body]
    catalogue = "".join(f'<li><a href="../../{i}/">{_esc(o)}</a></li>'
                        for i, o in enumerate(others))
    latest = [
        f"{rng.choice(others)}{year + 1}年政府信息公开工作年度报告",
        f"{rng.choice(others)}{year}年度政府信息公开工作年度报告",
        f"{_esc(body)}{year - 1}年政府信息公开工作年度报告",
        f"{rng.choice(others)}关于{year + 1}年度部门预算的公开说明",
    ]
    links = "".join(f'<li><a href="./t{year + 1}0{i + 1}15_{rng.randint(100000, 999999)}.html">'
                    f"{_esc(t)}</a><span>{year + 1}-0{i + 1}-15</span></li>"
                    for i, t in enumerate(latest))
    return (f'<div class="left"><div class="lanmu"><h3>部门信息公开</h3><ul>{catalogue}</ul>'
            f'</div><div class="lanmu"><h3>最新年报</h3><ul>{links}</ul></div></div>')


def page_trs(doc: Document, numbers: NumberStyle, rng: random.Random, *,
             declared: str = "gb2312", crawl: date = date(2024, 5, 6),
             chrome: bool = False) -> bytes:
    """A TRS WCM article page, GBK bytes; `declared` is the charset the page claims;
    `chrome` adds a county portal's left column (:func:`portal_sidebar`) before the
    article."""
    site = _site_of(doc.report["body"] or "")
    pub = doc.published
    docid = rng.randint(100000, 999999)
    folder = f"{pub.year}{pub.month:02d}/t{pub.year}{pub.month:02d}{pub.day:02d}_{docid}"
    content = _content_html(doc, "trs_gbk", numbers, rng)
    sidebar = portal_sidebar(doc, rng) if chrome else ""
    page = f"""<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
<html xmlns="http://www.w3.org/1999/xhtml">
<head>
<meta http-equiv="Content-Type" content="text/html; charset={declared}" />
<meta http-equiv="X-UA-Compatible" content="IE=edge" />
<title>{_esc(doc.title)}_{_esc(site)}</title>
<meta name="SiteName" content="{_esc(site)}">
<meta name="SiteDomain" content="www.example.gov.cn">
<meta name="ColumnName" content="政府信息公开年报">
<meta name="ArticleTitle" content="{_esc(doc.title)}">
<meta name="PubDate" content="{pub.isoformat()} {rng.randint(8, 17):02d}:{rng.randint(0, 59):02d}">
<meta name="ContentSource" content="{_esc(doc.report['body'] or '')}">
<link href="../../images/common.css" rel="stylesheet" type="text/css" />
<script type="text/javascript" src="../../images/jquery-1.8.3.min.js"></script>
</head>
<body>
<!-- {folder}.html -->
<div class="top">
  <div class="topbar"><span class="date">今天是：<script type="text/javascript">var d=new Date();document.write(d.getFullYear()+"年"+(d.getMonth()+1)+"月"+d.getDate()+"日");</script><noscript>{_today(crawl)}</noscript></span>
  <a href="../../">首页</a> | <a href="javascript:void(0)" onclick="addFavorite()">加入收藏</a> | <a href="../../wza/">无障碍浏览</a></div>
  <div class="banner"><img src="../../images/banner.jpg" alt="{_esc(site)}" /></div>
  <ul class="nav">
    <li><a href="../../">首页</a></li><li><a href="../../zwgk/">政务公开</a></li>
    <li><a href="../../zwfw/">政务服务</a></li><li><a href="../../hdjl/">互动交流</a></li>
    <li><a href="../../zjxq/">走进{_esc(site[:2])}</a></li>
  </ul>
</div>
<div class="position">您当前的位置：<a href="../../">首页</a> &gt; <a href="../">政府信息公开</a> &gt; <a href="./">政府信息公开年报</a></div>
{sidebar}
<div class="article">
  <h1 class="article-title">{_esc(doc.title)}</h1>
  <div class="article-info">发布时间：{pub.isoformat()}&nbsp;&nbsp;来源：{_esc(doc.report['body'] or '')}&nbsp;&nbsp;浏览次数：<span id="visitcount">{rng.randint(50, 9000)}</span>&nbsp;&nbsp;【字体：<a href="javascript:doZoom(18)">大</a> <a href="javascript:doZoom(16)">中</a> <a href="javascript:doZoom(14)">小</a>】</div>
  <div class="article-con">
<div class="TRS_Editor"><div class="Custom_UnionStyle">
{content}
</div></div>
  </div>
  <div class="article-tools"><a href="javascript:window.print()">【打印本页】</a> <a href="javascript:window.close()">【关闭窗口】</a></div>
</div>
<div class="footer">
  <p>主办：{_esc(site)}办公室&nbsp;&nbsp;网站标识码：{rng.randint(1000000000, 9999999999)}&nbsp;&nbsp;备案号：豫ICP备{rng.randint(10000000, 99999999)}号</p>
</div>
<script type="text/javascript">
$(function(){{ $.get("/trs/visit?docid={docid}", function(n){{ $("#visitcount").text(n); }}); }});
var _hmt = _hmt || [];
</script>
</body>
</html>
"""
    return page.encode("gbk")


def page_jcms(doc: Document, numbers: NumberStyle, rng: random.Random, *,
              crawl: date = date(2024, 5, 6)) -> bytes:
    """A Hanweb jcms article page (art_COL_ART.html), UTF-8, content in div#zoom."""
    site = _site_of(doc.report["body"] or "")
    col, art = rng.randint(1000, 9999), rng.randint(100000, 999999)
    pub = doc.published
    content = _content_html(doc, "jcms", numbers, rng)
    page = f"""<!DOCTYPE html>
<html>
<head>
<meta charset="utf-8">
<meta name="SiteName" content="{_esc(site)}">
<meta name="ColumnName" content="政府信息公开年度报告">
<meta name="ArticleTitle" content="{_esc(doc.title)}">
<meta name="PubDate" content="{pub.isoformat()} 10:{rng.randint(10, 59)}">
<meta name="Maketime" content="{pub.isoformat()} 09:{rng.randint(10, 59)}:{rng.randint(10, 59)}">
<meta name="ContentSource" content="">
<title>{_esc(site)} {_esc(doc.title)}</title>
<link rel="stylesheet" href="/images/{col}/style.css">
<script language="javascript" src="/script/0/1505141034392939.js"></script>
</head>
<body>
<div class="header"><div class="w1200">
  <span class="today">{_today(crawl)}</span>
  <a href="/">首页</a> <a href="/col/col{col - 1}/index.html">政务公开</a> <a href="/col/col{col - 2}/index.html">政务服务</a> <a href="/col/col{col - 3}/index.html">互动交流</a>
</div></div>
<div class="w1200 location">当前位置：<a href="/">首页</a> &gt; <a href="/col/col{col - 1}/index.html">政务公开</a> &gt; <a href="/col/col{col}/index.html">政府信息公开年度报告</a></div>
<div class="w1200 main">
<table width="100%" border="0" cellspacing="0" cellpadding="0">
<tr><td class="title" align="center"><!--<$[标题名称]>begin-->{_esc(doc.title)}<!--<$[标题名称]>end--></td></tr>
<tr><td class="info" align="center">发布日期：{pub.isoformat()} &nbsp; 信息来源：{_esc(doc.report['body'] or '')} &nbsp; 浏览次数：<script language="javascript" src="/module/visitcount/articlehits.jsp?colid={col}&artid={art}"></script> &nbsp; 字体：[<a href="javascript:doZoom(20)">大</a> <a href="javascript:doZoom(16)">中</a> <a href="javascript:doZoom(12)">小</a>]</td></tr>
<tr><td><div id="zoom"><!--<$[信息内容]>begin-->
{content}
<!--<$[信息内容]>end--></div></td></tr>
</table>
<div class="prevnext"><p>上一篇：<a href="/art/{pub.year}/{pub.month}/{pub.day}/art_{col}_{art - 1}.html">关于{pub.year}年度部门预算的公开说明</a></p>
<p>下一篇：<a href="/art/{pub.year}/{pub.month}/{pub.day}/art_{col}_{art + 1}.html">{_esc(site)}政府信息公开指南</a></p></div>
</div>
<div class="footer">主办单位：{_esc(site)}办公室 &nbsp; 网站标识码：{rng.randint(1000000000, 9999999999)}</div>
<script type="text/javascript">document.write(unescape("%3Cspan id='_ideConac' %3E%3C/span%3E"));</script>
</body>
</html>
"""
    return page.encode("utf-8")


def page_plain(doc: Document, numbers: NumberStyle, rng: random.Random, *,
               crawl: date = date(2024, 5, 6)) -> bytes:
    """A simple UTF-8 page: h1, h2, p and a `<th>` header table."""
    content = _content_html(doc, "plain", numbers, rng)
    site = _site_of(doc.report["body"] or "")
    page = f"""<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<title>{_esc(doc.title)}</title>
<style>table{{border-collapse:collapse}} td,th{{border:1px solid #999;padding:2px 6px}}</style>
</head>
<body>
<div class="today">{_today(crawl)}</div>
<nav><a href="/">{_esc(site)}</a> / <a href="/xxgk/">信息公开</a> / <a href="/xxgk/ndbg/">年度报告</a></nav>
<article>
<h1>{_esc(doc.title)}</h1>
<p class="meta">发布日期：{doc.published.isoformat()} 浏览次数：{rng.randint(10, 3000)}</p>
{content}
</article>
<footer>Copyright © {site} 版权所有</footer>
<script src="/js/count.js"></script>
<script>countHits("{doc.published.isoformat()}");</script>
</body>
</html>
"""
    return page.encode("utf-8")


def page_wordpaste(doc: Document, numbers: NumberStyle, rng: random.Random, *,
                   encoding: str = "utf-8", crawl: date = date(2024, 5, 6)) -> bytes:
    """Word HTML pasted into a CMS article: uppercase tags, split SPANs, o:p, &nbsp;."""
    content = _content_html(doc, "wordpaste", numbers, rng)
    site = _site_of(doc.report["body"] or "")
    charset = "gb2312" if encoding == "gbk" else encoding
    page = f"""<!-- saved from url=(0064)http://www.example.gov.cn/xxgk/ndbg/{doc.published.year}/art_{rng.randint(100, 999)}.shtml -->
<HTML xmlns:o="urn:schemas-microsoft-com:office:office" xmlns:w="urn:schemas-microsoft-com:office:word"><HEAD>
<META content="text/html; charset={charset}" http-equiv=Content-Type>
<META name=ArticleTitle content="{_esc(doc.title)}">
<META content="{doc.published.isoformat()}" name=PubDate>
<TITLE>{_esc(doc.title)}</TITLE>
<SCRIPT type=text/javascript src="/js/common.js"></SCRIPT>
</HEAD>
<BODY>
<DIV class=top>今天是 {_today(crawl)}</DIV>
<DIV class=nav><A href="/">首页</A> | <A href="/zwgk/">政务公开</A> | <A href="/zwgk/ndbg/">政府信息公开年报</A></DIV>
<DIV class=con>
<DIV class=title>{_esc(doc.title)}</DIV>
<DIV class=info>发布时间：{doc.published.isoformat()}　　浏览次数：<SPAN id=hits>{rng.randint(10, 5000)}</SPAN></DIV>
<DIV class=content>
<!--[if gte mso 9]><xml><w:WordDocument><w:View>Normal</w:View></w:WordDocument></xml><![endif]-->
<P class=MsoNormal style="TEXT-ALIGN: center" align=center><B><SPAN style="FONT-FAMILY: 方正小标宋简体; FONT-SIZE: 22pt">{_esc(doc.title)}</SPAN></B></P>
{content}
</DIV></DIV>
<DIV class=footer>{_esc(site)} 主办</DIV>
</BODY></HTML>
"""
    return page.encode(encoding)


HTML_STYLES = ("trs_gbk", "jcms", "plain", "wordpaste")


def render_html(doc: Document, style: str, numbers: NumberStyle, rng: random.Random,
                **kwargs: Any) -> bytes:
    """Render a document as a whole portal page in one of HTML_STYLES."""
    if style == "trs_gbk":
        return page_trs(doc, numbers, rng, **kwargs)
    if style == "jcms":
        return page_jcms(doc, numbers, rng, **kwargs)
    if style == "plain":
        return page_plain(doc, numbers, rng, **kwargs)
    if style == "wordpaste":
        return page_wordpaste(doc, numbers, rng, **kwargs)
    raise ValueError(f"unknown HTML style {style!r}")
