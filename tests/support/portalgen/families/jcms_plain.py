"""A jcms-like site without a dataproxy: ``/col/colN/index.html`` and plain pager links.

Its pages look like Hanweb jcms (``/col/`` columns, ``/art/Y/M/D/art_…`` articles, a
``jpage`` stylesheet) but the lists are static: ``index.html``, ``index_2.html`` … linked
by 首页 / 上一页 / numbers / 下一页 / 尾页, and ``module/web/jpage/dataproxy.jsp`` does not
exist (a POST answers 501, as a plain web server does). Some reports are Hanweb
信息公开 pages ``module/xxgk/xxgkAnnualReport.jsp?area=CODE&fbtime=YEAR`` (``list-pages.md``
§3): the URL names the report year.
"""

from __future__ import annotations

import random

from ..site import Site, esc
from ..world import Column
from .base import pages, write_articles

PAGE_SIZE = 15


def build(col: Column, site: Site, rng: random.Random) -> None:
    colid = rng.randint(10_000, 99_999)
    folder = f"{col.prefix}/col/col{colid}/"
    col.source_url = folder + "index.html"
    areas = {b.name: f"11{rng.randint(10**15, 10**16 - 1)}" for b in col.county.bodies}
    for item in col.items:
        d = item.list_date
        plan = item.plan
        if plan is not None and plan.url_year == "fbtime" and item.copy_of is None and item.body:
            item.url = (f"{col.prefix}/module/xxgk/xxgkAnnualReport.jsp?area={areas[item.body.name]}"
                        f"&fbtime={plan.year}")
        else:
            item.url = f"{col.prefix}/art/{d.year}/{d.month}/{d.day}/art_{colid}_{rng.randint(10**5, 10**6 - 1)}.html"
        if plan is not None and plan.fmt != "html" and item.copy_of is None:
            item.attachment = f"{col.prefix}/picture/0/{rng.getrandbits(64):016x}.{plan.fmt}"
    write_articles(col, site, style="plain", layout="jcms")
    chunks = pages(col.items, PAGE_SIZE)
    last = len(chunks)

    def name(k: int) -> str:  # k is 1-based
        return "index.html" if k == 1 else f"index_{k}.html"

    for k, chunk in enumerate(chunks, start=1):
        for it in chunk:
            it.listed_on = folder + name(k)
        rows = [f'<li><a href="{esc(it.url)}" target="_blank" title="{esc(it.title)}">'
                f"{esc(it.title)}</a><span>[{it.list_date.isoformat()}]</span></li>"
                for it in chunk]
        nav = [f'<a href="{name(1)}">首页</a>']
        if k > 1:
            nav.append(f'<a href="{name(k - 1)}">上一页</a>')
        for j in range(max(1, k - 3), min(last, k + 3) + 1):
            nav.append(f"<span class=\"current\">{j}</span>" if j == k
                       else f'<a href="{name(j)}">{j}</a>')
        if k < last:
            nav.append(f'<a href="{name(k + 1)}">下一页</a>')
        nav.append(f'<a href="{name(last)}">尾页</a> 共{last}页')
        page = (
            '<!DOCTYPE html>\n<html><head><meta charset="utf-8">'
            f"<title>{esc(col.name)}</title>\n"
            '<link rel="stylesheet" href="/module/web/jpage/jpage.css"></head><body>\n'
            f'<div class="position">当前位置：<a href="/">首页</a> &gt; {esc(col.name)}</div>\n'
            '<div class="default_pgContainer"><ul class="list">\n' + "\n".join(rows) + "\n</ul></div>\n"
            '<div class="default_pgToolbar">' + " ".join(nav) + "</div>\n</body></html>\n")
        site.put(folder + name(k), page)
