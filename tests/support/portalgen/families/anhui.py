"""The Anhui government-information platform: ``OpennessContent/showList/SITE/CAT/page_N.html``.

Lists as ``list-pages.md`` §5 (涡阳, 铜官): rows ``<li><a href title>`` with a date span,
pages ``page_1.html`` … linked by numbers, 下一页 and 尾页. Reports live at
``OpennessAnnualReport/show/ID.html``, other items at ``OpennessContent/show/ID.html``
(both outside the list's folder); the article header is ``发布时间:2024-01-16 17:29
来源:… 字体:[ ]`` under ``您现在所在的位置: 网站首页 > …``.
"""

from __future__ import annotations

import random

from ..site import Site, esc
from ..world import Column
from .base import list_text, pages, write_articles

PAGE_SIZE = 15


def build(col: Column, site: Site, rng: random.Random) -> None:
    site_id, cat = rng.randint(100, 1999), rng.randint(10000, 99999)
    folder = f"{col.prefix}/OpennessContent/showList/{site_id}/{cat}/"
    col.source_url = folder + "page_1.html"
    for item in col.items:
        kind = "OpennessAnnualReport" if item.kind in ("report", "foreign") else "OpennessContent"
        item.url = f"{col.prefix}/{kind}/show/{rng.randint(1000, 999999)}.html"
        if item.plan is not None and item.plan.fmt != "html" and item.copy_of is None:
            item.attachment = f"{col.prefix}/group1/M00/{rng.getrandbits(64):016x}.{item.plan.fmt}"
    write_articles(col, site, style="jcms", layout="anhui")
    chunks = pages(col.items, PAGE_SIZE)
    last = len(chunks)
    for k, chunk in enumerate(chunks, start=1):
        rows = []
        for it in chunk:
            it.listed_on = folder + f"page_{k}.html"
            text, _ = list_text(it, rng, limit=26)
            rows.append(f'<li><a href="{esc(it.url)}" title="{esc(it.title)}" target="_blank">'
                        f'{esc(text)}</a><span class="date">{it.list_date.isoformat()}</span></li>')
        nav = [f'<a href="page_{j}.html">{j}</a>' if j != k else f'<span class="current">{j}</span>'
               for j in range(1, last + 1)]
        if k < last:
            nav.append(f'<a href="page_{k + 1}.html">下一页</a>')
        nav.append(f'<a href="page_{last}.html">尾页</a>')
        page = (
            '<!DOCTYPE html>\n<html><head><meta charset="utf-8">'
            f"<title>{esc(col.name)}_{esc(col.county.name)}人民政府</title></head><body>\n"
            f'<div class="wz_position">您现在所在的位置: <a href="/">网站首页</a> &gt; 政府信息公开 &gt; '
            f"{esc(col.name)}</div>\n"
            '<ul class="clearfix xxgk_nav_list">\n' + "\n".join(rows) + "\n</ul>\n"
            '<div class="pagination">' + " ".join(nav) + "</div>\n</body></html>\n")
        site.put(folder + f"page_{k}.html", page)
