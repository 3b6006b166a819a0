"""Guangdong gkmlpt (政府信息公开目录管理平台): a JSON list API (``list-pages.md`` §4).

``/gkmlpt/index`` is a script shell: ``window._CONFIG = {SID: '…', TREE: [...],
SERVICE_AREA_ID: …}``; the column is a category of that tree (registered as
``/gkmlpt/index#CAT``). Its items come only from ``/gkmlpt/api/all/CAT?page=N&sid=SID``
(JSON: ``classify.post_count``, ``articles`` with ``title``, ``url`` (absolute),
``date``/``display_publish_time`` as epoch seconds, ``publisher``, ``attachment``).
A wrong sid gets an error object. Articles ``/gkmlpt/content/A/B/post_N.html``;
attachments ``/attachment/0/…/N.pdf`` linked as ``nfw-cms-attachment``.
"""

from __future__ import annotations

import json
import math
import random
from datetime import UTC, datetime, time, timedelta, timezone

from ..site import HOST, Resource, Site
from ..world import Column
from .base import write_articles

PAGE_SIZE = 20
CHINA = timezone(timedelta(hours=8))


def _epoch(d: object) -> int:
    return int(datetime.combine(d, time(9, 30), CHINA).astimezone(UTC).timestamp())  # type: ignore[arg-type]


def build(col: Column, site: Site, rng: random.Random) -> None:
    sid = str(rng.randint(755000, 755999))
    cat = rng.randint(2000, 9999)
    base = f"{col.prefix}/gkmlpt"
    col.source_url = f"{base}/index#{cat}"
    for item in col.items:
        post = rng.randint(10**6, 10**7 - 1)
        item.url = f"{base}/content/{post // 10**6}/{post // 1000}/post_{post}.html"
        if item.plan is not None and item.plan.fmt != "html" and item.copy_of is None:
            item.attachment = f"{col.prefix}/attachment/0/{post // 1000}/{post}/{post}.{item.plan.fmt}"
    write_articles(col, site, style="plain", layout="gkmlpt")
    # the attachment anchors of gkmlpt carry their class; add it on the article pages
    for item in col.items:
        if item.attachment:
            res = site.get(item.url)
            assert res is not None
            res.body = res.body.replace(b'target="_blank">', b'class="nfw-cms-attachment" target="_blank">', 1)
    tree = [{"id": cat - 7, "name": "政策文件", "parent": 0},
            {"id": cat, "name": col.name, "parent": 0, "jump_url": ""},
            {"id": cat + 3, "name": "其他", "parent": 0}]
    config = {"SID": sid, "TREE": tree, "SERVICE_AREA_ID": rng.randint(1, 99),
              "ORG_NAME": f"{col.county.name}人民政府"}
    shell = (
        '<!DOCTYPE html>\n<html><head><meta charset="utf-8"><title>政府信息公开目录</title>\n'
        f"<script>window._CONFIG = {json.dumps(config, ensure_ascii=False)};</script>\n"
        '<script src="/gkmlpt/static/js/app.js"></script></head>\n'
        '<body><div id="app"></div><noscript>请开启JavaScript</noscript></body></html>\n')
    site.put(f"{base}/index", shell)
    items = col.items
    for i, it in enumerate(items):
        it.listed_on = f"{base}/api/all/{cat}?page={i // PAGE_SIZE + 1}&sid={sid}"

    def article(it: object) -> dict[str, object]:
        from ..world import Item

        assert isinstance(it, Item)
        att = ([{"name": it.title.strip() + "." + it.original.plan.fmt,  # type: ignore[union-attr]
                 "link": HOST + it.attachment}] if it.attachment else [])
        return {"id": int(it.url.rsplit("_", 1)[1].split(".")[0]), "title": it.title,
                "url": HOST + it.url, "post_url": HOST + it.url,
                "date": _epoch(it.list_date), "display_publish_time": _epoch(it.list_date),
                "created_at": it.list_date.isoformat() + " 09:30:00",
                "publisher": it.publisher, "identifier": "", "document_number": "",
                "attachment": att}

    def api(query: dict[str, str]) -> Resource:
        if query.get("sid") != sid:
            return _json({"code": 403, "msg": "sid error", "articles": []})
        try:
            page = max(1, int(query.get("page", "1")))
        except ValueError:
            page = 1
        chunk = items[(page - 1) * PAGE_SIZE: page * PAGE_SIZE]
        return _json({"classify": {"id": cat, "name": col.name, "post_count": len(items)},
                      "total": len(items), "page": page,
                      "page_count": math.ceil(len(items) / PAGE_SIZE),
                      "articles": [article(it) for it in chunk]})

    site.gets[f"{base}/api/all/{cat}"] = api


def _json(data: dict[str, object]) -> Resource:
    return Resource(200, "application/json; charset=utf-8",
                    json.dumps(data, ensure_ascii=False).encode("utf-8"))
