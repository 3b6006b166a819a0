"""Scanned PDFs: read the page images with a Chinese OCR engine, into lines of cells.

A PDF without a text layer is a scan.  With the optional ``[ocr]`` extra installed
(RapidOCR on onnxruntime, whose detection, direction and recognition models ship
inside its wheel: nothing is downloaded), each page is rendered by PDFium and read
into text boxes, each with its confidence.  The boxes become the same lines of cells
the table reader takes from a PDF's text layer: grouped into lines by their centre
after undoing the page's skew, ordered left to right, ``xs`` their centres.

A box that should be a figure but was read with a confidence below
:data:`MIN_CONFIDENCE` (or reads as ``O``/``〇`` where a digit belongs) is marked with
:data:`~archive.extract.numbers.UNSURE`: its cell is null with a
``cell.low_confidence`` check, never a figure the engine was unsure of.  A scan
coarser than :data:`MIN_DPI` is refused as ``needs_ocr``: too coarse to read
figures reliably.  Without the extra, scans raise ``needs_ocr`` as before.
"""

from __future__ import annotations

import math
import os
import re
import statistics
from functools import cache
from typing import Any

import pypdfium2 as pdfium

from .document import Document, Line
from .errors import NeedsOCR
from .numbers import UNSURE, CellKind, classify, normalize

#: A figure read with less confidence than this is not taken.
MIN_CONFIDENCE = 0.9
#: Scans coarser than this (dots per inch) are not read.
MIN_DPI = 120
#: Pages are rendered for the engine at this resolution (finer adds time, not accuracy).
RENDER_DPI = 200
#: The top and bottom share of a page where a lone number is a page number.
MARGIN = 0.07

_ZERO_LOOKALIKE = re.compile(r"^[OoD〇口]$")
_PAGE_NUMBER = re.compile(r"^[-—－–\s]*\d{1,4}[-—－–\s]*$|^第\d+页")
_Box = tuple[float, float, float, float, str, float]  # x, y (centre), width, height, text, score


def available() -> bool:
    """Whether the OCR extra is installed (and not turned off by ``NIANBAO_OCR=0``)."""
    if os.environ.get("NIANBAO_OCR", "").strip() in ("0", "false", "no"):
        return False
    try:
        import rapidocr_onnxruntime  # noqa: F401
    except ImportError:
        return False
    return True


@cache
def _engine() -> Any:
    from rapidocr_onnxruntime import RapidOCR

    return RapidOCR()


def _scan_dpi(page: pdfium.PdfPage) -> float | None:
    """The resolution of the page's largest image, in dots per inch."""
    best: tuple[float, float] | None = None
    for obj in page.get_objects(filter=[pdfium.raw.FPDF_PAGEOBJ_IMAGE], max_depth=2):
        left, bottom, right, top = obj.get_bounds()
        width_px, _height_px = obj.get_px_size()
        inches = (right - left) / 72
        if inches <= 0:
            continue
        area = (right - left) * (top - bottom)
        if best is None or area > best[0]:
            best = (area, width_px / inches)
    return None if best is None else best[1]


def _boxes(page: pdfium.PdfPage) -> list[tuple[_Box, float | None]]:
    """The page's text boxes, each with its top edge's angle (None when too short)."""
    import numpy as np

    bitmap = page.render(scale=RENDER_DPI / 72, grayscale=True)
    try:
        image = np.ascontiguousarray(bitmap.to_numpy())
    finally:
        bitmap.close()
    if image.ndim == 3 and image.shape[-1] == 1:
        image = image[..., 0]
    if image.ndim == 2:
        image = np.stack([image] * 3, axis=-1)
    result, _elapsed = _engine()(image)
    out: list[tuple[_Box, float | None]] = []
    for quad, text, score in result or ():
        xs = [p[0] for p in quad]
        ys = [p[1] for p in quad]
        (x0, y0), (x1, y1) = quad[0], quad[1]
        height = max(ys) - min(ys)
        width = math.hypot(x1 - x0, y1 - y0)
        angle = math.atan2(y1 - y0, x1 - x0) if abs(x1 - x0) > 2 * height else None
        out.append(((sum(xs) / 4, sum(ys) / 4, width, height, str(text), float(score)), angle))
    return out


def _cell_texts(text: str, score: float) -> list[str]:
    """A box's cells: its text, split at spaces between figures; a figure the engine
    was unsure of is marked."""
    parts = text.split()
    if len(parts) > 1 and all(classify(normalize(p)) is CellKind.NUMBER for p in parts):
        pieces = parts
    else:
        pieces = ["".join(parts)]
    out = []
    for piece in pieces:
        kind = classify(normalize(piece))
        if (kind is CellKind.NUMBER and score < MIN_CONFIDENCE) or _ZERO_LOOKALIKE.match(piece):
            piece = UNSURE + piece
        out.append(piece)
    return out


def _lines(found: list[tuple[_Box, float | None]], height: float) -> list[Line]:
    """Boxes grouped into lines by their centre once the skew is undone."""
    boxes = [b for b, _a in found]
    known = [a for _b, a in found if a is not None]
    skew = statistics.median(known) if known else 0.0
    cos, sin = math.cos(skew), math.sin(skew)
    em = statistics.median(b[3] for b in boxes) if boxes else 10.0
    placed = []
    for x, y, width, _h, text, score in boxes:
        # Rotate by -skew: a row's boxes come back to one height.
        placed.append((x * cos + y * sin, -x * sin + y * cos, abs(width), text, score, y))
    placed.sort(key=lambda b: b[1])
    groups: list[list[tuple[float, float, float, str, float, float]]] = []
    for box in placed:
        if groups and abs(box[1] - groups[-1][0][1]) <= 0.5 * em:
            groups[-1].append(box)
        else:
            groups.append([box])
    lines: list[Line] = []
    for group in groups:
        group.sort(key=lambda b: b[0])
        cells: list[str] = []
        xs: list[float] = []
        for x, _y, width, text, score, y in group:
            pieces = _cell_texts(text, score)
            if len(pieces) == 1 and (y < height * MARGIN or y > height * (1 - MARGIN)) \
                    and len(group) == 1 and _PAGE_NUMBER.match(text.strip()):
                break  # a page number
            step = width / len(pieces)
            for k, piece in enumerate(pieces):
                cells.append(piece)
                xs.append(x - width / 2 + step * (k + 0.5))
        else:
            if cells:
                lines.append(Line(cells, xs))
    return lines


def read_scan(data: bytes) -> Document:
    """The lines of a scanned PDF, read by OCR (raises NeedsOCR when too coarse)."""
    pdf = pdfium.PdfDocument(data)
    doc = Document(format="pdf", ocr=True)
    heights: list[float] = []
    try:
        for index in range(len(pdf)):
            page = pdf[index]
            try:
                dpi = _scan_dpi(page)
                if dpi is not None and dpi < MIN_DPI:
                    raise NeedsOCR(
                        f"a scan at {dpi:.0f} dpi: too coarse to read figures reliably "
                        f"(OCR needs at least {MIN_DPI} dpi)"
                    )
                found = _boxes(page)
                page_height = page.get_height() * RENDER_DPI / 72
            finally:
                page.close()
            heights.extend(b[3] for b, _a in found)
            doc.lines.extend(_lines(found, page_height))
    finally:
        pdf.close()
    doc.em = statistics.median(heights) if heights else None
    if not doc.lines:
        raise NeedsOCR("OCR found no text in the scan")
    return doc
