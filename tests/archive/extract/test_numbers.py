"""One cell: what it holds and its value, exactly as published."""

from __future__ import annotations

import pytest

from archive.extract.numbers import CellKind, classify, normalize, to_number, to_wanyuan


@pytest.mark.parametrize(
    ("cell", "kind"),
    [("", CellKind.EMPTY), ("0", CellKind.NUMBER), ("1,234", CellKind.NUMBER),
     ("12.5", CellKind.NUMBER), ("251000元", CellKind.NUMBER), ("-3", CellKind.NUMBER),
     ("/", CellKind.NOT_A_NUMBER), ("—", CellKind.NOT_A_NUMBER), ("无", CellKind.NOT_A_NUMBER),
     ("-", CellKind.NOT_A_NUMBER), ("行政许可", CellKind.TEXT)],
)
def test_classify(cell: str, kind: CellKind) -> None:
    assert classify(normalize(cell)) is kind


def test_full_width_digits_and_separators_are_normalized() -> None:
    assert normalize("１，２３４") == "1,234"
    assert to_number(normalize("１，２３４")) == 1234


@pytest.mark.parametrize(
    ("cell", "unit", "wanyuan"),
    [("251000元", None, 25.1), ("75394432.52元", None, 7539.443252), ("3千元", None, 0.3),
     ("1.5亿元", None, 15000), ("96171.6", None, 96171.6), ("100", "元", 0.01),
     ("0", None, 0)],
)
def test_money_is_converted_to_wanyuan_in_decimal(cell: str, unit: str | None, wanyuan: float) -> None:
    assert to_wanyuan(cell, unit) == wanyuan
