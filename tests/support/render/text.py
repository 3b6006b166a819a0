"""Flattened text like the seeds': `render_txt` with a `TxtStyle`.

Tab-separated cells, some rows one cell a line, optional markdown headings and ASCII
parentheses as PDF text tools write them.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .common import table_grid
from .model import Document, Table
from .numbers import NumberStyle


@dataclass
class TxtStyle:
    """How a text extraction flattened the document."""

    markdown: bool = False
    one_cell_per_line: set[tuple[str, int]] = field(default_factory=set)  # (table kind, row)
    drop_leading_empty: set[tuple[str, int]] = field(default_factory=set)
    ascii_parens: bool = False  # "(一) 予以公开" as PDF text tools write it


def render_txt(doc: Document, numbers: NumberStyle, style: TxtStyle) -> bytes:
    """Flattened text like the seeds (UTF-8)."""
    lines: list[str] = ["", ""]
    for block in doc.blocks:
        if isinstance(block, Table):
            for i, row in enumerate(table_grid(doc, block, numbers)):
                key = (block.kind, i)
                if style.ascii_parens:
                    row = [c.replace("（", "(").replace("）", ") ") for c in row]
                if key in style.one_cell_per_line:
                    lines += [c for c in row if c]
                    continue
                if key in style.drop_leading_empty:
                    while row and row[0] == "":
                        row = row[1:]
                lines.append("\t".join(row))
            lines.append("")
            continue
        if block.role == "title":
            lines += [("# " if style.markdown else "") + block.text, ""]
        elif block.role == "h1":
            prefix = "## " if style.markdown else ""
            lines += [prefix + block.text, ""]
        else:
            lines += [block.text, ""]
    return "\n".join(lines).encode("utf-8")


#: How `render_flat` writes a table row (the layouts text dumps of real reports show).
FLAT_LAYOUTS = ("tabs", "cells", "spaces", "glued", "stripped")


def render_flat(doc: Document, numbers: NumberStyle, layout: str) -> bytes:
    """The report as a text dump whose tables lost their grid, one way per `layout`:

    - ``tabs``: one line per row, every cell kept, tab-separated (blanks survive);
    - ``stripped``: ``tabs`` with each line stripped at both ends, as many text dumps
      are (blank cells at the start and end of a row leave no trace);
    - ``cells``: one line per non-blank cell (blank cells leave no trace);
    - ``spaces``: one line per row, non-blank cells separated by a space;
    - ``glued``: one line per row, cells run together without separators
      (``行政规范性文件8855698``).
    """
    if layout not in FLAT_LAYOUTS:
        raise ValueError(f"unknown layout {layout!r}")
    lines: list[str] = []
    for block in doc.blocks:
        if isinstance(block, Table):
            for row in table_grid(doc, block, numbers):
                if layout == "tabs":
                    lines.append("\t".join(row))
                elif layout == "stripped":
                    lines.append("\t".join(row).strip())
                elif layout == "cells":
                    lines += [c for c in row if c]
                elif layout == "spaces":
                    lines.append(" ".join(c for c in row if c))
                else:
                    lines.append("".join(row))
        else:
            lines.append(block.text)
    return "\n".join(lines).encode("utf-8")
