"""Normalized report text: what a version is made of, without the page's noise.

Every capture is archived byte for byte, but a new version is only made when the
report's figures or this normalized text change. The rules, in order (each has a test
with a real noisy page in ``tests/archive/test_normalize.py``; ``docs/versions.md``
lists them):

1. **Scripts, styles, comments** never reach the text (the format readers skip them).
2. **The report only**: the text runs from the report's title (or, lacking one, its
   第一 section 一、总体情况) to the end of section 六; navigation, sidebars, headers and
   footers outside that span are dropped, as is a footer block after section 六 (浏览次数,
   打印, 关闭, 上一篇 …).
3. **Visit counters** (浏览 / 访问 / 阅读 / 点击 / 查看, with 次数 / 人次 / 数 / 量 / 率,
   本文已被阅读 N 次, 今日访问, 人气 / 热度: with a number, spaces allowed) are removed.
4. **Today's date and clocks**: dates followed by a weekday (2026年11月25日 星期三),
   "今天是 …", and times of day (10:21:33) are removed.
5. **Page metadata lines**: 发布日期 / 发布时间 / 来源 / 作者 / 字号 lines are removed
   (the claimed date is recorded separately, see ``archive/pagedates.py``).
6. **Page numbers** of PDFs (``-3-``, ``第 3 页 共 6 页``) are removed.
7. **Whitespace**: runs of spaces (also full-width and &nbsp;) become one space; blank
   lines go.

``normalize_url`` drops session and cache-busting tokens from URLs, so a report seen
at ``a.html;jsessionid=…`` and ``a.html?t=1700000000`` is seen at one URL.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

_TITLE = re.compile(r"(?:19|20)\d{2}\s*年.{0,30}?(?:年度报告|年报)")
_FIRST_SECTION = re.compile(r"^\s*[一1]\s*[、.．,，]\s*总体情况")
_SECTION = re.compile(r"^\s*([一二三四五六])\s*[、.．,，]")
_FOOTER = re.compile(
    r"^\s*(?:【?\s*(?:打印|关闭|关闭窗口|打印本页|收藏|分享)|上一篇|下一篇|责任编辑|扫一扫|"
    r"主办单位|承办单位|版权所有|网站标识码|.*ICP备|浏览|访问量|今日访问|当前在线|相关链接|"
    r"相关文章|相关阅读|相关新闻|【字体|字体[:：]|更新时间|更新日期|本文已被)"
)
_COUNTER = re.compile(
    r"(?:本文)?(?:已被|已|被)?(?:今日|总)?(?:浏览|访问|阅读|点击|查看)(?:次数|人次|数|量|率)?"
    r"\s*[:：]?\s*\d+\s*(?:人次|次)?"
    r"|(?:人气|热度)\s*[:：]\s*\d+"
)
_WEEKDAY_DATE = re.compile(
    r"(?:今天是\s*[:：]?\s*)?(?:19|20)\d{2}\s*[-年/.]\s*\d{1,2}\s*[-月/.]\s*\d{1,2}\s*日?\s*"
    r"(?:星期|周|礼拜)[一二三四五六日天]"
)
_TODAY = re.compile(r"今天是\s*[:：]?\s*\S*")
_CLOCK = re.compile(r"(?<!\d)\d{1,2}:\d{2}(?::\d{2})?(?!\d)")  # also right after a CJK word
_META_LINE = re.compile(
    r"^\s*(?:发布日期|发布时间|发文日期|生成日期|更新时间|更新日期|信息来源|来源|作者|字号|索引号|"
    r"发布机构|文号)\s*[:：]"
)
_PAGE_NO = re.compile(
    r"^\s*(?:[-—–]\s*\d+\s*[-—–]|第\s*\d+\s*页(?:\s*[,，/]?\s*共\s*\d+\s*页)?)\s*$"
)
#: The characters a line matching ``_SECTION``, ``_META_LINE`` or ``_PAGE_NO`` starts
#: with (after its spaces).
_SECTION_START = frozenset("一二三四五六")
_META_START = frozenset("发生更信来作字索文")
_PAGE_NO_START = frozenset("-—–第")
_SPACES = re.compile(r"[\s\u3000\xa0]+")
_TOKENS = re.compile(
    r"^(?:jsessionid|sessionid|sid|phpsessid|aspsessionid\w*|t|_|ts|timestamp|rnd|random|v|r|"
    r"cache|nocache|_dc|token|__jsl_clearance\w*|wzws_\w+)$",
    re.I,
)


#: What rules 3 and 4 need to find anything: a line without any of these is clean.
_NOISE = re.compile(r"[:周]|浏览|访问|阅读|点击|查看|人气|热度|星期|礼拜|今天是")


def _clean(line: str) -> str:
    if not _NOISE.search(line):
        return line  # (already spaced as rule 7 wants)
    line = _COUNTER.sub("", line)
    line = _WEEKDAY_DATE.sub("", line)
    line = _TODAY.sub("", line)
    line = _CLOCK.sub("", line)
    return _SPACES.sub(" ", line).strip()


def normalize_lines(lines: Iterable[str]) -> list[str]:
    """The report's lines with the rules above applied (rule 1 is the readers')."""
    # str.split() splits at exactly what _SPACES matches (str.isspace()), faster.
    raw = [" ".join(line.split()) for line in lines]
    raw = [line for line in raw if line]
    start = next((i for i, line in enumerate(raw) if _TITLE.search(line)), None)
    # (A line here starts with no space: the patterns anchored at its start can only
    # match when its first character is one they may start with.)
    first = next(
        (i for i, line in enumerate(raw) if line[0] in "一1" and _FIRST_SECTION.match(line)),
        None,
    )
    if start is None or (first is not None and first - start > 40):
        start = first if first is not None else 0
    out: list[str] = []
    in_six = False
    for line in raw[start:]:
        lead = line[0]
        section = _SECTION.match(line) if lead in _SECTION_START else None
        if section:
            in_six = section.group(1) == "六"
        elif in_six and _FOOTER.match(line):
            break
        if (lead in _META_START and _META_LINE.match(line)) or (
            lead in _PAGE_NO_START and _PAGE_NO.match(line)
        ):
            continue
        cleaned = _clean(line)
        if cleaned:
            out.append(cleaned)
    return out


def normalize_text(lines: Iterable[str]) -> str:
    return "\n".join(normalize_lines(lines))


def text_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def sections(text: str) -> dict[str, str]:
    """Normalized text split by the report's six sections (``head`` before 一)."""
    parts: dict[str, list[str]] = {"head": []}
    current = "head"
    for line in text.splitlines():
        m = _SECTION.match(line)
        if m and m.group(1) not in parts:
            current = m.group(1)
            parts[current] = []
        parts[current].append(line)
    return {k: "\n".join(v) for k, v in parts.items() if v}


def normalize_url(url: str) -> str:
    """``url`` without session ids and cache-busting query parameters."""
    parts = urlsplit(url)
    path = re.sub(r";(?:jsessionid|sessionid)=[^/?#]*", "", parts.path, flags=re.I)
    query = urlencode(
        [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not _TOKENS.match(k)]
    )
    return urlunsplit((parts.scheme, parts.netloc.lower(), path, query, ""))
