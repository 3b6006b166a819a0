"""Reading one table cell: a count, an amount of money, a blank, or text.

Cells come as publishers typed them: full-width digits (``０１２``), thousands
separators (``1,234``), decimals, a unit in the cell (``251000元``), or a dash or
``无`` where a figure should be.  :func:`classify` says what a cell is;
:func:`to_number` and :func:`to_wanyuan` turn a numeric cell into a Python number
without ever changing the published figure (money is converted in decimal
arithmetic).
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from enum import Enum

_FULL_WIDTH = str.maketrans(
    "０１２３４５６７８９，．－＋／％\u3000\xa0\u2002\u2003\u2009\u200b\ufeff",
    "0123456789,.-+/%       ",
)
# The same mapping as replacements (each maps to ASCII, none of which is mapped again,
# so one after another is the same as all at once), and a test for any of them.
_FULL_WIDTH_PAIRS = tuple((chr(a), chr(b)) for a, b in _FULL_WIDTH.items())
_FULL_WIDTH_ANY = re.compile("[" + "".join(a for a, _b in _FULL_WIDTH_PAIRS) + "]")

_NUMBER = re.compile(
    r"(?P<sign>[+\-−])?\s*(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+)\s*"
    r"(?P<unit>万元|千元|亿元|元|件|个|条|项|次|人|家)?"
)
#: What a number's text may start with besides a decimal digit or a space (``_NUMBER``).
_NUMBER_START = frozenset("+-−.")
_NOT_A_NUMBER = re.compile(
    r"[/\\—–\-―─_~～×xX*＊·、.。…]+|无|暂无|空|缺|不适用|N/?A|n/?a|null|NULL"
)

#: How many 万元 one of the unit is worth.
_TO_WANYUAN = {
    "元": Decimal("0.0001"),
    "千元": Decimal("0.1"),
    "万元": Decimal(1),
    "亿元": Decimal(10000),
}


#: Marks a cell OCR read with too little confidence (``UNSURE + text``): not a figure.
UNSURE = "\u2047"


class CellKind(Enum):
    EMPTY = "empty"
    NUMBER = "number"
    NOT_A_NUMBER = "not_a_number"
    TEXT = "text"


def normalize(text: str) -> str:
    """Half-width digits and punctuation, single spaces, no padding."""
    # str.translate looks every character up in a dict (2.7 us for a 44-character
    # label, most of a cold cell's cost); a few replacements, only when one of the
    # characters is there, take a quarter of that.  Every character mapped is outside
    # ASCII.  str.split() splits at the characters \s matches.
    if not text.isascii() and _FULL_WIDTH_ANY.search(text):
        for a, b in _FULL_WIDTH_PAIRS:
            if a in text:
                text = text.replace(a, b)
    return " ".join(text.split())


def classify(text: str) -> CellKind:
    """What a (normalized) cell holds."""
    if not text:
        return CellKind.EMPTY
    first = text[0]
    if first == UNSURE:
        return CellKind.NOT_A_NUMBER
    # A number starts with a sign, a digit (``\\d``: any decimal digit) or a point, or
    # with a space (before its digits); a label seldom does: no pattern then.
    if (first in _NUMBER_START or first.isdecimal() or first.isspace()) and _NUMBER.fullmatch(
        text
    ):
        return CellKind.NUMBER
    if len(text) <= 6 and _NOT_A_NUMBER.fullmatch(text):
        return CellKind.NOT_A_NUMBER
    return CellKind.TEXT


def _parts(text: str) -> tuple[Decimal, str | None]:
    m = _NUMBER.fullmatch(text)
    if m is None:
        raise ValueError(f"not a number: {text!r}")
    try:
        value = Decimal(m["num"].replace(",", ""))
    except InvalidOperation as exc:  # pragma: no cover - the regex admits only digits
        raise ValueError(f"not a number: {text!r}") from exc
    if m["sign"] in ("-", "−"):
        value = -value
    return value, m["unit"]


def as_json_number(value: Decimal) -> int | float:
    """An int when the value is whole, else the float that prints as the decimal."""
    if value == value.to_integral_value():
        return int(value)
    return float(value)


def to_number(text: str) -> int | float:
    """A count as published (``1,234`` → 1234)."""
    value, _unit = _parts(text)
    return as_json_number(value)


_MONEY_UNIT = re.compile(r"(亿元|千元|万元|元)")


def money_unit(text: str) -> str | None:
    """The money unit a header or cell names (``单位：元`` → ``元``), if any."""
    m = _MONEY_UNIT.search(text)
    return m.group(1) if m else None


def to_wanyuan(text: str, header_unit: str | None = None) -> int | float:
    """An amount of money in 万元, converted exactly from the unit written in the
    cell, else the unit of its header, else taken as 万元 already."""
    value, unit = _parts(text)
    unit = unit if unit in _TO_WANYUAN else header_unit
    factor = _TO_WANYUAN.get(unit or "万元", Decimal(1))
    return as_json_number((value * factor).normalize())
