"""TRS with paging variables: ``column_index.shtml``, ``column_index_1.shtml`` ….

The 退役军人事务部 row form of ``list-pages.md`` §1: ``<li><a href title=…>`` with the
date *inside* the link in a ``<span>`` (so the anchor text is title + date), written
``2024-01-16`` or, on some sites, without the year (``01-16``, ``portals.md``). The page
count sits in variables set before ``createPage(countPage, currentPage, "column_index",
"shtml")``; a comment states a record count that may disagree with it.
"""

from __future__ import annotations

import random

from ..site import Site, esc
from ..world import Column
from .base import pages, write_articles

PAGE_SIZE = 15
FOLDERS = {("gov", "dept", "town", "street"): "zfxxgknb", ("gov", "dept"): "bmxxgknb",
           ("town", "street"): "xzjdxxgknb", ("town",): "xzxxgknb", ("street",): "jdxxgknb"}


def build(col: Column, site: Site, rng: random.Random) -> None:
    folder = f"{col.prefix}/xxgk/{FOLDERS[col.groups]}/"
    col.source_url = folder + "column_index.shtml"
    for item in col.items:
        d = item.list_date
        item.url = f"{folder}{d.year}{d.month:02d}/t{d:%Y%m%d}_{rng.randint(10**7, 10**8 - 1)}.shtml"
        if item.plan is not None and item.plan.fmt != "html" and item.copy_of is None:
            item.attachment = f"{col.prefix}/xxgk/uploadfiles/{d:%Y%m}/{rng.getrandbits(64):016x}.{item.plan.fmt}"
    write_articles(col, site, style="wordpaste", layout="trs")
    short_dates = rng.random() < 0.6
    chunks = pages(col.items, PAGE_SIZE)
    for n, chunk in enumerate(chunks):
        rows = []
        name = "column_index.shtml" if n == 0 else f"column_index_{n}.shtml"
        for item in chunk:
            item.listed_on = folder + name
            d = item.list_date
            shown = f"{d.month:02d}-{d.day:02d}" if short_dates else d.isoformat()
            rows.append(f'<li><a href="./{item.url[len(folder):]}" title="{esc(item.title)}" '
                        f'target="_blank">{esc(item.title)}<span>{shown}</span></a></li>')
        records = len(col.items) + rng.choice([0, 0, 3, -2])
        page = (
            '<!DOCTYPE html>\n<html><head><meta charset="utf-8">'
            f"<title>{esc(col.name)}-{esc(col.county.name)}人民政府</title></head><body>\n"
            f'<div class="bread">当前位置：<a href="/">首页</a> &gt; <a href="../">政府信息公开</a>'
            f" &gt; {esc(col.name)}</div>\n"
            '<div class="overview_right"><ul class="list">\n' + "\n".join(rows) + "\n</ul>\n"
            f"<!--共有记录 {records} 条-->\n"
            '<div class="page"><script type="text/javascript">\n'
            f"var countPage = {len(chunks)};//共多少页\nvar currentPage = {n};//所在页从0开始\n"
            'var prevPage = currentPage - 1;\nvar nextPage = currentPage + 1;\n'
            'createPage(countPage, currentPage, "column_index", "shtml");\n'
            "</script></div></div>\n</body></html>\n")
        site.put(folder + name, page)
