"""TRS WCM static lists, GBK: ``index.html``, ``index_1.html`` … known only to a script.

Rows as in ``list-pages.md`` §1 (恩格贝): a table row, the title as anchor text (now and
then cut short with ``title=``), the date in the next cell with whitespace and newlines
around it; articles ``./YYYYMM/tYYYYMMDD_ID.html`` dated by when they were put up (a
republished copy gets a new folder); attachments ``./YYYYMM/P0…pdf``. Paging is only in
JS: either ``createPageHTML(N, k, "index", "html")`` or ``var countPage = N`` with a
``document.write`` that builds the 下一页 link.
"""

from __future__ import annotations

import random

from ..site import Site, esc
from ..world import Column
from .base import list_text, pages, write_articles

PAGE_SIZE = 20
FOLDERS = {("gov", "dept", "town", "street"): "zfxxgknb", ("gov", "dept"): "bmnb",
           ("town", "street"): "xzjd", ("town",): "xz", ("street",): "jd"}


def build(col: Column, site: Site, rng: random.Random) -> None:
    folder = f"{col.prefix}/zwgk/{FOLDERS[col.groups]}/"
    col.source_url = folder + "index.html"
    for item in col.items:
        d = item.list_date
        month = f"{d.year}{d.month:02d}"
        item.url = f"{folder}{month}/t{d:%Y%m%d}_{rng.randint(1_000_000, 9_999_999)}.html"
        if item.plan is not None and item.plan.fmt != "html" and item.copy_of is None:
            item.attachment = (f"{folder}{month}/P0{d:%Y%m%d}{rng.randint(10**8, 10**9 - 1)}"
                               f".{item.plan.fmt}")
    write_articles(col, site, style="trs_gbk", layout="trs", encoding="gbk")
    chunks = pages(col.items, PAGE_SIZE)
    literal = rng.random() < 0.5
    for n, chunk in enumerate(chunks):
        rows = []
        name = "index.html" if n == 0 else f"index_{n}.html"
        for item in chunk:
            item.listed_on = folder + name
            text, attr = list_text(item, rng, limit=24)
            href = "./" + item.url[len(folder):]
            title_attr = f' title="{esc(attr)}"' if attr else ""
            rows.append(
                '  <tr valign="top" style="padding-bottom:10px;">\n'
                '    <td width="25" style="padding-top:10px;"><img src="../../images/ico2.jpg"></td>\n'
                f'    <td width="550">\n      <a href="{href}"{title_attr}>{esc(text)}</a>\n    </td>\n'
                f"    <td>\n      {item.list_date.isoformat()}\n    </td>\n  </tr>")
        if literal:
            script = f'createPageHTML({len(chunks)}, {n}, "index", "html");'
        else:
            script = (f"var currentPage = {n};//所在页从0开始\nvar countPage = {len(chunks)}//共多少页\n"
                      "var nextPage = currentPage + 1;\n"
                      "if (nextPage < countPage) {\n"
                      'document.write("&nbsp;<a href=\\"index"+"_" + nextPage + "."+"html\\">'
                      '&nbsp;<span class=greyfont>下一页</span>&nbsp;</a>&nbsp;");\n}')
        page = (
            '<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312">\n'
            f"<title>{esc(col.name)}</title>\n"
            '<script src="../../images/page.js"></script></head><body>\n'
            '<table><tr><td class="pos" height="27">您现在的位置是：\n'
            '  <a href="../../" title="首页" class="CurrChnlCls">首页</a>&nbsp;&gt;&gt;&nbsp;'
            '<a href="../" title="信息公开" class="CurrChnlCls">信息公开</a>&nbsp;&gt;&gt;&nbsp;'
            f'<a href="./" title="{esc(col.name)}" class="CurrChnlCls">{esc(col.name)}</a>\n'
            "</td></tr></table>\n"
            '<table width="682" border="0" cellspacing="0" cellpadding="0" class="gl_list">\n'
            "  <tbody>\n" + "\n".join(rows) + "\n  </tbody>\n</table>\n"
            f'<script language="JavaScript" type="text/javascript">\n{script}\n</script>\n'
            "</body></html>\n")
        site.put(folder + name, page, "text/html; charset=gb2312", encoding="gbk")
