"""Hanweb jcms: ``/col/colN/index.html`` with an inline ``<datastore>``, the rest from
a POST to ``dataproxy.jsp`` (``list-pages.md`` §2, ``portals.md``).

The column page carries the first window of records (3 display pages) inside
``<script type="text/xml"><datastore>`` and a ``jpage`` call with ``proxyUrl``,
``perPage``, ``totalRecord`` and the form fields (``col, appid, webid, path, columnid,
sourceContentType, unitid, webname, permissiontype``). The dataproxy answers a POST
with ``startrecord``/``endrecord``/``perpage`` in the query and the form fields in the
body (a wrong ``columnid``/``unitid`` gets an empty set), as ``<totalrecord>``,
``<totalpage>`` and CDATA ``<li>`` records whose dates carry newlines. Some sites use
the old path ``/module/jpage/dataproxy.jsp``. Articles ``/art/Y/M/D/art_COL_ID.html``,
attachments ``/module/download/downfile.jsp?classid=0&filename=….pdf``.
"""

from __future__ import annotations

import math
import random

from ..site import Resource, Site, esc
from ..world import Column, Item
from .base import list_text, write_articles

PER_PAGE = 15
GROUP = 3


def _record(item: Item, rng: random.Random, *, spaced: bool) -> str:
    text, _ = list_text(item, rng, limit=22)
    d = item.list_date
    if spaced:
        shown = f"\n            {d.year}-\n            {d.month:02d}-\n            {d.day:02d}\n        "
    else:
        shown = d.isoformat()
    return (f'<li class="clearfix"><a href="{esc(item.url)}" title="{esc(item.title)}" '
            f'target="_blank">{esc(text)}</a><span class="time">{shown}</span></li>')


def build(col: Column, site: Site, rng: random.Random) -> None:
    colid = rng.randint(1_229_000_000, 1_229_999_999)
    unitid = rng.randint(1_000_000, 9_999_999)
    webid = rng.randint(1, 5000)
    col.source_url = f"{col.prefix}/col/col{colid}/index.html"
    for item in col.items:
        d = item.list_date
        item.url = f"{col.prefix}/art/{d.year}/{d.month}/{d.day}/art_{colid}_{rng.randint(10**6, 10**7 - 1)}.html"
        if item.plan is not None and item.plan.fmt != "html" and item.copy_of is None:
            item.attachment = (f"{col.prefix}/module/download/downfile.jsp?classid=0&filename="
                               f"{rng.getrandbits(64):016x}.{item.plan.fmt}")
    write_articles(col, site, style="jcms", layout="jcms")
    old_path = rng.random() < 0.3
    proxy = f"{col.prefix}/module/{'jpage' if old_path else 'web/jpage'}/dataproxy.jsp"
    fields = {"col": "1", "appid": "1", "webid": str(webid), "path": "/",
              "columnid": str(colid), "sourceContentType": "1", "unitid": str(unitid),
              "webname": f"{col.county.name}人民政府", "permissiontype": "0"}
    total = len(col.items)
    window = PER_PAGE * GROUP
    for i, it in enumerate(col.items):
        start = i // window * window + 1
        it.listed_on = (col.source_url if i < window else
                        f"{proxy}?startrecord={start}&endrecord={start + window - 1}&perpage={PER_PAGE}")
    inline = col.items[: PER_PAGE * GROUP]
    records = "".join(f"<record><![CDATA[\n{_record(it, rng, spaced=False)}\n]]></record>"
                      for it in inline)
    param = ", ".join(f"{k}: '{v}'" if not v.isdigit() else f"{k}: {v}" for k, v in fields.items())
    page = (
        '<!DOCTYPE html>\n<html><head><meta charset="utf-8">'
        f"<title>{esc(col.name)} {esc(col.county.name)}人民政府</title>\n"
        '<script src="/module/web/jpage/jquery.min.js"></script></head><body>\n'
        f'<div class="position">当前位置：<a href="/">首页</a> &gt; 政务公开 &gt; {esc(col.name)}</div>\n'
        f'<div id="{unitid}"><script type="text/xml"><datastore>'
        f"<nextgroup><![CDATA[<a href=\"{proxy}?page=1&appid=1&webid={webid}&path=/"
        f"&columnid={colid}&unitid={unitid}&webname={fields['webname']}&permissiontype=0\"></a>]]>"
        f"</nextgroup><recordset>{records}</recordset></datastore></script></div>\n"
        '<script type="text/javascript" src="/module/web/jpage/jpage.js"></script>\n'
        "<script type=\"text/javascript\">\n$(document).ready(function() {\n"
        f"  $('#{unitid}').jpage({{\n    dataStore: dataStore,\n    proxyUrl: '{proxy}',\n"
        f"    perPage: {PER_PAGE},\n    totalRecord: {total},\n    groupSize: {GROUP},\n"
        f"    ajaxParam: {{ {param} }}\n  }});\n}});\n</script>\n</body></html>\n")
    site.put(col.source_url, page)

    def answer(query: dict[str, str], form: dict[str, str]) -> Resource:
        ok = form.get("columnid") == str(colid) and form.get("unitid") == str(unitid)
        items = col.items if ok else []
        try:
            start = max(1, int(query.get("startrecord", "1")))
            end = int(query.get("endrecord", str(start + PER_PAGE * GROUP - 1)))
            per = max(1, int(query.get("perpage", str(PER_PAGE))))
        except ValueError:
            return Resource(400, "text/plain", b"bad record window")
        chosen = items[start - 1:end]
        recs = "".join(f"<record><![CDATA[\n{_record(it, random.Random(it.url), spaced=True)}\n]]>"
                       "</record>" for it in chosen)
        body = (f'<?xml version="1.0" encoding="UTF-8"?>\n<datastore><totalrecord>{len(items)}'
                f"</totalrecord><totalpage>{math.ceil(len(items) / per)}</totalpage>"
                f"<recordset>{recs}</recordset></datastore>")
        return Resource(200, "text/xml; charset=utf-8", body.encode("utf-8"))

    site.posts[proxy] = answer
