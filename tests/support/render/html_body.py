"""The article body in HTML, one writer per portal style.

Tables as TRS WCM (MsoNormal spans), Hanweb jcms, a plain `<th>` table, or Word HTML
pasted into a CMS (uppercase tags, text split over SPANs, `o:p`); `_content_html`
writes all blocks but the title in one of those styles.
"""

from __future__ import annotations

import random

from .common import _cell_text, _esc
from .model import Cell, Document, Table
from .numbers import NumberStyle


def _spans(cell: Cell) -> str:
    out = ""
    if cell.rowspan > 1:
        out += f' rowspan="{cell.rowspan}"'
    if cell.colspan > 1:
        out += f' colspan="{cell.colspan}"'
    return out


def _table_plain(doc: Document, table: Table, numbers: NumberStyle) -> str:
    lines = ['<table border="1" cellspacing="0" cellpadding="4">']
    for row in table.rows:
        cells = []
        for cell in row:
            tag = "th" if cell.header else "td"
            cells.append(f"<{tag}{_spans(cell)}>{_esc(_cell_text(doc, cell, numbers))}</{tag}>")
        lines.append("<tr>" + "".join(cells) + "</tr>")
    lines.append("</table>")
    return "\n".join(lines)


def _table_trs(doc: Document, table: Table, numbers: NumberStyle) -> str:
    lines = [
        '<table class="MsoNormalTable" border="1" cellspacing="0" cellpadding="0" '
        'style="border-collapse:collapse;border:none;width:100%">'
    ]
    for row in table.rows:
        lines.append('<tr style="height:20.0pt">')
        for cell in row:
            text = _esc(_cell_text(doc, cell, numbers)) or "&nbsp;"
            lines.append(
                f'<td{_spans(cell)} valign="center" style="border:solid windowtext 1.0pt;'
                f'padding:0cm 5.4pt 0cm 5.4pt"><p class="MsoNormal" align="center" '
                f'style="text-align:center"><span style="font-size:10.5pt;'
                f'font-family:仿宋_GB2312">{text}</span></p></td>'
            )
        lines.append("</tr>")
    lines.append("</table>")
    return "\n".join(lines)


def _table_jcms(doc: Document, table: Table, numbers: NumberStyle) -> str:
    lines = [
        '<table width="100%" border="1" cellpadding="0" cellspacing="0" '
        'style="border-collapse:collapse;" align="center">',
        "<tbody>",
    ]
    for row in table.rows:
        cells = []
        for cell in row:
            text = _esc(_cell_text(doc, cell, numbers))
            style = "font-weight:bold;" if cell.header else ""
            cells.append(
                f'<td{_spans(cell)} style="text-align:center;{style}">'
                f'<p style="text-align:center;">{text}</p></td>'
            )
        lines.append("<tr>" + "".join(cells) + "</tr>")
    lines += ["</tbody>", "</table>"]
    return "\n".join(lines)


_WORD_SPAN = 'style="FONT-FAMILY: 宋体; FONT-SIZE: 10pt; mso-bidi-font-family: 宋体"'
_WORD_NUM = 'lang=EN-US style="FONT-FAMILY: 宋体; FONT-SIZE: 10pt; mso-fareast-font-family: 宋体"'


def _word_split(rng: random.Random, text: str, number: bool) -> str:
    """Split text over several SPANs the way Word's HTML does."""
    if not text:
        return "<o:p>&nbsp;</o:p>"
    cuts = sorted(rng.sample(range(1, len(text)), k=min(len(text) - 1, rng.randint(0, 2))))
    pieces = [text[a:b] for a, b in zip([0, *cuts], [*cuts, len(text)], strict=True)]
    attr = _WORD_NUM if number else _WORD_SPAN
    out = "".join(f"<SPAN {attr}>{_esc(p)}</SPAN>" for p in pieces)
    if number and rng.random() < 0.3:
        out = f"<SPAN {attr}>&nbsp;</SPAN>" + out
    return out + "<SPAN lang=EN-US><o:p></o:p></SPAN>"


def _table_wordpaste(
    doc: Document, table: Table, numbers: NumberStyle, rng: random.Random
) -> str:
    lines = [
        "<TABLE class=MsoNormalTable style=\"BORDER-COLLAPSE: collapse; mso-table-layout-alt: "
        'fixed; mso-padding-alt: 0cm 5.4pt 0cm 5.4pt" cellSpacing=0 cellPadding=0 border=1>',
        "<TBODY>",
    ]
    for i, row in enumerate(table.rows):
        lines.append(f'<TR style="HEIGHT: 15pt; mso-yfti-irow: {i}">')
        for cell in row:
            spans = _spans(cell).replace('rowspan="', "rowSpan=").replace('colspan="', "colSpan=")
            spans = spans.replace('"', "")
            text = _cell_text(doc, cell, numbers)
            lines.append(
                f'<TD{spans} style="BORDER: windowtext 1pt solid; PADDING: 0cm 5.4pt" '
                "vAlign=center>"
                f"<P class=MsoNormal style=\"TEXT-ALIGN: center; mso-pagination: widow-orphan\" "
                f"align=center>{_word_split(rng, text, cell.path is not None)}</P></TD>"
            )
        lines.append("</TR>")
    lines += ["</TBODY>", "</TABLE>"]
    return "\n".join(lines)


def _content_html(
    doc: Document, style: str, numbers: NumberStyle, rng: random.Random
) -> str:
    """The article body (without the title) in a portal style."""
    parts: list[str] = []
    for block in doc.blocks:
        if isinstance(block, Table):
            if style == "plain":
                parts.append(_table_plain(doc, block, numbers))
            elif style == "trs_gbk":
                parts.append(_table_trs(doc, block, numbers))
            elif style == "jcms":
                parts.append(_table_jcms(doc, block, numbers))
            else:
                parts.append(_table_wordpaste(doc, block, numbers, rng))
            continue
        if block.role == "title":
            continue
        text = _esc(block.text)
        if style == "wordpaste":
            align = " align=right" if block.role == "sign" else ""
            if block.role == "h1":
                text = f"<B>{_word_split(rng, block.text, False)}</B>"
            else:
                text = _word_split(rng, block.text, False)
            indent = '"TEXT-INDENT: 32pt; LINE-HEIGHT: 28pt"'
            parts.append(f"<P class=MsoNormal style={indent}{align}>{text}</P>")
        elif style == "trs_gbk":
            weight = "font-weight:bold;" if block.role == "h1" else ""
            align = "text-align:right;" if block.role == "sign" else ""
            parts.append(
                f'<p class="MsoNormal" style="text-indent:32.0pt;line-height:28.0pt;{align}">'
                f'<span style="font-size:16.0pt;font-family:仿宋_GB2312;{weight}">{text}</span></p>'
            )
        elif style == "jcms":
            if block.role == "h1":
                parts.append(f'<p style="text-indent:2em;"><strong>{text}</strong></p>')
            elif block.role == "sign":
                parts.append(f'<p style="text-align:right;">{text}</p>')
            else:
                parts.append(f'<p style="text-indent:2em;">{text}</p>')
        else:
            if block.role == "h1":
                parts.append(f"<h2>{text}</h2>")
            elif block.role == "sign":
                parts.append(f'<p class="sign">{text}</p>')
            else:
                parts.append(f"<p>{text}</p>")
    return "\n".join(parts)
