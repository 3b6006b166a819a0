"""A generic ASP.NET list paged by a query parameter: ``InfoPublic.aspx?cid=N&page=K``.

As the pagination catalogue of ``list-pages.md`` §1 and the ASP.NET rows of §6: a
table of rows (title in the link, date ``2022/01/25`` in the next cell), a pager of
numbered links, 下一页 and 末页 with ``&amp;`` in the hrefs. Articles are
``GovOpenShow.aspx?id=…`` or, for some reports, ``artview/CID/ID.html?nbYear=YEAR&orgCode=…``
(the year only in the URL, as yngm.gov.cn); attachments ``UploadFiles/YYYYMM/….docx``.
"""

from __future__ import annotations

import random

from ..site import Site, esc
from ..world import Column
from .base import pages, write_articles

PAGE_SIZE = 10


def build(col: Column, site: Site, rng: random.Random) -> None:
    cid = rng.randint(100, 9999)
    folder = f"{col.prefix}/zfxxgk/"
    col.source_url = f"{folder}InfoPublic.aspx?cid={cid}&page=1"
    orgs = {b.name: f"A01A07A{k:02d}" for k, b in enumerate(col.county.bodies)}
    for item in col.items:
        d = item.list_date
        plan = item.plan
        if plan is not None and plan.url_year == "nbYear" and item.body is not None:
            item.url = (f"{folder}artview/{cid}/{rng.randint(10**5, 10**6 - 1)}.html"
                        f"?nbYear={plan.year}&orgCode={orgs[item.body.name]}")
        else:
            item.url = f"{folder}GovOpenShow.aspx?id={d:%Y%m%d}{rng.randint(10**8, 10**9 - 1)}"
        if plan is not None and plan.fmt != "html" and item.copy_of is None:
            item.attachment = f"{folder}UploadFiles/{d:%Y%m}/{rng.getrandbits(64):016x}.{plan.fmt}"
    write_articles(col, site, style="plain", layout="generic")
    chunks = pages(col.items, PAGE_SIZE)
    last = len(chunks)

    def href(k: int) -> str:
        return esc(f"InfoPublic.aspx?cid={cid}&page={k}")

    for k, chunk in enumerate(chunks, start=1):
        for it in chunk:
            it.listed_on = f"{folder}InfoPublic.aspx?cid={cid}&page={k}"
        rows = [f'<tr><td class="t"><a href="{esc(it.url[len(folder):])}">{esc(it.title)}</a></td>'
                f'<td class="d">{it.list_date:%Y/%m/%d}</td></tr>' for it in chunk]
        nav = [f'<a href="{href(j)}">{j}</a>' if j != k else f"<b>{j}</b>"
               for j in range(1, last + 1)]
        if k < last:
            nav.append(f'<a href="{href(k + 1)}">下一页</a>')
        nav.append(f'<a href="{href(last)}">末页</a>')
        page = (
            '<!DOCTYPE html>\n<html><head><meta charset="utf-8">'
            f"<title>{esc(col.name)}</title></head><body>\n"
            f'<form method="post" action="InfoPublic.aspx?cid={cid}&amp;page={k}" id="form1">\n'
            '<input type="hidden" name="__VIEWSTATE" id="__VIEWSTATE" value="/wEPDwUKLTk0NjE1NDY0OWRk" />\n'
            f'<div class="crumb">当前位置：首页 &gt; 政府信息公开 &gt; {esc(col.name)}</div>\n'
            '<table class="infolist">\n' + "\n".join(rows) + "\n</table>\n"
            '<div class="pager">' + " ".join(nav) + f" 共{len(col.items)}条 {k}/{last}页</div>\n"
            "</form>\n</body></html>\n")
        site.put(f"{folder}InfoPublic.aspx?cid={cid}&page={k}", page)
