"""How a value cell is written: `NumberStyle` (full-width digits, thousands separators,
fees in 元, fixed money decimals, a literal text for a cell whose truth is `None`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from .model import Path_

MONEY_PATHS: set[Path_] = {("active", "fees", "amount"), ("active", "procurement", "amount")}
_FULLWIDTH = str.maketrans("0123456789", "０１２３４５６７８９")


@dataclass
class NumberStyle:
    """How a value cell is written."""

    fullwidth: bool = False
    thousands: bool = False
    fee_yuan: bool = False
    money_places: int | None = None
    blank: str = ""
    overrides: dict[Path_, str] = field(default_factory=dict)

    def text(self, path: Path_, value: Any) -> str:
        """The cell text for a value at path."""
        if path in self.overrides:
            return self.overrides[path]
        if value is None:
            return self.blank
        if path in MONEY_PATHS:
            d = Decimal(str(value))
            if self.fee_yuan and path == ("active", "fees", "amount"):
                return _decimal_text(d * 10000, None, self.thousands) + "元"
            out = _decimal_text(d, self.money_places if d else None, self.thousands)
        else:
            out = _decimal_text(Decimal(int(value)), None, self.thousands)
        return out.translate(_FULLWIDTH) if self.fullwidth else out


def _decimal_text(d: Decimal, places: int | None, thousands: bool) -> str:
    if places is not None:
        d = d.quantize(Decimal(1).scaleb(-places))
    elif d == d.to_integral_value():
        d = d.to_integral_value()
    else:
        d = d.normalize()
    return f"{d:,f}" if thousands else f"{d:f}"
