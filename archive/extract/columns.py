"""Which column a cell is under, from the table's header labels.

A table's figures belong to the columns its header names, in the order it names
them: a publisher may print section 三's 总计 first, reorder the organisations under
法人或其他组织, print only 总计, or leave 本年增/减 out of a 2019 section 二 block.
:func:`header_columns` reads the header from the label cells that come before a
row's figures (a header row of its own in a table, header cells one per line in a
text dump, a header run together in one cell) and returns the fields it names, in
order; the table reader then puts the figures under those fields.

A header is read only when it is unmistakable: every cell of it is made of column
labels and the header's own words (信息内容, 申请人情况, 法人或其他组织, the 本列数据
note, a unit), it starts at one of those words or names every column of the row, and
it names no column twice.  A header wrapped over lines (``本年新`` / ``制作数量``)
is no header: the template's order then stands.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from .memo import memo

#: Section 二's column labels → field (2019 and 2021 templates).  Longer labels
#: first: 本年处理决定数量 before 处理决定数量.
ACTIVE_COLUMNS: tuple[tuple[str, str], ...] = (
    ("本年制发件数", "issued"),
    ("本年废止件数", "repealed"),
    ("现行有效件数", "in_force"),
    ("本年新制作数量", "made"),
    ("本年新公开数量", "published"),
    ("对外公开总数量", "total_published"),
    ("上一年项目数量", "previous"),
    ("本年增/减", "change"),
    ("本年增减", "change"),
    ("本年处理决定数量", "decisions"),
    ("处理决定数量", "decisions"),
    ("本年收费金额", "amount"),
    ("采购项目数量", "projects"),
    ("采购总金额", "amount"),
)
#: Section 三's applicant column labels → field.
APPLICANT_LABELS: tuple[tuple[str, str], ...] = (
    ("自然人", "natural_person"),
    ("商业企业", "enterprise"),
    ("科研机构", "research"),
    ("社会公益组织", "social_org"),
    ("社会组织", "social_org"),
    ("法律服务机构", "legal_service"),
    ("其他", "other"),
    ("总计", "total"),
    ("合计", "total"),
)
#: The group over section 三's organisations.
GROUP = "法人或其他组织"
ORGANISATIONS = ("enterprise", "research", "social_org", "legal_service", "other")

#: Words of a header that name no column (folded text: ASCII brackets and colons).
_NOISE = (
    r"信息内容|申请人情况|项目|第二十条第\([一二三四五六七八九十]{1,3}\)项"
    r"|\(本列数据[^)]*\)|\((?:单位:)?[^)]{0,16}(?:万元|元|件|个|项)[^)]{0,16}\)"
)
_LEADS = re.compile(rf"^(?:{_NOISE})")


@dataclass(frozen=True, slots=True)
class Vocabulary:
    """The column labels of one section, as one pattern."""

    pattern: re.Pattern[str]
    fields: dict[str, str]
    grouped: bool  # section 三: 法人或其他组织 stands for its organisations


def _vocabulary(labels: tuple[tuple[str, str], ...], grouped: bool) -> Vocabulary:
    words = [GROUP] if grouped else []
    words += [label for label, _ in labels]
    alternatives = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
    return Vocabulary(
        re.compile(rf"{_NOISE}|{alternatives}"), dict(labels), grouped
    )


ACTIVE = _vocabulary(ACTIVE_COLUMNS, grouped=False)
APPLICANTS = _vocabulary(APPLICANT_LABELS, grouped=True)


_TOKENS: dict[tuple[int, str], list[str] | None] = memo({})


def _tokens(cell: str, vocab: Vocabulary) -> list[str] | None:
    """The column labels and group marks of a header cell, in order; None when the
    cell holds other text (it is no header cell).  Cells repeat from report to report
    (the template's labels): they are remembered."""
    key = (id(vocab), cell)
    if key in _TOKENS:
        return _TOKENS[key]
    out: list[str] | None = []
    at = 0
    for m in vocab.pattern.finditer(cell):
        if m.start() != at:
            out = None
            break
        at = m.end()
        word = m.group()
        if word == GROUP or word in vocab.fields:
            out.append(word)
    if at != len(cell):
        out = None
    if len(_TOKENS) > 20_000:
        _TOKENS.clear()
    _TOKENS[key] = out
    return out


def header_columns(
    cells: Sequence[str], vocab: Vocabulary, fields: Sequence[str]
) -> tuple[str, ...] | None:
    """The fields a header names, in its order, from the folded label cells that came
    before a row's figures (the row's own label among them, last); None when they hold
    no unmistakable header."""
    best: list[str] | None = None
    segment: list[str] = []
    starts = False
    for cell in cells:
        tokens = _tokens(cell, vocab) if cell else None
        if tokens is None:
            if segment:
                best = _accept(segment, starts, vocab, fields) or best
            segment, starts = [], False
            continue
        if not segment and not starts:
            starts = bool(_LEADS.match(cell))
        segment.extend(tokens)
        if not tokens and _LEADS.match(cell):
            starts = True
    if segment:
        best = _accept(segment, starts, vocab, fields) or best
    return tuple(best) if best else None


def _accept(
    tokens: list[str], starts: bool, vocab: Vocabulary, fields: Sequence[str]
) -> list[str] | None:
    order: list[str] = []
    orgs = [vocab.fields[t] for t in tokens if t != GROUP and vocab.fields[t] in ORGANISATIONS]
    grouped = vocab.grouped and GROUP in tokens
    for t in tokens:
        if t == GROUP:
            if grouped and not any(o in order for o in ORGANISATIONS):
                order.extend(orgs or ORGANISATIONS)
            continue
        field = vocab.fields[t]
        if grouped and field in ORGANISATIONS:
            continue  # placed where the group stands
        order.append(field)
    if not order or len(set(order)) != len(order) or not set(order) <= set(fields):
        return None
    if grouped and orgs and sorted(orgs) != sorted(ORGANISATIONS):
        return None  # the group names all five organisations, or leaves them implied
    if not starts and set(order) != set(fields):
        return None  # may be the tail of a header wrapped over lines
    return order


def header_by_position(
    cells: Sequence[str], xs: Sequence[float], vocab: Vocabulary, fields: Sequence[str],
    tolerance: float,
) -> list[tuple[str, float]] | None:
    """The fields a PDF header names, each with where its column stands, in page
    order: header cells stacked at one position (within ``tolerance``) are one label
    wrapped over lines (``自然`` / ``人``, ``法律`` / ``服务`` / ``机构``).  None when a
    stack names two columns, a column is named twice or none is (the caller checks
    that every figure stands under a column named)."""
    stacks: list[tuple[float, list[str]]] = []
    for cell, x in zip(cells, xs, strict=True):
        if not cell or x != x:  # NaN: no position
            continue
        for at, texts in stacks:
            if abs(at - x) <= tolerance:
                texts.append(cell)
                break
        else:
            stacks.append((x, [cell]))
    named: list[tuple[str, float]] = []
    for x, texts in stacks:
        tokens = _tokens("".join(texts), vocab)
        if tokens is None:
            continue  # a row label, the 本列数据 note wrapped, prose: no column
        found = {vocab.fields[t] for t in tokens if t != GROUP}
        if len(found) > 1:
            return None
        if found:
            named.append((found.pop(), x))
    names = [f for f, _ in named]
    if not named or len(set(names)) != len(names) or not set(names) <= set(fields):
        return None
    return sorted(named, key=lambda fx: fx[1])
