"""Render a report dict into the documents portals really publish.

`build_document(report, rng)` lays the report out as the national template does: a
title, sections 一 to 六 with prose, and the three tables with their merged header
cells (section 二 in 第二十条 blocks, section 三 with 申请人情况 / 自然人 / 法人或其他组织
and rowspans for 三、本年度办理结果 and （三）不予公开, section 四 with 15 columns under two
header rows). The renderers then write that document as

- HTML portal pages: `trs_gbk` (TRS WCM, GBK bytes), `jcms` (Hanweb jcms, UTF-8),
  `plain` (a simple `<th>` table page), `wordpaste` (Word HTML pasted into a CMS);
- `docx` (python-docx with real merged cells), and from it `pdf` and `doc` through
  LibreOffice headless;
- `txt`, flattened like the seeds' text: tab-separated cells, some rows one cell a line.

How numbers are written is a `NumberStyle`: full-width digits, thousands separators,
fees in 元, or a literal text (e.g. `/`) for a cell whose truth is `None`.

The package, by job (everything is re-exported here, so callers use `render.X`):

- `model` — `Document`, `Para`, `Table`, `Cell`, `layout`, `cell_value`;
- `numbers` — `NumberStyle`;
- `tables` — the three template tables; `prose` — the paragraphs' text;
- `document` — `build_document`;
- `common` — escaping, a cell's text, `table_grid`;
- `html_body` — the article body per portal style; `html_pages` — whole pages,
  `render_html`;
- `text` — `render_txt`; `docx_file` — `render_docx`;
- `office` — `soffice_convert` (PDF/DOC through LibreOffice), `stabilize_pdf`.
"""

from __future__ import annotations

from .common import _cell_text as _cell_text
from .common import _esc as _esc
from .common import table_grid
from .document import TITLE_FORMS, Columns, build_document, random_columns
from .docx_file import normalize_zip, render_docx
from .html_body import _content_html as _content_html
from .html_pages import (
    HTML_STYLES,
    page_jcms,
    page_plain,
    page_trs,
    page_wordpaste,
    render_html,
)
from .model import Block, Cell, Document, Para, Path_, Placed, Table, cell_value, layout
from .numbers import MONEY_PATHS, NumberStyle
from .office import ConversionError, soffice_convert, stabilize_pdf
from .prose import prose_overview
from .tables import (
    DENIED_LABELS,
    OTHER_LABELS,
    REJECTED_LABELS,
    UNABLE_LABELS,
    active_table,
    appeals_table,
    applications_table,
)
from .text import FLAT_LAYOUTS, TxtStyle, render_flat, render_txt

__all__ = [
    "DENIED_LABELS",
    "FLAT_LAYOUTS",
    "HTML_STYLES",
    "MONEY_PATHS",
    "OTHER_LABELS",
    "REJECTED_LABELS",
    "TITLE_FORMS",
    "UNABLE_LABELS",
    "Block",
    "Cell",
    "Columns",
    "ConversionError",
    "Document",
    "NumberStyle",
    "Para",
    "Path_",
    "Placed",
    "Table",
    "TxtStyle",
    "active_table",
    "appeals_table",
    "applications_table",
    "build_document",
    "cell_value",
    "layout",
    "normalize_zip",
    "page_jcms",
    "page_plain",
    "page_trs",
    "page_wordpaste",
    "prose_overview",
    "random_columns",
    "render_docx",
    "render_flat",
    "render_html",
    "render_txt",
    "soffice_convert",
    "stabilize_pdf",
    "table_grid",
]
