"""What the document itself says about its year and publishing body, rung by rung.

A report names its year and body in several places that can disagree (see
``shared/real/report-years.md``): its title line, the statistics period sentence
(``统计期限自2023年1月1日起至2023年12月31日止``, also garbled as ``202311日至1231``),
headings with ``YYYY年度``, and the sentence that introduces it (``现将我镇2023年度政府信息
公开工作情况报告如下``). :func:`document_evidence` collects each of these as a rung;
``archive/evidence.py`` adds what lies outside the document (list title, URL, date)
and decides. The year a text merely mentions, a notice it cites (``〔2021〕30号``) or a
report it names in passing (``《田黄镇2020年…》``) is never evidence.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from .labels import fold
from .ladder import decide_year

_YEAR = r"((?:19|20)\d{2})"
# A year in a title: not part of a longer number, not a date's year (2024年1月).
# (Nor an index number's: 索取号 476406035/2022-93712, bgs01/2023-00011.)
_TITLE_YEAR = re.compile(
    rf"(?<![\d〔\[(/]){_YEAR}(?!\d)(?!\s*[\-/.]\s*\d)(?!\s*年\s*\d{{1,2}}\s*月)\s*(年度|年)?"
)
# Labels of an article page's metadata block. Of a line holding them only the value of a
# title label (名称 / 标题) can be a title: 分类:政府信息公开年报 names the column, and
# 文号 sometimes repeats a title with 号 pasted on.
_META_LABEL = re.compile(
    r"(索取号|索引号|主题分类|组配分类|分类|发文字号|文号|发布日期|成文日期|生成日期|生效日期|"
    r"公开日期|发布时间|发布机构|发文机关|公开方式|公开范围|有效性|公文时效|时效|信息来源|来源|"
    r"文件名称|公文名称|名称|标题|题名)[:：]"
)
_TITLE_LABELS = {"文件名称", "公文名称", "名称", "标题", "题名"}
_SUBJECT = re.compile(r"政府信息公开|政务信息公开|政务公开|信息公开|政府信息工作|年度报告|年报")
_BODY_SUFFIX = re.compile(
    r"(?:政府|人民政府|办事处|街道|镇|乡|苏木|局|委员会|委|办公室|办|厅|署|院|中心|管委会|"
    r"管理委员会|公司|所|站|队|会|处|部|室|馆|社|团|区|县|市|州|盟|旗)$"
)
_BODY_JUNK = re.compile(r"^(?:关于|[#*\s]+|[:：]+)|[《》<>\"“”]|(?:的|关于)$")
_NOT_BODY = re.compile(
    r"首页|当前位置|您的位置|今天是|星期|>|»|/|发布|来源|日期|时间|浏览|字号|[《》〈〉()，。,]|根据|"
    r"本报告|通知|解读|图解"
)
# (Every pattern is compiled here, once: a pattern given as a string is compiled again
# whenever it has left re's cache.)
_LEADING_YEARS = re.compile(r"^(?:关于|文字版)?(?:(?:19|20)\d{2}年?度?)+")
_TITLE_PARTS = re.compile(r"[_|｜]| - | – |--")  # a page <title>'s separators
_DIGIT = re.compile(r"\d")
MAX_TITLE = 60
OPENING = 6000  # characters read for the period sentence and the introduction
# A line that names a disclosure report: …信息公开(工作)(年度)报告, …年报, 年度(工作)报告,
# also 信息公开年度工作报告, 信息公开工作的报告 and 政府信息工作年度报告 (real, if rare).
REPORT_TITLE = re.compile(
    r"(?:信息公开|政务公开|信息公開|政府信息工作)[^。,;]{0,8}?(?:年报|报告|報告)|年度(?:工作)?报告"
)

# The statistics period: the first of January of the year (any of 2023年1月1日,
# 20231月1日, 202311日, 2023年01月01日, 2023-01-01), then within a few characters an
# end (至/到/—/起…) with 12月, 1231 or a second date; or an end-of-year cut-off
# (截至/截止(日期为)2023年12月31日, 20231231日).
_START = rf"{_YEAR}\s*(?:年\s*0?1\s*月?|-0?1-?|0?1月|1)\s*0?1\s*日?"
_PERIOD = re.compile(
    rf"{_START}\s*(?:起|开始)?\s*(?:至|到|—+|–|-|~|～)\s*(?:{_YEAR}\s*年?)?\s*(?:12\s*月?\s*\d{{1,2}}|1231)"
)
_CUTOFF = re.compile(
    rf"(?:截至|截止)(?:日期|时间)?(?:为|到)?\s*[:：]?\s*{_YEAR}\s*年?\s*12\s*月?\s*31\s*日"
)
_PERIOD_WORDS = re.compile(
    rf"统计(?:期限|期间|时限|时间段?|日期|书记时间段|区间)[^。;；]{{0,12}}?{_YEAR}"
)
# A heading that names the year: a short line such as "2023年度政府信息公开工作情况".
_HEADING = re.compile(
    rf"^(?:[一二三四五六七八九十]+[、.]|\(?[一二三四五六七八九十]\)|\d[、.])?{_YEAR}\s*年度"
)
# The sentence that introduces the report: (我镇对)2023年…工作…现将…报告如下, or
# 现公布…2023年…报告.
# (Two patterns, searched apart: one alternation tried at every character of the
# opening costs twice their sum; the leftmost match wins, the first on a tie.)
_INTRO = re.compile(
    rf"{_YEAR}\s*年度?[^。；;!！]{{0,30}}?(?:工作|情况)[^。；;!！]{{0,30}}?"
    rf"(?:报告|公布|汇报|公告|发布|通报)如下"
)
_INTRO_PUBLISHED = re.compile(rf"现予?公布[^。；;]{{0,20}}?{_YEAR}\s*年度?[^。；;]{{0,20}}?报告")


@dataclass
class DocumentEvidence:
    """Each rung's reading, in ladder order; rungs that said nothing are absent.

    ``years`` maps rung → year (``title``, ``page_title``, ``period``, ``heading``,
    ``intro``); ``bodies`` maps rung → name (``title``, ``page_title``, ``title_prev``:
    the line above a title that names no body).
    """

    years: dict[str, int] = field(default_factory=dict)
    bodies: dict[str, str] = field(default_factory=dict)

    def as_dict(self) -> dict[str, dict[str, object]]:
        return {"years": dict(self.years), "bodies": dict(self.bodies)}


def title_year(title: str | None) -> int | None:
    """The year a title names, or None when it names none or two different ones.

    >>> title_year("XX镇政府信息公开工作2024年度报告")
    2024
    >>> title_year("2025湖口县大垅乡2025年度政府信息公开工作年度报告")
    2025
    >>> title_year("XX局关于2023年1月发布的通知") is None
    True
    """
    if not title:
        return None
    found = [(int(m.group(1)), m.group(2)) for m in _TITLE_YEAR.finditer(fold(title))]
    years = {y for y, _ in found}
    if len(years) == 1:
        return years.pop()
    marked = {y for y, unit in found if unit}
    return marked.pop() if len(marked) == 1 else None


def body_from_title(title: str | None) -> str | None:
    """The body a title names: what stands before its year or its subject.

    >>> body_from_title("北关镇人民政府2021年政府信息公开工作年度报告")
    '北关镇人民政府'
    >>> body_from_title("2021年北关镇人民政府政府信息公开工作年度报告")
    '北关镇人民政府'
    >>> body_from_title("2024年合水镇人民政府信息公开工作年度报告")
    '合水镇人民政府'
    >>> body_from_title("重庆市大足区外事办公室政府信息公开工作2022年度报告")
    '重庆市大足区外事办公室'
    >>> body_from_title("2023年政府信息公开工作年度报告") is None
    True
    """
    if not title:
        return None
    text = fold(title)
    text = _LEADING_YEARS.sub("", text)
    year = _TITLE_YEAR.search(text)
    subject = _SUBJECT.search(text)
    cuts = [m.start() for m in (year, subject) if m]
    if not cuts:
        return None
    head = text[: min(cuts)]
    if head.endswith("人民") and text[len(head) :].startswith("政府"):
        head += "政府"  # 合水镇人民政府信息公开…: the 政府 belongs to the body
    return _clean_body(head)


def _clean_body(text: str | None) -> str | None:
    if not text or _NOT_BODY.search(text):
        return None
    text = _BODY_JUNK.sub("", text).strip(" :,.;、-_|")
    text = _BODY_JUNK.sub("", text)
    if len(text) < 2 or len(text) > 40 or text.isdigit():
        return None
    return text


def _unlabelled(line: str) -> str:
    """A line without metadata labels: the value of its title label, or the line itself
    when it holds no label; empty for other metadata (索取号, 分类, 发布日期 …)."""
    parts = _META_LABEL.split(line)
    if len(parts) == 1:
        return line
    for label, value in zip(parts[1::2], parts[2::2], strict=True):
        if label in _TITLE_LABELS:
            return value
    return ""


def title_candidates(
    texts: Sequence[str], extra: str | None
) -> list[tuple[str, str | None, str]]:
    """Title-like texts among the (folded) lines ``texts`` — a line, or a title wrapped
    over two or three lines — each with the line above it and its rung (``title``, or
    ``page_title`` for parts of ``extra``, the HTML ``<title>``)."""
    found: list[tuple[str, str | None, str]] = []
    texts = [_unlabelled(t) for t in texts]
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
            if REPORT_TITLE.search(joined) and not is_interpretation(joined):
                found.append((joined, None if k else previous, "title"))
                break
    if extra:
        for part in _TITLE_PARTS.split(extra):
            text = fold(part)
            if REPORT_TITLE.search(text) and not is_interpretation(text):
                found.append((text, None, "page_title"))
    return found


def is_interpretation(text: str | None) -> bool:
    """A title naming an interpretation (解读) or graphic (图解) of a report, not one."""
    return text is not None and ("解读" in text or "图解" in text)


def period_year(text: str) -> int | None:
    """The year of the statistics period, read from folded text.

    >>> period_year("本报告中所列数据的统计期限自2020年1月1日起至202020年12月31日止")
    2020
    >>> period_year("本报告数据统计时限为202311日至1231")
    2023
    >>> period_year("自20231月1日起至202312月31日止")
    2023
    >>> period_year("所列数据截止日期为2024年12月31日")
    2024
    >>> period_year("《条例》自2019年5月15日起施行") is None
    True
    """
    m = _PERIOD.search(text)
    if m:
        return int(m.group(1))
    m = _CUTOFF.search(text) or _PERIOD_WORDS.search(text)
    return int(m.group(1)) if m else None


def document_evidence(
    head: Sequence[str], title: str | None, texts: Sequence[str]
) -> DocumentEvidence:
    """The rungs found in a document: ``head`` holds the folded lines before its first
    section, ``title`` the HTML ``<title>`` if any, ``texts`` every line."""
    ev = DocumentEvidence()
    # The period and the introduction open a report (before or in 一、总体情况): the
    # first few thousand characters hold them, and folding the whole text costs.
    whole = fold("".join(texts)[:OPENING])
    period = period_year(whole)
    # The report's own sentences: the head's paragraphs (its introduction; not the
    # short lines of a page's navigation) and the opening of its text.
    prose = [t for t in head if len(t) > MAX_TITLE] + list(texts[len(head):len(head) + 30])
    found = _by_agreement(title_candidates(head, title), prose, period)
    for text, previous, rung in found:
        year = title_year(text)
        body = body_from_title(text)
        if year is not None:
            ev.years.setdefault(rung, year)
        if body:
            ev.bodies.setdefault(rung, body)
        elif (
            previous
            and _BODY_SUFFIX.search(previous)
            and not _DIGIT.search(previous)  # not the first half of a wrapped title
            and (prev := _clean_body(previous))
        ):
            ev.bodies.setdefault("title_prev", prev)
    if period is not None:
        ev.years["period"] = period
    for line in texts:
        if len(line) <= 40 and "年度" in line and (m := _HEADING.match(fold(line))):
            ev.years["heading"] = int(m.group(1))
            break
    intro = _INTRO.search(whole)
    published = _INTRO_PUBLISHED.search(whole) if "公布" in whole else None
    if published is not None and (intro is None or published.start() < intro.start()):
        intro = published
    if intro is not None:
        ev.years["intro"] = int(intro.group(1))
    return ev


def _by_agreement(
    found: list[tuple[str, str | None, str]], prose: Sequence[str], period: int | None,
) -> list[tuple[str, str | None, str]]:
    """Title candidates, those the page's own title agrees with first (a portal page
    lists other bodies' and years' reports beside its article: its ``<title>`` or
    ``ArticleTitle`` names the one it holds); else, when the titles name different
    bodies or years, those whose body the report's own sentences (``prose``: its
    introduction, the opening of its text) name, then those whose year is the
    statistics period's; else in document order."""
    pages = [t for t, _, rung in found if rung == "page_title" and title_year(t)]

    def agrees(text: str) -> bool:
        # (A line joined to the title's — a wrapped title's other half — adds little.)
        return len(text) >= 8 and any(
            text in p or (p in text and len(text) <= len(p) + 6) for p in pages
        )

    titles = [c for c in found if c[2] == "title"]
    if pages and any(agrees(c[0]) for c in titles):
        return sorted(found, key=lambda c: not (c[2] == "title" and agrees(c[0])))
    bodies = {b for c in titles if (b := body_from_title(c[0]))}
    years = {y for c in titles if (y := title_year(c[0]))}
    if len(bodies) < 2 and len(years) < 2:
        return found
    said = fold("".join(prose)) if len(bodies) > 1 else ""

    def key(c: tuple[str, str | None, str]) -> tuple[bool, bool]:
        if c[2] != "title":
            return True, True
        body = body_from_title(c[0])
        year = title_year(c[0])
        return (len(bodies) > 1 and body is not None and body not in said,
                period is not None and year is not None and year != period)

    return sorted(found, key=key)


# The order in which a document's own names for its body are believed.
DOCUMENT_BODY_RUNGS = ("title", "page_title", "title_prev")


def find_body_and_year(
    head: Sequence[str], title: str | None, texts: Sequence[str]
) -> tuple[str | None, int | None]:
    """The body and year the document names, by its own evidence alone (the report
    dict's ``body`` and ``year``); ``archive/evidence.py`` adds the rungs outside it."""
    ev = document_evidence(head, title, texts)
    body = next((ev.bodies[r] for r in DOCUMENT_BODY_RUNGS if r in ev.bodies), None)
    return body, decide_year(ev.years).year
