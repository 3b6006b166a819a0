"""DOCX output: `render_docx` (python-docx, real merged cells), zips made rerun-stable."""

from __future__ import annotations

import io
import zipfile
from typing import Any

from .common import _cell_text
from .model import Document, Para, layout
from .numbers import NumberStyle

_FIXED_ZIP_TIME = (2020, 1, 1, 0, 0, 0)


def normalize_zip(data: bytes) -> bytes:
    """Rewrite a zip with fixed timestamps so that reruns give the same bytes."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(
        out, "w", zipfile.ZIP_DEFLATED
    ) as dst:
        for info in src.infolist():
            new = zipfile.ZipInfo(info.filename, date_time=_FIXED_ZIP_TIME)
            new.compress_type = zipfile.ZIP_DEFLATED
            dst.writestr(new, src.read(info.filename))
    return out.getvalue()


#: Page sizes (width, height, side margin) in cm.
PAGE_SIZES = {"A4": (21.0, 29.7, 2.4), "Letter": (21.59, 27.94, 2.2), "B5": (17.6, 25.0, 1.6)}


def render_docx(
    doc: Document, numbers: NumberStyle, *, east_font: str | None = None, page: str = "A4"
) -> bytes:
    """A DOCX with the tables' merged cells made by cell.merge().

    ``east_font`` names the one CJK font every run asks for (default: 仿宋, 宋体 and
    黑体, which fontconfig substitutes); ``page`` is a key of :data:`PAGE_SIZES`.
    Tables shrink to fit a narrower page."""
    from datetime import datetime

    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn
    from docx.shared import Cm, Pt

    d = docx.Document()
    section = d.sections[0]
    width, height, margin = PAGE_SIZES[page]
    section.page_width, section.page_height = Cm(width), Cm(height)
    section.left_margin = section.right_margin = Cm(margin)
    shrink = min(1.0, (width - 2 * margin) / 16.2)
    section.top_margin = section.bottom_margin = Cm(2.5)
    normal = d.styles["Normal"]
    normal.font.name = "Times New Roman"
    normal.font.size = Pt(12)
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), east_font or "仿宋")
    stamp = datetime(doc.published.year, doc.published.month, doc.published.day, 9, 0)
    d.core_properties.created = d.core_properties.modified = stamp
    d.core_properties.author = doc.report["body"] or ""
    d.core_properties.title = doc.title

    def font(run: Any, size: float, bold: bool = False, east: str = "仿宋") -> None:
        run.font.size = Pt(size)
        if east_font:
            run.font.name = east_font  # the figures too
        run.bold = bold
        run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), east_font or east)

    widths = {"active": [4.2, 4.0, 4.0, 4.0],
              "applications": [1.6, 2.2, 4.6] + [1.1] * 7,
              "appeals": [1.08] * 15}
    sizes = {"active": 10.5, "applications": 8, "appeals": 7.5}
    for block in doc.blocks:
        if isinstance(block, Para):
            p = d.add_paragraph()
            if block.role == "title":
                p.alignment = WD_ALIGN_PARAGRAPH.CENTER
                font(p.add_run(block.text), 18, True, "宋体")
            elif block.role == "sign":
                p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
                font(p.add_run(block.text), 12)
            else:
                p.paragraph_format.first_line_indent = Pt(24)
                font(p.add_run(block.text), 12, block.role == "h1",
                     "黑体" if block.role == "h1" else "仿宋")
            continue
        placed, nrows = layout(block)
        t = d.add_table(rows=nrows, cols=block.ncols)
        t.style = "Table Grid"
        t.autofit = False
        for j, col in enumerate(t.columns):
            col.width = Cm(widths[block.kind][j] * shrink)
        # One walk of the unmerged grid: t.cell() and row.cells walk the whole table on
        # every call. Merged regions are disjoint, so the other cells stay valid.
        grid = t._cells
        ncols = block.ncols
        for k, c in enumerate(grid):
            c.width = Cm(widths[block.kind][k % ncols] * shrink)
        for pc in placed:
            cell = grid[pc.row * ncols + pc.col]
            if pc.cell.rowspan > 1 or pc.cell.colspan > 1:
                cell = cell.merge(
                    grid[(pc.row + pc.cell.rowspan - 1) * ncols + pc.col + pc.cell.colspan - 1]
                )
            para = cell.paragraphs[0]
            para.alignment = WD_ALIGN_PARAGRAPH.CENTER
            font(para.add_run(_cell_text(doc, pc.cell, numbers)), sizes[block.kind],
                 pc.cell.header)
        d.add_paragraph()
    buf = io.BytesIO()
    d.save(buf)
    return normalize_zip(buf.getvalue())
