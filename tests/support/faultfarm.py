"""A fault farm: a realistic report column on 127.0.0.1 whose URLs misbehave, one fault each.

The column ``/ndbg/index.html`` lists one report per fault (a county department's 2021
annual report, or a document attachment), and each URL fails in its own way: resets
mid-body, 5xx storms then recovery, 412/521 and 200 cookie challenges, one byte per
second, bodies shorter than their Content-Length or cut without one, a cut gzip stream,
lying charset headers and metas, redirect loops and moves to another host, a 200 MB
body, a gzip bomb, a DOCX zip bomb, corrupt/encrypted/empty PDFs, an empty 200, a soft
404, the same report linked five times, counters and clocks that tick on every request.

``FAULTS`` says what each must come to (the capture's outcome, whether a report is
found). Everything is bounded: the slow URL stops after ``SLOW_BYTES`` bytes, the big
one after its first megabytes or when the client leaves, a storm after ``STORM``
requests. Loopback only; raw responses are written to the socket so that faults HTTP
libraries would refuse to produce are real.
"""

from __future__ import annotations

import gzip
import io
import socket
import struct
import threading
import time
import zipfile
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler
from types import TracebackType
from typing import Any

from crawler.sample_portals.loopback import LoopbackServer
from tests.archive.extract.helpers import html_report

REGION = "411499"
SLOW_BYTES = 40  # 1 byte per second: far past any sane download timeout in the tests
STORM = 2  # 503s before a storm URL recovers
BOMB_SIZE = 80 * 1024 * 1024  # past the crawler's 64 MB DOWNLOAD_MAXSIZE once inflated

DEPARTMENTS = [
    "教育局",
    "财政局",
    "民政局",
    "公安局",
    "司法局",
    "自然资源局",
    "住房和城乡建设局",
    "交通运输局",
    "水利局",
    "农业农村局",
    "商务局",
    "文化和旅游局",
    "卫生健康委员会",
    "应急管理局",
    "审计局",
    "统计局",
    "林业局",
    "医疗保障局",
    "城市管理局",
    "市场监督管理局",
    "生态环境局",
    "发展和改革委员会",
    "科学技术局",
    "工业和信息化局",
    "退役军人事务局",
    "信访局",
    "档案局",
    "气象局",
    "粮食和物资储备局",
    "人民防空办公室",
    "体育局",
    "民族宗教事务局",
]


@dataclass(frozen=True)
class Fault:
    name: str
    path: str
    outcome: str  # the capture's expected outcome
    report: bool  # a report is expected from it
    what: str


FAULTS: list[Fault] = [
    Fault("control", "/ndbg/control.html", "ok", True, "a good report page"),
    Fault("reset_mid_body", "/ndbg/reset.html", "unreachable", False, "RST after half"),
    Fault("storm_then_recovery", "/ndbg/storm.html", "ok", True, f"{STORM}×503 then 200"),
    Fault("challenge_412", "/ndbg/c412.html", "blocked", False, "Ruishu-style 412"),
    Fault("challenge_521", "/ndbg/c521.html", "blocked", False, "Jiasule-style 521"),
    Fault("challenge_aliyun_200", "/ndbg/aliyun.html", "blocked", False, "acw_sc__v2 on 200"),
    Fault("challenge_unknown_200", "/ndbg/shape.html", "blocked", False, "cookie+reload"),
    Fault("one_byte_per_second", "/ndbg/slow.html", "unreachable", False, "1 B/s"),
    Fault("shorter_than_length", "/ndbg/short.html", "unreachable", False, "CL > body"),
    Fault("cut_without_length", "/ndbg/cut.html", "unreachable", False, "no CL, closed"),
    Fault("gzip_cut", "/ndbg/gzcut.html", "unreachable", False, "gzip stream cut"),
    Fault("header_utf8_bytes_gbk", "/ndbg/lie1.html", "ok", True, "header lies"),
    Fault("meta_gb2312_bytes_utf8", "/ndbg/lie2.html", "ok", True, "meta lies"),
    Fault("redirect_loop", "/ndbg/loop.html", "unreachable", False, "A→B→A"),
    Fault("redirect_other_host", "/ndbg/moved.html", "ok", True, "302 to localhost"),
    Fault("body_200mb", "/ndbg/huge.html", "too_large", False, "200 MB declared"),
    Fault("gzip_bomb", "/ndbg/bomb.html", "too_large", False, "80 MB of zeros"),
    Fault("docx_zip_bomb", "/ndbg/files/bomb.docx", "ok", False, "a DOCX that inflates"),
    Fault("pdf_corrupt", "/ndbg/files/corrupt.pdf", "ok", False, "garbage PDF"),
    Fault("pdf_encrypted", "/ndbg/files/encrypted.pdf", "ok", False, "password PDF"),
    Fault("pdf_empty", "/ndbg/files/empty.pdf", "ok", False, "a blank page"),
    Fault("empty_200", "/ndbg/empty.html", "ok", False, "no bytes"),
    Fault("soft_404", "/ndbg/soft404.html", "ok", False, "200 saying not found"),
    Fault("linked_five_times", "/ndbg/dup.html", "ok", True, "one report, five links"),
    Fault("counters_and_clocks", "/ndbg/counter.html", "ok", True, "ticks every request"),
]
BY_PATH = {f.path: f for f in FAULTS}


def body_name(fault: Fault) -> str:
    return f"示例县{DEPARTMENTS[FAULTS.index(fault)]}"


def report_title(fault: Fault) -> str:
    return f"{body_name(fault)}2021年政府信息公开工作年度报告"


def registry_yaml(base: str) -> str:
    bodies = "\n".join(
        f'  - {{name: {body_name(f)}, region: "{REGION}", level: county_department}}'
        for f in FAULTS
    )
    return (
        f'regions:\n  - {{code: "411400", name: 商丘市}}\n'
        f'  - {{code: "{REGION}", name: 示例县, parent: "411400"}}\n'
        f"bodies:\n{bodies}\n"
        f'sources:\n  - url: "{base}/ndbg/index.html"\n    region: "{REGION}"\n'
        "    family: generic\n"
    )


def _report(
    fault: Fault, charset: str = "utf-8", encoding: str = "utf-8", extra: str = ""
) -> bytes:
    page = html_report(title=report_title(fault), charset=charset, encoding=encoding)
    if extra:
        page = page.replace(b"</h1>", b"</h1>" + extra.encode(encoding), 1)
    return page


def _list_page() -> bytes:
    items = []
    for fault in FAULTS:
        links = 5 if fault.name == "linked_five_times" else 1
        for _ in range(links):
            items.append(
                f'<li><a href="{fault.path}" title="{report_title(fault)}">'
                f"{report_title(fault)}</a><span>2022-01-20</span></li>"
            )
    return (
        '<!DOCTYPE html><html><head><meta charset="utf-8"><title>政府信息公开年度报告_示例县'
        '</title></head><body><div class="nav">首页 &gt; 政府信息公开 &gt; 年度报告</div>'
        f'<ul class="list">{"".join(items)}</ul></body></html>'
    ).encode()


def _pdf(kind: str) -> bytes:
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    if kind == "encrypted":
        writer.encrypt("secret")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


_CACHE: dict[str, bytes] = {}
_CACHE_LOCK = threading.Lock()


def _cached(key: str, make: Callable[[], bytes]) -> bytes:
    with _CACHE_LOCK:
        if key not in _CACHE:
            _CACHE[key] = make()
        return _CACHE[key]


def _gzip_bomb() -> bytes:
    out = io.BytesIO()
    with gzip.GzipFile(fileobj=out, mode="wb", compresslevel=9) as gz:
        chunk = b"\0" * (1 << 20)
        for _ in range(BOMB_SIZE >> 20):
            gz.write(chunk)
    return out.getvalue()


def _docx_bomb() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        with z.open("word/document.xml", "w") as doc:
            doc.write(b'<?xml version="1.0"?><w:document><w:body><w:p><w:r><w:t>')
            chunk = b"A" * (1 << 20)
            for _ in range(BOMB_SIZE >> 20):
                doc.write(chunk)
            doc.write(b"</w:t></w:r></w:p></w:body></w:document>")
    return out.getvalue()


ALIYUN = (
    b"<html><script>var arg1='3C1B6E0F8A2D';function setCookie(n,v){var d=new Date();"
    b"d.setTime(d.getTime()+3600000);document.cookie=n+'='+v+';expires='+d.toGMTString()"
    b"+';path=/';}function reload(x){setCookie('acw_sc__v2',x);document.location.reload();}"
    b"</script></html>"
)


class FaultHandler(BaseHTTPRequestHandler):
    farm: FaultFarm  # set on the bound subclass
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:
        pass

    # -- raw writing ----------------------------------------------------------------------

    def _raw(self, status: str, headers: dict[str, str], body: bytes = b"") -> None:
        head = [f"HTTP/1.1 {status}"] + [f"{k}: {v}" for k, v in headers.items()]
        head.append("Connection: close")
        self.wfile.write(("\r\n".join(head) + "\r\n\r\n").encode("latin-1") + body)
        self.wfile.flush()
        self.close_connection = True

    def _send(
        self,
        body: bytes,
        ctype: str = "text/html; charset=utf-8",
        status: str = "200 OK",
        **extra: str,
    ) -> None:
        headers = {"Content-Type": ctype, "Content-Length": str(len(body)), **extra}
        self._raw(status, headers, body)

    def _reset(self) -> None:
        self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        self.close_connection = True

    # -- routes ---------------------------------------------------------------------------

    def do_GET(self) -> None:
        path = self.path.split("?", 1)[0]
        self.farm.hit(path)
        fault = BY_PATH.get(path)
        name = fault.name if fault else None
        if path == "/ndbg/index.html":
            return self._send(_list_page())
        if path == "/robots.txt":
            return self._send(b"User-agent: *\nAllow: /\n", "text/plain")
        if fault is None and path == "/ndbg/loop2.html":
            return self._raw("302 Found", {"Location": "/ndbg/loop.html", "Content-Length": "0"})
        if fault is None:
            return self._send(b"<html><body>not here</body></html>", status="404 Not Found")
        assert fault is not None
        if name in ("control", "linked_five_times"):
            return self._send(_report(fault))
        if name == "reset_mid_body":
            body = _report(fault)
            head = (
                f"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: {len(body)}\r\n\r\n"
            )
            self.wfile.write(head.encode() + body[: len(body) // 2])
            self.wfile.flush()
            return self._reset()
        if name == "storm_then_recovery":
            if self.farm.hits[path] <= STORM:
                return self._send(b"<html>busy</html>", status="503 Service Unavailable")
            return self._send(_report(fault))
        if name == "challenge_412":
            return self._send(self.farm.ruishu, status="412 Precondition Failed")
        if name == "challenge_521":
            page = b"<script>document.cookie='__jsl_clearance=1;path=/';location.href=location.pathname</script>"
            return self._send(page, status="521 Web Server Is Down")
        if name == "challenge_aliyun_200":
            return self._send(ALIYUN)
        if name == "challenge_unknown_200":
            return self._send(ALIYUN.replace(b"acw_sc__v2", b"zz_guard_token"))
        if name == "one_byte_per_second":
            body = _report(fault)
            head = (
                f"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: {len(body)}\r\n\r\n"
            )
            self.wfile.write(head.encode())
            for i in range(min(SLOW_BYTES, len(body))):
                try:
                    self.wfile.write(body[i : i + 1])
                    self.wfile.flush()
                except OSError:
                    break
                time.sleep(1)
            self.close_connection = True
            return None
        if name == "shorter_than_length":
            body = _report(fault)
            head = (
                f"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: {len(body)}\r\n\r\n"
            )
            self.wfile.write(head.encode() + body[: len(body) * 2 // 3])
            self.wfile.flush()
            self.close_connection = True
            return None
        if name == "cut_without_length":
            body = _report(fault)
            self._raw(
                "200 OK", {"Content-Type": "text/html; charset=utf-8"}, body[: len(body) // 2]
            )
            return None
        if name == "gzip_cut":
            packed = gzip.compress(_report(fault))
            cut = packed[: len(packed) // 2]
            return self._send(cut, **{"Content-Encoding": "gzip"})
        if name == "header_utf8_bytes_gbk":
            return self._send(_report(fault, charset="utf-8", encoding="gbk"))
        if name == "meta_gb2312_bytes_utf8":
            return self._send(_report(fault, charset="gb2312", encoding="utf-8"), "text/html")
        if name == "redirect_loop":
            return self._raw("302 Found", {"Location": "/ndbg/loop2.html", "Content-Length": "0"})
        if name == "redirect_other_host":
            target = f"http://localhost:{self.farm.port}/moved/report.html"
            return self._raw("301 Moved Permanently", {"Location": target, "Content-Length": "0"})
        if name == "body_200mb":
            size = 200 * 1024 * 1024
            head = f"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: {size}\r\n\r\n"
            try:
                self.wfile.write(head.encode())
                for _ in range(8):  # a client that does not hang up gets 8 MB, no more
                    self.wfile.write(b" " * (1 << 20))
            except OSError:
                pass
            self.close_connection = True
            return None
        if name == "gzip_bomb":
            return self._send(_cached("bomb", _gzip_bomb), **{"Content-Encoding": "gzip"})
        if name == "docx_zip_bomb":
            ctype = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
            return self._send(_cached("docx", _docx_bomb), ctype)
        if name == "pdf_corrupt":
            return self._send(
                b"%PDF-1.4\n" + bytes(range(256)) * 40 + b"\n%%EOF\n", "application/pdf"
            )
        if name == "pdf_encrypted":
            return self._send(_cached("enc", lambda: _pdf("encrypted")), "application/pdf")
        if name == "pdf_empty":
            return self._send(_cached("empty", lambda: _pdf("empty")), "application/pdf")
        if name == "empty_200":
            return self._send(b"")
        if name == "soft_404":
            page = "<html><head><title>页面不存在</title></head><body><p>对不起，您访问的页面不存在或已被删除！</p></body></html>"
            return self._send(page.encode())
        if name == "counters_and_clocks":
            n = self.farm.hits[path]
            stamp = time.strftime("%Y年%m月%d日 星期三 %H:%M:%S")
            extra = (
                f"<p>点击次数：{n * 17}</p><p>浏览次数：{n * 3} 次</p><p>阅读数：{n}</p>"
                f"<p>今天是 {stamp}</p><p>本文已被阅读{n * 5}次</p>"
            )
            return self._send(_report(fault, extra=extra))
        return self._send(b"<html>?</html>", status="500 Internal Server Error")


def _moved_handler(farm: FaultFarm) -> Callable[[FaultHandler], bool]:
    def handle(h: FaultHandler) -> bool:
        if h.path.startswith("/moved/"):
            farm.hit(h.path)
            fault = BY_PATH["/ndbg/moved.html"]
            h._send(_report(fault))
            return True
        return False

    return handle


class FaultFarm:
    """The farm served on 127.0.0.1 in a daemon thread (port 0: any free port)."""

    def __init__(self, ruishu: bytes) -> None:
        self.ruishu = ruishu
        self.hits: Counter[str] = Counter()
        self.first: dict[str, float] = {}
        self.last: dict[str, float] = {}
        self._lock = threading.Lock()
        self.server: LoopbackServer | None = None

    def hit(self, path: str) -> None:
        with self._lock:
            self.hits[path] += 1
            now = time.monotonic()
            self.first.setdefault(path, now)
            self.last[path] = now

    @property
    def port(self) -> int:
        assert self.server is not None, "fault farm not started"
        return self.server.port

    @property
    def base_url(self) -> str:
        assert self.server is not None, "fault farm not started"
        return self.server.base_url

    def start(self) -> FaultFarm:
        moved = _moved_handler(self)

        class Bound(FaultHandler):
            farm = self

            def do_GET(self) -> None:
                if not moved(self):
                    super().do_GET()

        self.server = LoopbackServer(Bound, name="fault-farm").start()
        return self

    def stop(self) -> None:
        if self.server is not None:
            self.server.stop()
            self.server = None

    def __enter__(self) -> FaultFarm:
        return self.start()

    def __exit__(
        self, et: type[BaseException] | None, e: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()
