"""A synthetic TRS-style report column of any size, served on 127.0.0.1 (for benches).

``/bench/ndbg/index.html`` … ``index_{P-1}.html`` are list pages reachable through a
``createPageHTML`` script, each linking ``per_page`` article pages whose titles are
report candidates. Articles are small pages without report tables, so the extractor
answers "not an annual report" quickly: the bench measures crawling, not extraction.
Pages answer ETag / 304 like the sample portals.
"""

from __future__ import annotations

import hashlib
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

LIST = (
    "<html><head><meta charset='utf-8'><title>年度报告</title></head><body><ul>{items}</ul>"
    '<script>createPageHTML({pages}, {current}, "index", "html");</script></body></html>'
)
ITEM = (
    "<li><a href='./2023/t2024_{n}.html' title='某镇{n}2023年政府信息公开工作年度报告'>"
    "某镇{n}</a><span>2024-01-20</span></li>"
)
ARTICLE = (
    "<html><head><meta charset='utf-8'><title>某镇{n}2023年政府信息公开工作年度报告</title></head>"
    "<body><div class='nav'>首页 政府信息公开</div><h1>某镇{n}2023年政府信息公开工作年度报告</h1>"
    "<p>发布日期：2024-01-20</p>{filler}</body></html>"
)
FILLER = "<p>本镇坚持以公开为常态、不公开为例外，持续推进政务公开工作。</p>" * 20


class Portal:
    def __init__(self, pages: int, per_page: int = 50) -> None:
        self.pages, self.per_page = pages, per_page
        self.lists = max(1, -(-pages // per_page))
        portal = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: object) -> None:
                pass

            def do_GET(self) -> None:
                body = portal.page(self.path)
                if body is None:
                    self.send_response(404)
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                etag = '"' + hashlib.md5(body).hexdigest() + '"'
                if self.headers.get("If-None-Match") == etag:
                    self.send_response(304)
                    self.send_header("ETag", etag)
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                self.send_response(200)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("ETag", etag)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_port}/bench/ndbg/index.html"

    def page(self, path: str) -> bytes | None:
        if path == "/robots.txt":
            return b"User-agent: *\nAllow: /\n"
        if path.startswith("/bench/ndbg/index"):
            stem = path.rsplit("/", 1)[1].removesuffix(".html")
            current = int(stem.split("_")[1]) if "_" in stem else 0
            if current >= self.lists:
                return None
            first = current * self.per_page
            items = "".join(
                ITEM.format(n=n) for n in range(first, min(first + self.per_page, self.pages))
            )
            return LIST.format(items=items, pages=self.lists, current=current).encode()
        if path.startswith("/bench/ndbg/2023/t2024_"):
            n = int(path.rsplit("_", 1)[1].removesuffix(".html"))
            return ARTICLE.format(n=n, filler=FILLER).encode() if n < self.pages else None
        return None

    def __enter__(self) -> Portal:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()
