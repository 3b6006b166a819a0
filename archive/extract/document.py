"""The normalized document every format reader produces.

A document is a sequence of lines, each a list of cell strings, in reading order:
a table row is one line with one cell per table cell; a paragraph is one line with
one cell.  PDF lines also carry each cell's horizontal centre, so the parser can
put a figure back under its column when blank cells left no trace in the text.
``title`` is a title the container gives besides the text (an HTML ``<title>``).
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(slots=True)
class Line:
    cells: list[str]
    xs: list[float] | None = None


@dataclass(slots=True)
class Document:
    format: str
    lines: list[Line] = field(default_factory=list)
    title: str | None = None
    #: The typical character height in the units of ``Line.xs`` (PDF and OCR), from
    #: which the table reader derives its tolerances.
    em: float | None = None
    #: The lines were read by OCR from page images (a scanned PDF).
    ocr: bool = False

    def add(self, cells: list[str], xs: list[float] | None = None) -> None:
        """Append a line, dropping it when every cell is blank."""
        for cell in cells:
            if cell:
                self.lines.append(Line(cells, xs))
                return
