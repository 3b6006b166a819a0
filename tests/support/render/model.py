"""The document model: a report laid out as paragraphs and tables of origin cells.

`layout` places a table's origin cells on the grid the way the HTML table algorithm
does (rowspans and colspans taken into account); every renderer starts from it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

Path_ = tuple[str, ...]


@dataclass
class Cell:
    """One origin cell of a table: a label (`text`) or a value (`path` into the report)."""

    text: str = ""
    path: Path_ | None = None
    rowspan: int = 1
    colspan: int = 1
    header: bool = False


@dataclass
class Table:
    """A table as HTML writes it: rows of origin cells, merged cells not repeated."""

    kind: str
    ncols: int
    rows: list[list[Cell]]


@dataclass
class Para:
    """A paragraph; role is one of title, h1, h2, p, sign."""

    text: str
    role: str = "p"


Block = Para | Table


@dataclass
class Document:
    """A whole report laid out, with the report it came from."""

    report: dict[str, Any]
    title: str
    blocks: list[Block]
    published: date


@dataclass
class Placed:
    """An origin cell with its grid position."""

    row: int
    col: int
    cell: Cell


def layout(table: Table) -> tuple[list[Placed], int]:
    """Grid positions of the origin cells (the HTML table algorithm); returns rows too."""
    taken: set[tuple[int, int]] = set()
    placed: list[Placed] = []
    for r, row in enumerate(table.rows):
        c = 0
        for cell in row:
            while (r, c) in taken:
                c += 1
            placed.append(Placed(r, c, cell))
            for dr in range(cell.rowspan):
                for dc in range(cell.colspan):
                    taken.add((r + dr, c + dc))
            c += cell.colspan
    nrows = max(r for r, _ in taken) + 1 if taken else 0
    return placed, nrows


def cell_value(report: dict[str, Any], path: Path_) -> Any:
    """The report's value at a cell path (None when the row is absent)."""
    node: Any = report
    for part in path:
        if not isinstance(node, dict) or part not in node:
            return None
        node = node[part]
    return node
