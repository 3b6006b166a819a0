"""The report's year and publishing body, from its title and text.

The title is the line that names the document a 政府信息公开工作年度报告, read
before the first section; the body is what the title puts before the year (or, when
the title is split, the line above it), and the year is the one the title names.
Without a year in the title, the statistics period (``统计期限自2024年1月1日``)
or the text's own "YYYY年政府信息公开工作年度报告" decide — never the year of a
notice it cites (``国办公开办函〔2021〕30号``) or of its publication date.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

from .labels import REPORT_TITLE, fold

_YEAR = r"((?:19|20)\d{2})"
_TITLE = re.compile(
    rf"^(?P<pre>.*?){_YEAR}年(?!\d{{1,2}}月)度?(?P<mid>.*?)(?:政府信息公开|政务公开|信息公开|政府信息|年度报告)"
)
_TITLE_NO_YEAR = re.compile(r"^(?P<pre>.*?)(?:政府信息公开|政务公开|信息公开|年度报告)")
_PERIOD = re.compile(rf"统计(?:期限|期间|时限|时间)(?:为|是|自|从)?:?{_YEAR}年")
_TEXT_TITLE = re.compile(rf"{_YEAR}年度?(?:政府信息公开|政务公开)(?:工作)?年度?(?:报告|年报)")
_ANY_YEAR = re.compile(rf"(?<![\d〔\[(]){_YEAR}年(?!\d{{1,2}}月)")
_BODY_SUFFIX = re.compile(
    r"(?:政府|人民政府|办事处|街道|镇|乡|局|委员会|委|办公室|办|厅|署|院|中心|管委会|管理委员会|"
    r"公司|所|站|队|会|处|部|室|馆|社|团|区|县|市|州|盟|旗)$"
)
_BODY_JUNK = re.compile(r"^(?:关于|[#*\s]+)|[《》<>\"]|(?:的)$")
_NOT_BODY = re.compile(
    r"首页|当前位置|您的位置|今天是|星期|>|»|/|发布|来源|日期|时间|浏览|字号|[《》〈〉()，。,]|根据|本报告|通知"
)
MAX_TITLE = 60


def _clean_body(text: str) -> str | None:
    if _NOT_BODY.search(text):
        return None
    text = _BODY_JUNK.sub("", text).strip(" :,.;、-_|")
    if not text or len(text) > 40:
        return None
    return text


def _from_title(title: str, previous: str | None) -> tuple[str | None, int | None]:
    m = _TITLE.match(title)
    if m:
        body = _clean_body(m["pre"]) or _clean_body(m["mid"])
        year: int | None = int(m.group(2))
    else:
        m = _TITLE_NO_YEAR.match(title)
        body = _clean_body(m["pre"]) if m else None
        year = None
    if body is None and previous and _BODY_SUFFIX.search(previous):
        body = _clean_body(previous)
    return body, year


def title_candidates(
    texts: Sequence[str], extra: str | None
) -> list[tuple[str, str | None, bool]]:
    """Title-like texts among the (folded) lines ``texts`` — a line, or a title wrapped
    over two or three lines — each with the line above it and whether it was joined."""
    found: list[tuple[str, str | None, bool]] = []
    for i, first in enumerate(texts):
        if len(first) > MAX_TITLE:
            continue
        previous = texts[i - 1] if i and len(texts[i - 1]) <= 40 else None
        joined = first
        for k in range(3):
            if k:
                if i + k >= len(texts):
                    break
                joined += texts[i + k]
                if len(joined) > MAX_TITLE:
                    break
            if REPORT_TITLE.search(joined):
                found.append((joined, previous, k > 0))
                break
    if extra:
        for part in re.split(r"[_|｜]| - | – |--", extra):
            text = fold(part)
            if REPORT_TITLE.search(text):
                found.append((text, None, False))
    return found


def find_body_and_year(
    head: Sequence[str], title: str | None, texts: Sequence[str]
) -> tuple[str | None, int | None]:
    """The body and year the title names: ``head`` holds the folded lines before the
    first section, ``title`` a title from outside the text (HTML ``<title>``).  The
    year falls back to the whole text, ``texts`` (see :func:`year_from_text`)."""
    body: str | None = None
    year: int | None = None
    for text, previous, joined in title_candidates(head, title):
        b, y = _from_title(text, None if joined else previous)
        if joined and b is None:
            continue
        if year is None and y is not None:
            year = y
            body = b or body
        elif body is None and b:
            body = b
        if body and year:
            break
    if year is None:
        year = year_from_text(texts)
    return body, year


def year_from_text(texts: Sequence[str]) -> int | None:
    """The statistics period's year, else the year of a "YYYY年政府信息公开工作年度报告"
    in the text, else the year the text mentions most (dates with a month excluded)."""
    text = fold("".join(texts))
    m = _PERIOD.search(text) or _TEXT_TITLE.search(text)
    if m:
        return int(m.group(1))
    counts = Counter(int(y) for y in _ANY_YEAR.findall(text))
    if not counts:
        return None
    return max(counts.items(), key=lambda kv: (kv[1], kv[0]))[0]
