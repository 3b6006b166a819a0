"""The template's row labels and section headings, as patterns.

Patterns are matched against label text with all whitespace removed and
full-width digits and brackets folded (see :func:`fold`), so ``（一）``/``(一)``,
``商 业 企 / 业`` and quote variants of “三安全一稳定” all match.  Each pattern
keys on the few characters that identify a row even when a publisher shortened
or wrapped its label.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# (full-width or typographic character, its ASCII fold); the folds are ASCII and
# none is itself folded, so replacing one after another is a simultaneous mapping.
_FOLD = tuple(
    (a, b)
    for a, b in zip(
        "（）【】〔〕［］０１２３４５６７８９．、，：；“”‘’「」『』\"'",
        "()[][][]0123456789..,:;\"\"\"\"\"\"\"\"\"\"",
        strict=True,
    )
    if a != b
)
#: Any character :func:`fold` replaces.
_FOLDABLE = re.compile("[" + re.escape("".join(a for a, _b in _FOLD)) + "]")


def fold(text: str) -> str:
    """Label text without spaces, with ASCII digits, brackets and quotes."""
    # Spaces out: str.split() drops exactly the characters \s matches, including the
    # ideographic space and no-break space; two more that are not spaces go by hand.
    text = "".join(text.split())
    if "\u200b" in text:
        text = text.replace("\u200b", "")
    if "\ufeff" in text:
        text = text.replace("\ufeff", "")
    # str.translate looks every character up in a dict: on a paragraph of Chinese
    # text that is ten times slower than these few C-speed scans, which only run when
    # one of the characters is there (in two labels of three none is).
    if _FOLDABLE.search(text):
        for a, b in _FOLD:
            if a in text:
                text = text.replace(a, b)
    return text.lstrip("#")


# ---------------------------------------------------------------- sections
# Matched against a line's text with spaces removed (not folded: that is costly on
# long paragraphs, and headings need no more).
_ITEM = r"^#*[{}][、.．,，]?"
OVERVIEW = re.compile(_ITEM.format("一1") + "总体情况")
# Section headings under any number: some reports renumber the tables 一、二、三 in
# an appendix after the narrative, or number the narrative's items 1、2、3.
_ANY_ITEM = (
    r"^#*(?:[一二三四五六七八九十]{1,2}|\d{1,2}|[(（][一二三四五六七八九十\d]{1,2}[)）])[、.．,，丶]?"
)
SECTION_ACTIVE = re.compile(_ANY_ITEM + "主动公开政府信息(?:情况|的情况)")
SECTION_APPLICATIONS = re.compile(_ANY_ITEM + "收到和处理政府信息公开申请")
SECTION_APPEALS = re.compile(_ANY_ITEM + "政府信息公开行政法?复议")  # 行政法复议: a typo seen
SECTION_AFTER = re.compile(_ANY_ITEM + "(?:存在的?主要问题|政府信息公开工作存在)")
#: Any of the four headings above: a line that matches none of them fails this one
#: test (the item is parsed once rather than once per heading).
ANY_SECTION = re.compile(
    _ANY_ITEM + "(?:主动公开政府信息(?:情况|的情况)|收到和处理政府信息公开申请"
    "|政府信息公开行政法?复议|存在的?主要问题|政府信息公开工作存在)"
)

ACTIVE_ANCHOR = re.compile(r"本年制发件数|本年新制作数量|第二十条第")
APPLICATIONS_ANCHOR = re.compile(r"本年新收|申请人情况")
APPEALS_ANCHOR = re.compile(r"行政法?复议.*行政诉讼|^行政法?复议")


def compact(text: str) -> str:
    """A line's text without spaces: cheap, for finding headings and markers."""
    return text.replace(" ", "").replace("\u3000", "").replace("\xa0", "")


# --------------------------------------------------------------- templates
TEMPLATE_2021 = re.compile(r"本年制发件数|本年废止件数|现行有效件数|逾期不补正|缴纳费用")
TEMPLATE_2019 = re.compile(
    r"本年新制作数量|本年新公开数量|对外公开总数量|上一年项目数量|其他对外管理服务事项|政府集中采购"
)


@dataclass(frozen=True, slots=True)
class RowSpec:
    key: str
    pattern: re.Pattern[str]
    fields: tuple[str, ...]
    money: frozenset[str] = frozenset()


def _row(key: str, pattern: str, fields: tuple[str, ...], money: tuple[str, ...] = ()) -> RowSpec:
    return RowSpec(key, re.compile(pattern), fields, frozenset(money))


_DOCS_2021 = ("issued", "repealed", "in_force")
_DOCS_2019 = ("made", "published", "total_published")
_ITEMS_2019 = ("previous", "change", "decisions")

ACTIVE_ROWS: dict[str, tuple[RowSpec, ...]] = {
    "2021": (
        _row("regulations", r"(?<!性文件)规章", _DOCS_2021),
        _row("normative_documents", r"规范性文件", _DOCS_2021),
        _row("licensing", r"行政许可", ("decisions",)),
        _row("penalty", r"行政处罚", ("decisions",)),
        _row("coercion", r"行政强制", ("decisions",)),
        _row("fees", r"事业性收", ("amount",), ("amount",)),
    ),
    "2019": (
        _row("regulations", r"(?<!性文件)规章", _DOCS_2019),
        _row("normative_documents", r"规范性文件", _DOCS_2019),
        _row("licensing", r"行政许可", _ITEMS_2019),
        _row("other_services", r"对外管理服务|其他对外", _ITEMS_2019),
        _row("penalty", r"行政处罚", _ITEMS_2019),
        _row("coercion", r"行政强制", _ITEMS_2019),
        _row("fees", r"事业性收", ("previous", "change")),
        _row("procurement", r"集中采购", ("projects", "amount"), ("amount",)),
    ),
}

APPLICANT_COLUMNS = (
    "natural_person", "enterprise", "research", "social_org", "legal_service", "other", "total",
)

_APPLICATION_PATTERNS_COMMON = (
    ("new", r"本年新收|新收政府信息公开申请"),
    ("carried_over", r"上年结转"),
    ("granted", r"予以公开"),
    ("partial", r"部分公开"),
    ("denied_state_secret", r"国家秘密"),
    ("denied_law", r"禁止公开"),
    ("denied_security", r"三安全一稳定|危及"),
    ("denied_third_party", r"第三方"),
    ("denied_internal", r"内部事务"),
    ("denied_process", r"过程性"),
    ("denied_enforcement_file", r"执法案卷"),
    ("denied_query", r"查询事项"),
    ("unable_not_held", r"不掌握"),
    ("unable_needs_creation", r"另行制作|现成信息"),
    ("unable_unclear", r"仍不明确|内容不明确"),
    ("rejected_petition", r"信访|举报投诉"),
    ("rejected_duplicate", r"重复申请"),
    ("rejected_publication", r"出版物"),
    ("rejected_excessive", r"大量反复"),
    ("rejected_confirmation", r"重新出具|确认或"),
)
_APPLICATION_PATTERNS_TAIL = (
    ("total", r"总计|合计"),
    ("carried_forward", r"结转下年|下年度继续"),
)

APPLICATION_ROWS: dict[str, tuple[RowSpec, ...]] = {
    "2021": tuple(
        _row(key, pattern, APPLICANT_COLUMNS)
        for key, pattern in (
            *_APPLICATION_PATTERNS_COMMON,
            ("other_no_correction", r"不补正|逾期不补"),
            ("other_no_fee", r"缴纳费用|收费通知"),
            # 3.其他; or （六）其他处理 printed as one row, as the 2019 template has it
            # (not when the label is a wrapped 申请人… sub-row's).
            ("other", r"(?:^|[^\d])3\.?其他(?!法律)|^其他$|^(?!.*申请人).*其他处理$"),
            *_APPLICATION_PATTERNS_TAIL,
        )
    ),
    "2019": tuple(
        _row(key, pattern, APPLICANT_COLUMNS)
        for key, pattern in (
            *_APPLICATION_PATTERNS_COMMON,
            ("other", r"其他处理"),
            *_APPLICATION_PATTERNS_TAIL,
        )
    ),
}

APPEAL_GROUPS = ("review", "litigation_direct", "litigation_after_review")
APPEAL_FIELDS = ("upheld", "corrected", "other", "pending", "total")

# ------------------------------------------------------------------ titles
REPORT_TITLE = re.compile(r"(?:信息公开|政务公开)(?:工作)?(?:年度)?(?:年报|报告)|年度报告")
