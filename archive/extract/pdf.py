"""PDF: rebuild lines and cells from the text layer's character positions.

PDFium (through pypdfium2, which pdfplumber already depends on) gives each
character and its box.  Characters are grouped into lines by their vertical
centre and split into cells at wide horizontal gaps, so a table split across
pages simply continues on the next page.  Page numbers (``-4-``, ``第4页``) and
running headers/footers repeated in the page margins are dropped.  No table
finding is needed, which keeps this fast.  A PDF whose pages carry no text is a
scan and raises :class:`NeedsOCR`.
"""

from __future__ import annotations

import ctypes
import operator
import re
import statistics
import struct
from collections import Counter
from typing import Any

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from .document import Document, Line
from .errors import CorruptDocument, EncryptedDocument, NeedsOCR

_PAGE_NUMBER = re.compile(
    r"^(?:[-—－–\s]*\d{1,4}[-—－–\s]*|第\s*\d+\s*页(?:\s*[/,，]?\s*共\s*\d+\s*页)?|\d+\s*/\s*\d+)$"
)
_DIGITS = re.compile(r"\d+")
_WORDY = re.compile(r"[A-Za-z\u4e00-\u9fff]")
#: Share of the page height at top and bottom treated as margin.
MARGIN = 0.09
#: A gap wider than this many character heights starts a new cell.
CELL_GAP = 0.75

_Char = tuple[float, float, float, float, str]  # x0, x1, baseline y, height, text
_LEFT, _BASELINE = operator.itemgetter(0), operator.itemgetter(2)


def _open(data: bytes) -> pdfium.PdfDocument:
    if b"%%EOF" not in data[-2048:]:
        raise CorruptDocument("truncated PDF (no %%EOF at the end)")
    try:
        return pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        if "password" in str(exc).lower():
            raise EncryptedDocument("the PDF is encrypted with a password") from exc
        raise CorruptDocument(f"damaged PDF: {exc}") from exc


def _unconverted(func: Any) -> Any:
    """The C function ``func`` (a ctypes function of pypdfium2's bindings) without
    its ``argtypes``: called with arguments that already are C values (a
    ``c_void_p``, an int, a ``byref``), skipping ctypes' conversion of each
    argument, which was most of the cost of a call (about 400 ns, then 160)."""
    bare = type(func)(ctypes.cast(func, ctypes.c_void_p).value)
    bare.restype = func.restype
    return bare


_LOOSE_BOX = _unconverted(pdfium_c.FPDFText_GetLooseCharBox)


def _page_chars(page: pdfium.PdfPage) -> list[_Char]:
    textpage = page.get_textpage()
    try:
        n = textpage.count_chars()
        if n <= 0:
            return []
        text = textpage.get_text_range(0, n)
        if len(text) != n:  # characters outside the BMP: index one by one
            text = "".join(textpage.get_text_range(i, 1) or " " for i in range(n))
        chars: list[_Char] = []
        append = chars.append
        # PDFium's functions called directly, on buffers made once per page: this
        # loop runs once per character.
        raw = textpage.raw
        raw_ptr = ctypes.c_void_p(ctypes.cast(raw, ctypes.c_void_p).value)
        loose_box = _LOOSE_BOX
        origin = pdfium_c.FPDFText_GetCharOrigin
        rect = pdfium_c.FS_RECTF()
        rect_ref = ctypes.byref(rect)
        # The box's four floats (left, top, right, bottom) in one call, not four
        # attribute reads.
        box = struct.Struct("4f").unpack_from
        ox, oy = ctypes.c_double(), ctypes.c_double()
        ox_ref, oy_ref = ctypes.byref(ox), ctypes.byref(oy)
        # Lines are told by the baseline: a glyph's box depends on its font (the
        # full-width 、，of some fonts sit low in theirs), its baseline does not.  The
        # baseline lies at the same distance below the loose box's bottom for every
        # character of one font and size: ask PDFium once per box height.
        below: dict[float, float] = {}
        for i, ch in enumerate(text):
            if ch.isspace() or ch == "\ufffe":
                continue
            if not loose_box(raw_ptr, i, rect_ref):
                continue
            x0, y1, x1, y0 = box(rect)
            h = y1 - y0
            offset = below.get(h)
            if offset is None:
                offset = below[h] = oy.value - y0 if origin(raw, i, ox_ref, oy_ref) else h / 2
            append((x0, x1, y0 + offset, h, ch))
        return chars
    finally:
        textpage.close()


def _lines(chars: list[_Char]) -> list[tuple[float, list[_Char]]]:
    """Group characters into lines by baseline, top to bottom; the tolerance is a
    share of the characters' own height, so it scales with the font size."""
    chars.sort(key=_BASELINE, reverse=True)  # (stable, as a sort on -y)
    lines: list[tuple[float, list[_Char]]] = []
    current: list[_Char] = []
    y_line = 0.0
    for c in chars:
        _x0, _x1, y, h, _ch = c
        # (``1.0 if h < 1.0 else h`` is max(h, 1.0) without the call: this runs per
        # character)
        if current and abs(y - y_line) <= (1.0 if h < 1.0 else h) * 0.45:
            current.append(c)
        else:
            if current:
                lines.append((y_line, current))
            current = [c]
            y_line = y
    if current:
        lines.append((y_line, current))
    return lines


def _cells(chars: list[_Char]) -> tuple[list[str], list[float]]:
    chars.sort(key=_LEFT)
    cells: list[str] = []
    xs: list[float] = []
    parts: list[str] = []
    start = end = 0.0
    for x0, x1, _y, h, ch in chars:
        if parts and x0 - end > CELL_GAP * (4.0 if h < 4.0 else h):
            cells.append("".join(parts))
            xs.append((start + end) / 2)
            parts = []
        if parts:
            if x1 > end:
                end = x1
        else:
            start, end = x0, x1
        parts.append(ch)
    if parts:
        cells.append("".join(parts))
        xs.append((start + end) / 2)
    return cells, xs


def read_pdf(data: bytes) -> Document:
    pdf = _open(data)
    try:
        pages: list[tuple[float, list[tuple[float, list[str], list[float]]]]] = []
        n_chars = 0
        heights: list[float] = []
        for index in range(len(pdf)):
            page = pdf[index]
            try:
                height = page.get_height()
                chars = _page_chars(page)
            finally:
                page.close()
            n_chars += len(chars)
            heights.extend(c[3] for c in chars[:: max(1, len(chars) // 200)])
            rows = []
            for y, line_chars in _lines(chars):
                cells, xs = _cells(line_chars)
                rows.append((y, cells, xs))
            pages.append((height, rows))
    except pdfium.PdfiumError as exc:
        raise CorruptDocument(f"damaged PDF: {exc}") from exc
    finally:
        pdf.close()
    if not pages:
        raise CorruptDocument("the PDF has no pages")
    if n_chars < 20:
        raise NeedsOCR(f"the PDF has no text layer ({len(pages)} pages of images): needs OCR")
    doc = _assemble(pages)
    doc.em = statistics.median(heights) if heights else None
    return doc


def _in_margin(y: float, height: float) -> bool:
    return y > height * (1 - MARGIN) or y < height * MARGIN


def _assemble(pages: list[tuple[float, list[tuple[float, list[str], list[float]]]]]) -> Document:
    # Running headers and footers: margin lines that recur on several pages.
    recurring: Counter[str] = Counter()
    for height, rows in pages:
        seen = {
            _DIGITS.sub("#", "".join(c))
            for y, c, _ in rows
            if _in_margin(y, height) and _WORDY.search("".join(c))
        }
        recurring.update(seen)
    repeated = {key for key, count in recurring.items() if count >= 2 and len(pages) >= 3}
    doc = Document(format="pdf")
    for height, rows in pages:
        for y, cells, xs in rows:
            if _in_margin(y, height):
                joined = "".join(cells)
                if _PAGE_NUMBER.match(joined) or _DIGITS.sub("#", joined) in repeated:
                    continue
            doc.lines.append(Line(cells, xs))
    return doc
