"""What every renderer shares: escaping, a cell's text, a table as a full grid."""

from __future__ import annotations

import html

from .model import Cell, Document, Table, cell_value, layout
from .numbers import NumberStyle


def _esc(text: str) -> str:
    return html.escape(text, quote=False)


def _cell_text(doc: Document, cell: Cell, numbers: NumberStyle) -> str:
    if cell.path is None:
        return cell.text
    return numbers.text(cell.path, cell_value(doc.report, cell.path))


def table_grid(doc: Document, table: Table, numbers: NumberStyle) -> list[list[str]]:
    """The table as a full grid; cells covered by a merge are empty strings."""
    placed, nrows = layout(table)
    grid = [[""] * table.ncols for _ in range(nrows)]
    for p in placed:
        grid[p.row][p.col] = _cell_text(doc, p.cell, numbers)
    return grid
