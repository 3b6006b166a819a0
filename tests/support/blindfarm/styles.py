"""The blind farm's portal styles: one county per style, each written as real portals are.

| style | list markup | paging | reports as |
|---|---|---|---|
| ``trs_gbk`` | TRS table rows, date in its own cell (GBK) | ``index_N.html``, count only in JS (``countPage``); page 2 slow | HTML article (``ArticleTitle``/``PubDate`` metas), some ``.doc`` attachments |
| ``ul_span`` | ``<li><a title>TITLE<span>date</span></a>`` | ``?page=N`` with 下一页/尾页 | article with 附件： PDF/DOCX; two report pages behind the Ruishu challenge (per URL); robots.txt |
| ``div_datefirst`` | ``<div><span>[01-15]</span><span><a title>truncated…</a>`` | ``createPageHTML(n, 0, "index", "shtml")`` | HTML ``.shtml`` articles; yearless titles; a deleted article (meta refresh) |
| ``jcms`` | inline ``<datastore>`` CDATA records, dates over lines | ``dataproxy.jsp`` POST windows | HTML ``/art/…`` articles, ``downfile.jsp`` PDF |
| ``gkmlpt`` | JSON API ``/gkmlpt/api/all/{cat}?page=N&sid=`` | JSON ``post_count`` | post pages with the content only in ``_CONFIG.DETAIL``; ``/attachment/`` files |
| ``anhui`` | ``OpennessContent/showList/…/page_N.html`` table | ``page_N.html`` 下一页 | 发布时间/来源 articles; one department on a ``BranchOpennessContent`` sub-site, titles without body |
| ``hanweb_module`` | ``.tr_main_value_odd`` rows linking ``/module/xxgk/xxgkAnnualReport.jsp?area=&fbtime=`` from a column outside ``/module/`` | none | pages with plain PDF/DOCX links; a stale self-named year |
| ``direct_files`` | table, date first (``2024/1/15``, ``2024年01月15日``) | ``list_N.html`` via 下一页 | bare PDF/DOCX/DOC/WPS links, file-name titles, a dead link |
| ``year_tree`` | year → level sub-columns, ``2024年01月15日`` | sub-columns | TRS t-date articles, folder year ≠ report year; a department sub-site (also registered as a second source); a report named by its publication year; a registry deadline rule (townships by 28 February) |
| ``blocked`` | the real Ruishu 412 challenge on every URL | – | – (must be *blocked*, not missing) |
| ``mixed_saved`` | a general 信息公开 list, reports a minority; saved-page markup (upper-case tags, reversed META), text cut short without ``title`` | ``createPage(n, cur, "column_index", "html")`` | Word-pasted HTML; re-published pages whose PubDate is years later; an unregistered township's report |

Every column also carries 解读/图解 twins, news, and reports of the (unregistered) city,
and one report is listed twice (a republished copy under a later URL date).
"""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta
from pathlib import Path

from .pages import (
    CTYPES,
    Ctx,
    Entry,
    attach,
    esc,
    fmt_date,
    generic_article,
    interpretation_page,
    news_page,
    short_notice,
)
from .server import Resource
from .world import CITY, Body, Report, decoy_titles, foreign_title, news_title, retitle

STYLES = ("trs_gbk", "ul_span", "div_datefirst", "jcms", "gkmlpt", "anhui", "hanweb_module",
          "direct_files", "year_tree", "blocked")

REAL = Path("/work/shared/real")
_CITY_BODY = Body(f"{CITY}人民政府", "county", "430100", short=CITY, county=CITY)


def _ruishu() -> bytes:
    p = REAL / "ruishu-challenge.html"
    if p.exists():
        return p.read_bytes()
    return (b'<html><head><meta content="x" r="m"><script r="m">$_ts=window["$_ts"];'
            b"</script></head><body></body></html>")


def plan(ctx: Ctx) -> list[Entry]:
    """Every row of a county's column before URLs are given: reports and noise, newest first."""
    rng = ctx.rng
    out = [Entry(r.title, "", r.published, "report", r) for r in ctx.county.reports]
    for r in list(ctx.county.reports):
        if rng.random() < 0.25:
            kind, title = decoy_titles(rng, r)[0]
            out.append(Entry(title, "", r.published + timedelta(days=rng.randint(0, 2)), kind, r))
    for _ in range(4):
        y = rng.randint(2020, 2025)
        out.append(Entry(news_title(rng, ctx.county.name, y), "",
                         date(y, rng.randint(1, 12), rng.randint(1, 28)), "news"))
    for y in (2022, 2023):
        out.append(Entry(foreign_title(y), "", date(y + 1, 2, rng.randint(1, 20)), "foreign",
                         Report(_CITY_BODY, y, date(y + 1, 2, 10), foreign_title(y), "S01",
                                "html")))
    out.sort(key=lambda e: (e.shown, e.title), reverse=True)
    return out


def _decoy(ctx: Ctx, e: Entry, url: str) -> None:
    ctx.decoys.append({"kind": e.kind, "title": e.title, "url": url})


def _noise_page(ctx: Ctx, e: Entry, style: str = "plain") -> str:
    if e.kind == "news":
        return news_page(e.title, e.shown, ctx.county.name + "人民政府")
    if e.kind == "foreign":
        assert e.report is not None
        return generic_article(e.title, e.shown, CITY + "人民政府",
                               ctx.docs.html(e.report, style))
    assert e.report is not None
    return interpretation_page(ctx, e.report, e.title, e.shown)


def _republish(ctx: Ctx, entries: list[Entry]) -> Entry | None:
    """List one report a second time, as a later re-post with the original shown date."""
    reps = [e for e in entries if e.kind == "report" and e.report and e.report.year <= 2021]
    if not reps:
        return None
    e = ctx.rng.choice(reps)
    copy = Entry(e.title, "", e.shown, "repost", e.report)
    entries.insert(ctx.rng.randint(0, len(entries)), copy)
    return copy


def _pages(n: int, size: int) -> int:
    return max(1, -(-n // size))


# ---------------------------------------------------------------------------- trs_gbk


def trs_gbk(ctx: Ctx) -> str:
    """TRS WCM in GBK: table list, index_N.html by JS only, metas on articles."""
    site, rng = ctx.site, ctx.rng
    col = "/xxgk/zfxxgknb/"
    for r in ctx.county.reports:
        if r.body.level in ("township", "street") and rng.random() < 0.2:
            retitle(rng, r, "S06")  # the list title has no year; the text has it
    entries = plan(ctx)
    _republish(ctx, entries)
    for e in entries:
        d = e.shown
        url_d = d + timedelta(days=rng.randint(300, 600)) if e.kind == "repost" else d
        tid = ctx.next_id()
        rel = f"./{url_d.year}{url_d.month:02d}/t{url_d:%Y%m%d}_{tid}.html"
        path = col + rel[2:]
        e.href = rel
        if e.kind in ("report", "repost"):
            r = e.report
            assert r is not None
            atts: list[tuple[str, str]] = []
            content = ctx.docs.html(r, "trs_gbk")
            if e.kind == "report" and rng.random() < 0.15:
                fmt = rng.choice(["doc", "pdf"])
                name = f"P0{d:%Y%m%d}{rng.randint(100000, 999999)}.{fmt}"
                attach(ctx, r, path.rsplit("/", 1)[0] + "/" + name, fmt)
                atts = [(r.title.strip() + "." + fmt, "./" + name)]
                content = short_notice(r)
                r.fmt = "article+" + fmt
            page = generic_article(r.title, d, r.body.short, content, attachments=atts,
                                   label="发布日期", metas=True, charset="gb2312",
                                   crumb="信息公开 &gt;&gt; 信息公开年报")
            page = page.replace('id="zoom" class="content"', 'class="trs_editor_view TRS_UEDITOR"')
            site.add(path, page.encode("gbk", "xmlcharrefreplace"), "text/html")
            r.urls.append(path)
        else:
            page = _noise_page(ctx, e, "trs_gbk")
            site.add(path, page.replace("utf-8", "gb2312").encode("gbk", "xmlcharrefreplace"),
                     "text/html")
            _decoy(ctx, e, path)
    size = 10
    n = _pages(len(entries), size)
    for p in range(n):
        rows = "\n".join(
            f'<tr valign="top"><td width="25"><img src="../../images/ico2.jpg"></td>\n'
            f'<td width="550">\n      <a href="{esc(e.href)}">{esc(e.title)}</a>\n    </td>\n'
            f"    <td>\n      {fmt_date(e.shown, 'iso')}\n    </td></tr>"
            for e in entries[p * size:(p + 1) * size])
        html = f"""<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312">
<title>信息公开年报</title></head><body>
<td class="pos" height="27">您现在的位置是：<a href="../../" class="CurrChnlCls">首页</a>&nbsp;&gt;&gt;&nbsp;<a href="../" class="CurrChnlCls">信息公开</a>&nbsp;&gt;&gt;&nbsp;<a href="./" class="CurrChnlCls">信息公开年报</a></td>
<table width="682" border="0" cellspacing="0" cellpadding="0" class="gl_list"><tbody>
{rows}
</tbody></table>
<script language="JavaScript" type="text/javascript">
var currentPage = {p};//所在页从0开始
var countPage = {n}//共多少页
var prevPage = currentPage - 1; var nextPage = currentPage + 1;
if (currentPage > 0) document.write("<a href=\\"index" + (prevPage == 0 ? "" : "_" + prevPage) + ".html\\">上一页</a>");
if (nextPage < countPage) document.write("&nbsp;<a href=\\"index"+"_" + nextPage + "."+"html\\">&nbsp;<span class=greyfont>下一页</span>&nbsp;</a>&nbsp;");
</script></body></html>"""
        name = "index.html" if p == 0 else f"index_{p}.html"
        site.add(col + name, html.encode("gbk", "xmlcharrefreplace"), "text/html",
                 delay=3.0 if p == 2 else 0.0)
    return col + "index.html"


# ---------------------------------------------------------------------------- ul_span


def ul_span(ctx: Ctx) -> str:
    """<li><a title>TITLE<span>date</span></a></li>, ?page=N, 附件： PDF/DOCX; robots.txt."""
    site, rng = ctx.site, ctx.rng
    col = "/zwgk/zfxxgknb/list.html"
    entries = plan(ctx)
    _republish(ctx, entries)
    for e in entries:
        d = e.shown
        aid = ctx.next_id()
        path = f"/zwgk/zfxxgknb/{d.year}/{d.month:02d}{d.day:02d}/{aid}.html"
        if e.kind == "repost":
            path = f"/zwgk/zfxxgknb/{d.year + 1}/0{rng.randint(3, 9)}{rng.randint(10, 28)}/{aid}.html"
        e.href = path
        if e.kind in ("report", "repost"):
            r = e.report
            assert r is not None
            atts: list[tuple[str, str]] = []
            content = ctx.docs.html(r, "plain")
            if e.kind == "report" and rng.random() < 0.45:
                fmts = rng.choice([["pdf"], ["docx"], ["pdf", "docx"]])
                for fmt in fmts:
                    ap = f"/uploadfiles/{d.year}{d.month:02d}/{aid}_{len(atts)}.{fmt}"
                    attach(ctx, r, ap, fmt)
                    atts.append((rng.choice([r.title.strip(), "附件1"]) + "." + fmt, ap))
                content = short_notice(r)
                r.fmt = "article+" + "+".join(fmts)
            site.add(path, generic_article(r.title, d, r.body.short, content, attachments=atts,
                                           metas=True))
            r.urls.append(path)
        else:
            site.add(path, _noise_page(ctx, e))
            _decoy(ctx, e, path)
    # the anti-bot challenge answers two report pages (Ruishu is served per URL)
    walled = [e for e in entries if e.kind == "report" and e.report and "yearless" not in
              e.report.flags and not any(u.startswith("/uploadfiles/") for u in e.report.urls)
              and not any(x.kind == "repost" and x.report is e.report for x in entries)][:2]
    for e in walled:
        r = e.report
        assert r is not None
        ctx.site.files[e.href] = Resource(_ruishu(), status=412)
        ctx.county.reports.remove(r)
        ctx.county.unknown.append((r.body, r.year, "blocked"))
        ctx.decoys.append({"kind": "walled", "title": e.title, "url": e.href})
    size = 12
    n = _pages(len(entries), size)
    for p in range(1, n + 1):
        rows = "\n".join(
            f'<li><a href="{esc(e.href)}" title="{esc(e.title)}" target="_blank">{esc(e.title)}'
            f"<span>{fmt_date(e.shown, 'iso')}</span></a></li>"
            for e in entries[(p - 1) * size:p * size])
        nav = f'<span>共{n}页 当前第{p}页</span> <a href="?page=1">首页</a> '
        if p > 1:
            nav += f'<a href="?page={p - 1}">上一页</a> '
        if p < n:
            nav += f'<a href="?page={p + 1}">下一页</a> '
        nav += f'<a href="?page={n}">尾页</a>'
        html = f"""<!DOCTYPE html><html><head><meta charset="utf-8"><title>政府信息公开年报</title></head>
<body><div class="overview_left"><ul><li><a href="/zwgk/zcwj/">政策文件</a></li><li><a href="/zwgk/zfxxgknb/list.html">政府信息公开年报</a></li></ul></div>
<div class="overview_right"><ul>
{rows}
</ul><div class="page">{nav}</div></div></body></html>"""
        site.add(col if p == 1 else f"{col}?page={p}", html)
    site.add("/robots.txt", "User-agent: *\nDisallow: /search/\nDisallow: /admin/\n",
             "text/plain")
    return col


# ---------------------------------------------------------------------------- div_datefirst


def div_datefirst(ctx: Ctx) -> str:
    """Date first without a year, truncated anchor text, createPageHTML paging, .shtml."""
    site, rng = ctx.site, ctx.rng
    col = "/xxgk/xxgknb/"
    for r in ctx.county.reports:
        if rng.random() < 0.15 and r.body.level != "county":
            retitle(rng, r, "S06")
    entries = plan(ctx)
    _republish(ctx, entries)
    # a deleted article: still listed, answers 200 with a meta refresh to the column
    gone = Entry(news_title(rng, ctx.county.name, 2021), "", date(2021, 6, 3), "deleted")
    entries.append(gone)
    entries.sort(key=lambda e: e.shown, reverse=True)
    for e in entries:
        d = e.shown
        hexid = f"{rng.getrandbits(128):032x}"
        yd = d + timedelta(days=rng.randint(400, 700)) if e.kind == "repost" else d
        path = f"{col}{yd.year}{yd.month:02d}/{hexid}.shtml"
        e.href = path
        if e.kind in ("report", "repost"):
            r = e.report
            assert r is not None
            site.add(path, generic_article(r.title, d, r.body.short, ctx.docs.html(r, "plain"),
                                           label="发布日期", how="cn"))
            r.urls.append(path)
        elif e.kind == "deleted":
            site.add(path, f'<html><head><meta http-equiv="refresh" content="0;url={col}">'
                           "</head><body></body></html>")
            _decoy(ctx, e, path)
        else:
            site.add(path, _noise_page(ctx, e))
            _decoy(ctx, e, path)
    size = 9
    n = _pages(len(entries), size)
    for p in range(n):
        rows = []
        for e in entries[p * size:(p + 1) * size]:
            shown = e.title if len(e.title) <= 22 else e.title[:20] + "..."
            rows.append(f'<div class="row"><span class="date">{fmt_date(e.shown, "md")}</span>'
                        f'<span class="tit"><a href="{esc(e.href)}" title="{esc(e.title)}" '
                        f'target="_blank">{esc(shown)}</a></span></div>')
        html = f"""<!DOCTYPE html><html><head><meta charset="utf-8"><title>政务信息公开年报</title>
<script src="/js/page.js"></script></head><body>
<div class="bread">乡镇信息公开 &gt; 政务信息公开年报</div>
<div class="list">
{chr(10).join(rows)}
</div>
<div class="pagebar"><script type="text/javascript">createPageHTML({n}, {p}, "index", "shtml");</script></div>
</body></html>"""
        site.add(col + ("index.shtml" if p == 0 else f"index_{p}.shtml"), html)
    site.add(col + "index.html", site.files[col + "index.shtml"].body)
    return col + "index.shtml"


# ---------------------------------------------------------------------------- jcms


def jcms(ctx: Ctx) -> str:
    """Hanweb jcms: first records inline in <datastore>, the rest by dataproxy.jsp windows."""
    site, rng = ctx.site, ctx.rng
    colid, unitid = 1229000000 + ctx.county.index * 17, 356000 + ctx.county.index
    col = f"/col/col{colid}/index.html"
    entries = plan(ctx)
    _republish(ctx, entries)
    for e in entries:
        d = e.shown
        aid = ctx.next_id()
        yd = d + timedelta(days=rng.randint(300, 500)) if e.kind == "repost" else d
        path = f"/art/{yd.year}/{yd.month}/{yd.day}/art_{colid}_{aid}.html"
        e.href = path
        if e.kind in ("report", "repost"):
            r = e.report
            assert r is not None
            content = ctx.docs.html(r, "jcms")
            atts: list[tuple[str, str]] = []
            if e.kind == "report" and rng.random() < 0.25:
                fname = f"{d:%Y%m%d}{aid}.pdf"
                ap = f"/module/download/downfile.jsp?classid=0&filename={fname}"
                ctx.site.add(ap, ctx.docs.file(r, "pdf"), CTYPES["pdf"])
                r.urls.append(ap)
                atts = [(r.title.strip() + ".pdf", ap)]
                content = short_notice(r)
                r.fmt = "article+pdf"
            head = (f'<table class="xxgk_table"><tr><td>索 引 号</td><td>11{ctx.county.code}00'
                    f'{aid % 97:02d}XW/{d.year}-{aid % 100000:05d}</td><td>公开方式</td><td>主动公开'
                    f'</td></tr><tr><td>成文日期</td><td>{d.isoformat()}</td><td>发布机构</td><td>'
                    f'{esc(r.body.short)}</td></tr><tr><td>组配分类</td><td>政府信息公开年报</td></tr>'
                    "</table>")
            page = generic_article(r.title, d, r.body.short, head + content, attachments=atts,
                                   label="发布日期")
            site.add(path, page)
            r.urls.append(path)
        else:
            site.add(path, _noise_page(ctx, e, "jcms"))
            _decoy(ctx, e, path)

    def record(e: Entry) -> str:
        return (f'<record><![CDATA[<li class="clearfix"><a href="{esc(e.href)}" title="{esc(e.title)}"'
                f' target="_blank">{esc(e.title)}</a><span class="time">{fmt_date(e.shown, "ws")}'
                "</span></li>]]></record>")

    total = len(entries)
    per = 15
    inline = entries[:per]
    nextgroup = (f'<nextgroup><![CDATA[<a href="/module/web/jpage/dataproxy.jsp?page=1&appid=1'
                 f'&webid=1&path=/&columnid={colid}&unitid={unitid}&webname=&permissiontype=0">'
                 "</a>]]></nextgroup>")
    html = f"""<!DOCTYPE html><html><head><meta charset="utf-8"><title>政府信息公开年报</title>
<script src="/module/web/jpage/jquery.js"></script></head><body>
<div class="crumb">当前位置：首页 &gt; 政务公开 &gt; 政府信息公开年报</div>
<div class="default_pgContainer" id="div{unitid}">
<script type="text/xml"><datastore>{nextgroup}<recordset>
{chr(10).join(record(e) for e in inline)}
</recordset></datastore></script></div>
<script type="text/javascript">
$(document).ready(function(){{ $("#div{unitid}").jpage({{dataStore:null, perPage:{per}, totalRecord:{total},
 proxyUrl:'/module/web/jpage/dataproxy.jsp', groupSize:3, barPosition:'bottom',
 ajaxParam:{{col:1, appid:1, webid:1, path:'/', columnid:{colid}, sourceContentType:1,
 unitid:{unitid}, webname:'', permissiontype:0}} }}); }});
</script></body></html>"""
    site.add(col, html)

    def proxy(method: str, params: dict[str, str]) -> Resource:
        try:
            start = int(params.get("startrecord", "1"))
            end = int(params.get("endrecord", str(per * 3)))
        except ValueError:
            return Resource("bad request", status=400)
        if str(params.get("columnid")) != str(colid):
            return Resource("<datastore><totalrecord>0</totalrecord><recordset></recordset>"
                            "</datastore>", "text/xml; charset=utf-8")
        recs = "\n".join(record(e) for e in entries[start - 1:end])
        pages = _pages(total, per)
        return Resource(f'<?xml version="1.0" encoding="UTF-8"?><datastore><totalrecord>{total}'
                        f"</totalrecord><totalpage>{pages}</totalpage><recordset>\n{recs}\n"
                        "</recordset></datastore>", "text/xml; charset=utf-8")

    site.handlers["/module/web/jpage/dataproxy.jsp"] = proxy
    return col


# ---------------------------------------------------------------------------- gkmlpt


def gkmlpt(ctx: Ctx) -> str:
    """Guangdong gkmlpt: _CONFIG tree, JSON list API, content only inside _CONFIG.DETAIL."""
    site, rng = ctx.site, ctx.rng
    sid, cat = str(755000 + ctx.county.index), 2590 + ctx.county.index
    entries = plan(ctx)
    _republish(ctx, entries)
    arts = []
    for e in entries:
        d = e.shown
        pid = 2590000 + ctx.next_id()
        path = f"/gkmlpt/content/{pid // 1000000}/{pid // 1000}/post_{pid}.html"
        e.href = path
        ts = int(datetime(d.year, d.month, d.day, 10, 0).timestamp())
        attachments: list[dict[str, str]] = []
        if e.kind in ("report", "repost"):
            r = e.report
            assert r is not None
            content = ctx.docs.html(r, "jcms")
            if e.kind == "report" and rng.random() < 0.35:
                ap = f"/attachment/0/{pid // 1000}/{pid}/{pid}.pdf"
                ctx.site.add(ap, ctx.docs.file(r, "pdf"), CTYPES["pdf"])
                r.urls.append(ap)
                attachments = [{"name": r.title.strip() + ".pdf", "url": "{{BASE}}" + ap}]
                content = (short_notice(r) + f'<p><a class="nfw-cms-attachment" href="{ap}">'
                           f"{esc(r.title.strip())}.pdf</a></p>")
                r.fmt = "article+pdf"
            r.urls.append(path)
            source = r.body.short
        else:
            content = {"news": f"<p>{esc(e.title)}。</p>", "foreign": "",
                       }.get(e.kind, f"<p>解读：{esc(e.title)}</p>")
            if e.kind == "foreign" and e.report:
                content = ctx.docs.html(e.report, "jcms")
            source = ctx.county.name
            _decoy(ctx, e, path)
        detail = {"id": pid, "title": e.title, "publisher": source, "date": ts,
                  "content": content, "attachment": attachments}
        blob = json.dumps(detail, ensure_ascii=False).replace("<", "\\u003C").replace(
            ">", "\\u003E")
        page = f"""<!DOCTYPE html><html><head><meta charset="utf-8"><title>{esc(e.title)}</title>
<meta name="ArticleTitle" content="{esc(e.title)}"><meta name="PubDate" content="{d.isoformat()} 10:00">
</head><body><div id="app"></div>
<script>window._CONFIG = {{ SID: '{sid}', DETAIL: {blob} }};</script>
<script src="/gkmlpt/static/js/detail.js"></script></body></html>"""
        site.add(path, page)
        arts.append({"id": pid, "title": e.title, "url": "{{BASE}}" + path,
                     "post_url": "{{BASE}}" + path, "date": ts, "display_publish_time": ts,
                     "publisher": source, "document_number": "", "attachment": attachments})
    tree = [{"id": 2580, "name": "政策文件", "parent": 0},
            {"id": cat, "name": "政府信息公开年报", "parent": 0},
            {"id": cat + 1, "name": "财政预决算", "parent": 0}]
    index = f"""<!DOCTYPE html><html><head><meta charset="utf-8"><title>政府信息公开</title></head>
<body><div id="app"></div><script>
window._CONFIG = {{
  SID: '{sid}',
  TREE: {json.dumps(tree, ensure_ascii=False)},
  SERVICE_AREA_ID: 1
}};
</script><script src="/gkmlpt/static/js/app.js"></script></body></html>"""
    site.add("/gkmlpt/index", index)
    per = 10

    def api(method: str, params: dict[str, str]) -> Resource:
        page = int(params.get("page", "1") or 1)
        rows = arts[(page - 1) * per:page * per]
        out = {"classify": {"id": cat, "name": "政府信息公开年报", "post_count": len(arts)},
               "articles": rows, "total": len(arts)}
        return Resource(json.dumps(out, ensure_ascii=False), "application/json; charset=utf-8")

    site.handlers[f"/gkmlpt/api/all/{cat}"] = api
    for other in (2580, cat + 1):
        site.add(f"/gkmlpt/api/all/{other}", json.dumps(
            {"classify": {"post_count": 0}, "articles": []}), "application/json")
    return "/gkmlpt/index"


# ---------------------------------------------------------------------------- anhui


def anhui(ctx: Ctx) -> str:
    """OpennessContent/showList/{site}/0/page_N.html; one department on a branch sub-site."""
    site, rng = ctx.site, ctx.rng
    depts = [b for b in ctx.county.bodies if b.level == "county_department"]
    branch_body = depts[0] if depts else None
    entries = plan(ctx)
    _republish(ctx, entries)
    main, branch = [], []
    for e in entries:
        r = e.report
        if (e.kind in ("report", "interpretation") and r is not None and r.body is branch_body
                and r.year >= 2021):
            branch.append(e)
            if e.kind == "report":
                retitle(rng, r, "S08")
                e.title = r.title
        else:
            main.append(e)
    for e in entries:
        d = e.shown
        aid = 5000 + ctx.next_id()
        path = f"/OpennessAnnualReport/show/{aid}.html"
        if e.kind in ("news", "deleted"):
            path = f"/OpennessContent/show/{aid}.html"
        e.href = path
        if e.kind in ("report", "repost"):
            r = e.report
            assert r is not None
            src = r.body.short if "bodyless" not in r.flags else r.body.name
            crumb = (f"政府信息公开 &gt; {esc(src)} &gt; 政府信息公开年报")
            page = generic_article(r.title, d, src, ctx.docs.html(r, "plain"), crumb=crumb)
            page = page.replace(f"发布时间：{fmt_date(d, 'iso')}", f"发布时间:{fmt_date(d, 'iso')}")
            site.add(path, page)
            r.urls.append(path)
        else:
            site.add(path, _noise_page(ctx, e))
            _decoy(ctx, e, path)

    def lists(prefix: str, items: list, title: str, nav: str) -> None:
        size = 10
        n = _pages(len(items), size)
        for p in range(1, n + 1):
            rows = "\n".join(
                f'<tr><td>{(p - 1) * size + i + 1}</td><td class="title"><a href="{esc(e.href)}"'
                f' title="{esc(e.title)}" target="_blank">{esc(e.title)}</a></td>'
                f"<td>{fmt_date(e.shown, 'iso')}</td></tr>"
                for i, e in enumerate(items[(p - 1) * size:p * size]))
            pager = f"<span>共{n}页</span> "
            if p < n:
                pager += f'<a href="{prefix}page_{p + 1}.html">下一页</a> '
            pager += f'<a href="{prefix}page_{n}.html">末页</a>'
            html = f"""<!DOCTYPE html><html><head><meta charset="utf-8"><title>{title}</title></head>
<body><div class="crumb">您现在所在的位置: 网站首页 &gt; 政府信息公开 &gt; {title}</div>
<div class="left">{nav}</div>
<table class="list"><tr><th>序号</th><th>名称</th><th>发布日期</th></tr>
{rows}
</table><div class="pager">{pager}</div></body></html>"""
            site.add(f"{prefix}page_{p}.html", html)

    sid = 780 + ctx.county.index
    main_prefix = f"/OpennessContent/showList/{sid}/0/"
    nav = ""
    if branch_body and branch:
        bprefix = f"/BranchOpennessContent/showList/{10370 + ctx.county.index}/0/"
        nav = (f'<ul><li><a href="{main_prefix}page_1.html">政府信息公开年报</a></li>'
               f'<li>部门信息公开：<a href="{bprefix}page_1.html">{esc(branch_body.name)}'
               f"政府信息公开年报</a></li></ul>")
        lists(bprefix, branch, f"{branch_body.name} &gt; 政府信息公开年报", "")
    lists(main_prefix, main, "政府信息公开年报", nav)
    return main_prefix + "page_1.html"


# ---------------------------------------------------------------------------- hanweb_module


def hanweb_module(ctx: Ctx) -> str:
    """xxgkAnnualReport.jsp?area=CODE&fbtime=YEAR: heading without a year, plain file links."""
    site, rng = ctx.site, ctx.rng
    areas = {b.name: f"11{ctx.county.code}{k:02d}{rng.randint(1000, 9999)}X"
             for k, b in enumerate(ctx.county.bodies)}
    stale_done = False
    cells: dict[tuple[str, int], str] = {}
    for r in ctx.county.reports:
        area = areas[r.body.name]
        path = f"/module/xxgk/xxgkAnnualReport.jsp?area={area}&fbtime={r.year}"
        links = []
        if (not stale_done and r.body.level in ("township", "street") and r.year >= 2020):
            r.flags.add("stale_year")
            stale_done = True
        name = f"{r.body.short}{r.year}年政府信息公开工作年度报告"
        content = ""
        if rng.random() < 0.4:
            for fmt in ("pdf", "docx"):
                ap = f"/picture/0/{r.year + 1}{rng.randint(1000, 9999)}{rng.randint(100, 999)}.{fmt}"
                attach(ctx, r, ap, fmt)
                links.append((name + "." + fmt, ap))
            r.fmt = "pdf+docx"
        else:
            content = ctx.docs.html(r, "plain")
        r.urls.insert(0, path)
        body = "".join(f'<p><a href="{esc(h)}">{esc(n)}</a></p>' for n, h in links) + content
        page = f"""<!DOCTYPE html><html><head><meta charset="utf-8"><title>政府信息公开年报</title></head>
<body><div class="crumb">首页 &gt; 信息公开 &gt; 政府信息公开年报</div>
<table class="nb"><tr><td>发布机构：</td><td>{esc(r.body.name)}</td><td>年度：</td><td>{r.year}</td></tr>
<tr><td>发布时间：</td><td>{r.published.isoformat()}</td></tr></table>
<h2>政府信息公开年报</h2><div class="content">{body}</div><p>政府信息公开年报</p></body></html>"""
        site.add(path, page)
        cells[(r.body.name, r.year)] = path
    rows = []
    listed = sorted(ctx.county.reports, key=lambda r: r.published, reverse=True)
    for k, r in enumerate(listed):
        cls = "tr_main_value_odd" if k % 2 == 0 else "tr_main_value_even"
        rows.append(f'<tr class="{cls}"><td>{esc(r.body.name)}</td><td><a href="'
                    f'{esc(cells[(r.body.name, r.year)])}" class="bt_link" target="_blank">'
                    f"{esc(r.body.short)}{r.year}年度政府信息公开年报</a></td>"
                    f"<td>{r.published.isoformat()}</td></tr>")
    html = f"""<!DOCTYPE html><html><head><meta charset="utf-8"><title>政府信息公开年报</title></head>
<body><div class="crumb">首页 &gt; 政府信息公开 &gt; 政府信息公开年报</div>
<table class="nbtable"><tr><th>发布机构</th><th>名称</th><th>发布日期</th></tr>
{chr(10).join(rows)}
</table></body></html>"""
    site.add("/zwgk/xxgknb/index.html", html)
    return "/zwgk/xxgknb/index.html"


# ---------------------------------------------------------------------------- direct_files


def direct_files(ctx: Ctx) -> str:
    """A table, date first, linking PDF/DOCX/DOC/WPS files straight; one dead link."""
    site, rng = ctx.site, ctx.rng
    col = "/nb/"
    for r in ctx.county.reports:
        if rng.random() < 0.15:
            retitle(rng, r, "file")
    entries = plan(ctx)
    dead = next((e for e in entries if e.kind == "report"), None)
    for e in entries:
        d = e.shown
        fid = ctx.next_id()
        if e.kind == "report":
            r = e.report
            assert r is not None
            fmt = rng.choice(["pdf", "pdf", "docx", "doc", "wps"])
            path = f"/uploads/{d.year}/{d.month:02d}/{d:%Y%m%d}{fid}.{fmt}"
            e.href = path
            r.fmt = fmt
            if e is dead:
                ctx.county.reports.remove(r)
                ctx.county.unknown.append((r.body, r.year, "dead"))
                ctx.decoys.append({"kind": "dead", "title": e.title, "url": path})
                continue
            attach(ctx, r, path, fmt)
        else:
            path = f"/nb/{d.year}{d.month:02d}/t{d:%Y%m%d}_{fid}.html"
            e.href = path
            site.add(path, _noise_page(ctx, e))
            _decoy(ctx, e, path)
    size = 10
    n = _pages(len(entries), size)
    for p in range(1, n + 1):
        rows = "\n".join(
            f'<tr><td class="d">{fmt_date(e.shown, rng.choice(["slash", "cn"]))}</td>'
            f'<td><a href="{esc(e.href)}" target="_blank">{esc(e.title)}</a></td></tr>'
            for e in entries[(p - 1) * size:p * size])
        nxt = f'<a href="list_{p + 1}.html">下一页</a>' if p < n else ""
        prev = (f'<a href="{"list.html" if p == 2 else f"list_{p - 1}.html"}">上一页</a>'
                if p > 1 else "")
        html = f"""<!DOCTYPE html><html><head><meta charset="utf-8"><title>年度报告</title></head>
<body><h3>政府信息公开年度报告</h3><table class="tab">
<tr><th>日期</th><th>标题</th></tr>
{rows}
</table><div class="pg">{prev} {nxt}</div></body></html>"""
        site.add(col + ("list.html" if p == 1 else f"list_{p}.html"), html)
    return col + "list.html"


# ---------------------------------------------------------------------------- year_tree


def year_tree(ctx: Ctx) -> str:
    """Year folders, then 县政府/部门/乡镇 sub-columns; one department on its own sub-site."""
    site, rng = ctx.site, ctx.rng
    root = "/zfxxgk/zfxxgknb/"
    depts = [b for b in ctx.county.bodies if b.level == "county_department"]
    sub_body = depts[-1] if depts else None
    pub_named = False
    for r in ctx.county.reports:
        if (not pub_named and r.body.level in ("township", "street") and r.year == 2022
                and not any(x.body is r.body and x.year == 2023 for x in ctx.county.reports)):
            r.title = f"{r.body.short}{r.year + 1}年政府信息公开年度报告"
            r.flags.add("pubyear_named")
            pub_named = True
        if r.body is sub_body and rng.random() < 0.5:
            retitle(rng, r, "S08")
    groups: dict[tuple[int, str], list[Entry]] = {}
    subsite: list[Entry] = []
    entries = plan(ctx)
    for e in entries:
        r = e.report
        lvl = "xzf"
        if e.kind in ("report", "interpretation") and r is not None:
            lvl = {"county": "xzf", "county_department": "bmnb"}.get(r.body.level, "xzjd")
            if r.body is sub_body:
                subsite.append(e)
                continue
        year = r.year if r is not None else e.shown.year - 1
        folder = year - 1 if (r is not None and r.year == 2023 and lvl == "xzjd") else year
        groups.setdefault((folder, lvl), []).append(e)
    for (folder, lvl), items in groups.items():
        for e in items:
            d = e.shown
            path = f"{root}{folder}n/{lvl}/{d.year}{d.month:02d}/t{d:%Y%m%d}_{ctx.next_id()}.html"
            e.href = path
            _write_plain(ctx, e, path)
    for e in subsite:
        d = e.shown
        path = f"/bm/jyj/zfxxgk/nb/{d.year}{d.month:02d}/t{d:%Y%m%d}_{ctx.next_id()}.html"
        e.href = path
        _write_plain(ctx, e, path, source=sub_body.name if sub_body else "")

    def listing(path: str, title: str, items: list[Entry]) -> None:
        rows = "\n".join(f'<li><a href="{esc(e.href)}" title="{esc(e.title)}">{esc(e.title)}</a>'
                         f'<span class="date">{fmt_date(e.shown, "cn")}</span></li>'
                         for e in sorted(items, key=lambda e: e.shown, reverse=True))
        site.add(path, f"""<!DOCTYPE html><html><head><meta charset="utf-8"><title>{title}</title></head>
<body><div class="crumb">政府信息公开年报 &gt; {title}</div><ul class="list">
{rows}
</ul></body></html>""")

    names = {"xzf": "县政府", "bmnb": "部门公开年报", "xzjd": "乡镇（街道）"}
    years = sorted({f for f, _ in groups}, reverse=True)
    for y in years:
        subs = []
        for lvl in ("xzf", "bmnb", "xzjd"):
            if (y, lvl) in groups:
                listing(f"{root}{y}n/{lvl}/index.html", f"{y}年 &gt; {names[lvl]}", groups[(y, lvl)])
                subs.append(f'<li><a href="{lvl}/index.html">{names[lvl]}</a></li>')
        if sub_body is not None:
            subs.append(f'<li><a href="/bm/jyj/zfxxgk/nb/index.html">{esc(sub_body.name)}</a></li>')
        site.add(f"{root}{y}n/index.html", f"""<!DOCTYPE html><html><head><meta charset="utf-8">
<title>{y}年</title></head><body><div class="crumb">政府信息公开年报 &gt; {y}年</div>
<ul class="subcol">{''.join(subs)}</ul></body></html>""")
    if sub_body is not None:
        listing("/bm/jyj/zfxxgk/nb/index.html", f"{sub_body.name} &gt; 政府信息公开年报", subsite)
        ctx.county.extra_sources.append("/bm/jyj/zfxxgk/nb/index.html")
    # this county's province gives townships and streets until 28 February
    ctx.county.deadline_rules.append({"level": "township", "month": 2, "day": 28})
    ctx.county.deadline_rules.append({"level": "street", "month": 2, "day": 28})
    for b in ctx.county.bodies:
        if b.level in ("township", "street"):
            b.due = (2, 28)
    links = "".join(f'<li><a href="{y}n/index.html">{y}年</a></li>' for y in years)
    site.add(root + "index.html", f"""<!DOCTYPE html><html><head><meta charset="utf-8">
<title>政府信息公开年报</title></head><body><div class="crumb">首页 &gt; 政府信息公开年报</div>
<ul class="years">{links}</ul></body></html>""")
    return root + "index.html"


def _write_plain(ctx: Ctx, e: Entry, path: str, source: str = "") -> None:
    if e.kind in ("report", "repost"):
        r = e.report
        assert r is not None
        src = source or r.body.short
        page = generic_article(r.title, e.shown, src, ctx.docs.html(r, "plain"),
                               label="发布日期", how="cn", metas=True,
                               crumb=f"{src} &gt; 政府信息公开年报" if source else "政府信息公开年报")
        ctx.site.add(path, page)
        r.urls.append(path)
    else:
        ctx.site.add(path, _noise_page(ctx, e))
        _decoy(ctx, e, path)


# ---------------------------------------------------------------------------- blocked


def blocked(ctx: Ctx) -> str:
    """Every URL answers the real Ruishu 412 challenge: nothing can be read."""
    ctx.site.block_all = _ruishu()
    for b, y in [(r.body, r.year) for r in ctx.county.reports]:
        ctx.county.unknown.append((b, y, "blocked"))
    for b, y in ctx.county.unpublished:
        ctx.county.unknown.append((b, y, "blocked"))
    ctx.county.reports.clear()
    ctx.county.unpublished.clear()
    return "/xxgk/zfxxgknb/index.html"


WRITERS = {"trs_gbk": trs_gbk, "ul_span": ul_span, "div_datefirst": div_datefirst, "jcms": jcms,
           "gkmlpt": gkmlpt, "anhui": anhui, "hanweb_module": hanweb_module,
           "direct_files": direct_files, "year_tree": year_tree, "blocked": blocked}


def build_site(ctx: Ctx) -> str:
    """Write the county's portal into ``ctx.site``; return the column URL path to register."""
    return WRITERS[ctx.county.style](ctx)


__all__ = ["STYLES", "build_site"]


# ---------------------------------------------------------------------------- mixed_saved


def mixed_saved(ctx: Ctx) -> str:
    """A general 信息公开 list (reports a minority) saved by an old TRS: upper-case tags,
    reversed META attributes, ``createPage(n, cur, "column_index", "html")``, dotted dates,
    anchor text cut short without a title attribute, re-published pages whose PubDate
    meta is years after the shown date, and a report of an unregistered township."""
    site, rng = ctx.site, ctx.rng
    col = "/zwgk/xxgk/"
    for r in ctx.county.reports:
        if r.body.level in ("township", "street") and rng.random() < 0.2:
            retitle(rng, r, "S06")
    entries = plan(ctx)
    for _ in range(len(entries)):
        y = rng.randint(2020, 2025)
        entries.append(Entry(rng.choice(["关于印发{c}{y}年政务公开工作要点的通知",
                                          "{c}{y}年第{n}期政策文件汇编", "{c}关于{y}年防汛工作的通知",
                                          "{c}{y}年财政预算执行情况公告"]).format(
            c=ctx.county.name, y=y, n=rng.randint(1, 9)), "",
            date(y, rng.randint(1, 12), rng.randint(1, 28)), "news"))
    stray = Report(Body("新设镇人民政府", "township", "000000", short=f"{ctx.county.name}新设镇"),
                   2023, date(2024, 1, 20), f"{ctx.county.name}新设镇2023年政府信息公开工作年度报告",
                   "S01", "html")
    entries.append(Entry(stray.title, "", stray.published, "foreign", stray))
    entries.sort(key=lambda e: (e.shown, e.title), reverse=True)
    for e in entries:
        d = e.shown
        republished = e.kind == "report" and rng.random() < 0.15
        ud = d + timedelta(days=rng.randint(500, 900)) if republished else d
        path = f"{col}{ud.year}{ud.month:02d}/t{ud:%Y%m%d}_{ctx.next_id()}.html"
        e.href = path
        if e.kind == "report":
            r = e.report
            assert r is not None
            page = generic_article(r.title, d, r.body.short, ctx.docs.html(r, "wordpaste"),
                                   label="发布日期")
            if republished:  # the meta says when the page was re-published
                page = page.replace("</title>", f'</title>\n<META content="{ud.isoformat()} '
                                    '10:00" name="PubDate">')
            page = f"<!-- saved from url=(0062){path} -->\n" + page.replace("<div", "<DIV").replace(
                "</div>", "</DIV>").replace("<a ", "<A ").replace("</a>", "</A>")
            site.add(path, page)
            r.urls.append(path)
        elif e.kind == "foreign" and e.report is not None and e.report.body.region == "000000":
            site.add(path, generic_article(e.title, d, e.report.body.short,
                                           ctx.docs.html(e.report, "plain")))
            _decoy(ctx, e, path)
        else:
            site.add(path, _noise_page(ctx, e))
            _decoy(ctx, e, path)
    size = 15
    n = _pages(len(entries), size)
    for p in range(n):
        rows = []
        for e in entries[p * size:(p + 1) * size]:
            cut = len(e.title) > 24 and rng.random() < 0.5
            text = e.title[:22] + "…" if cut else e.title
            attr = "" if cut else f' TITLE="{esc(e.title)}"'
            rows.append(f'<LI><A HREF="{esc(e.href)}"{attr} TARGET="_blank">{esc(text)}</A>'
                        f"<SPAN>{fmt_date(e.shown, 'dot')}</SPAN></LI>")
        html = f"""<!-- saved from url=(0040)http://www.example.gov.cn/zwgk/xxgk/ -->
<HTML><HEAD><META content="text/html; charset=utf-8" http-equiv="Content-Type">
<META content="政府信息公开" name="ColumnName"><TITLE>政府信息公开</TITLE></HEAD><BODY>
<DIV class="location">当前位置：首页 &gt; 政务公开 &gt; 政府信息公开</DIV>
<UL class="list">
{chr(10).join(rows)}
</UL>
<DIV class="page"><SCRIPT>createPage({n}, {p}, "column_index", "html");</SCRIPT></DIV>
</BODY></HTML>"""
        site.add(col + ("index.html" if p == 0 else f"column_index_{p}.html"), html)
    return col + "index.html"


WRITERS["mixed_saved"] = mixed_saved
STYLES = (*STYLES, "mixed_saved")
