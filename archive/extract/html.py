"""HTML pages: decode with the right charset, then lay the page out as lines.

An XSLT stylesheet (run by libxslt, in C) writes the page as text: each row of a
data table (a table holding no other table) becomes one line of tab-separated
cells — a merged cell is one cell — and every block of text outside data tables
(``<p>``, ``<div>``, ``<br>``, layout-table cells …) its own line.  Scripts, styles
and comments are dropped.  Walking the tree in Python would cost more than
parsing it.

A page that is valid UTF-8 is parsed from its bytes: libxml2 reads UTF-8 faster
than a Python ``str`` (which it would first convert from UTF-16 or UTF-32).

Some platforms ship the article only inside a script: a Guangdong gkmlpt post page is
an empty ``<div id="app">`` and ``window._CONFIG = {… DETAIL: {… "content": "\u003Cp…"}}``
that the browser renders. That JSON string is decoded and laid out after the page.
"""

from __future__ import annotations

import json
import re

from lxml import etree

from .document import Document, Line
from .errors import CorruptDocument
from .text import decode_as

_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([\w\-]+)""", re.IGNORECASE)
_XML_ENCODING = re.compile(rb"""^<\?xml[^>]+encoding\s*=\s*["']([\w\-]+)""")
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*>")

# (collect_ids=False: no table of the id attributes, which nothing here looks up.)
_PARSER = etree.HTMLParser(
    remove_comments=True, remove_pis=True, no_network=True, collect_ids=False
)
# The same parser for bytes known to be UTF-8: the encoding given, a <meta charset>
# in the page is ignored, as it is when parsing a str.
_UTF8_PARSER = etree.HTMLParser(
    remove_comments=True, remove_pis=True, no_network=True, encoding="utf-8",
    collect_ids=False,
)

_BLOCKS = (
    "p|div|br|h1|h2|h3|h4|h5|h6|li|ul|ol|tr|td|th|table|section|article|header|footer|"
    "blockquote|pre|center|dd|dt|dl|hr|form|main|nav|aside|caption|title"
)
# Private-use characters separate lines and cells in the stylesheet's output, so
# newlines and tabs inside the page's text stay plain whitespace.  A row's first
# cell is written apart from the others: one XPath predicate per row costs less
# than an <xsl:if> evaluated on every cell (about 6% of the transform).
_LINE, _CELL = "\ue000", "\ue001"
_LAYOUT = etree.XSLT(
    etree.XML(
        f"""<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
<xsl:output method="text" encoding="UTF-8"/>
<xsl:template match="script|style|head|noscript|template|select|textarea|object"/>
<xsl:template match="table[not(.//table)]">
  <xsl:text>&#xE000;</xsl:text>
  <xsl:for-each select=".//tr">
    <xsl:value-of select="(td|th)[1]"/>
    <xsl:for-each select="(td|th)[position() != 1]">
      <xsl:text>&#xE001;</xsl:text><xsl:value-of select="."/>
    </xsl:for-each>
    <xsl:text>&#xE000;</xsl:text>
  </xsl:for-each>
</xsl:template>
<xsl:template match="{_BLOCKS}">
  <xsl:text>&#xE000;</xsl:text><xsl:apply-templates/><xsl:text>&#xE000;</xsl:text>
</xsl:template>
</xsl:stylesheet>""".encode()
    )
)


# gkmlpt: window._CONFIG = { …, DETAIL: { …, "content": "<JSON string>" … } }
_CONFIG_DETAIL = re.compile(r"window\._CONFIG\s*=\s*\{.*?\bDETAIL\b", re.S)
_CONTENT = re.compile(r"""(?<!\w)["']?content["']?\s*:\s*("(?:[^"\\]|\\.)*")""", re.S)


def embedded_content(text: str) -> str | None:
    """The article HTML a gkmlpt-style page keeps in ``window._CONFIG.DETAIL.content``."""
    m = _CONFIG_DETAIL.search(text)
    if not m:
        return None
    c = _CONTENT.search(text, m.end())
    if not c:
        return None
    try:
        content = json.loads(c.group(1))
    except ValueError:
        return None
    return content if isinstance(content, str) and content.strip() else None


def _layout(root: etree._Element, lines: list[Line]) -> None:
    # Whitespace runs become one space in one pass over the whole layout; a cell or
    # line then only needs the space at either end stripped.
    for raw in " ".join(str(_LAYOUT(root)).split()).split(_LINE):
        if _CELL in raw:
            cells = [c.strip() for c in raw.split(_CELL)]
            if any(cells):
                lines.append(Line(cells))
        else:
            raw = raw.strip()
            if raw:
                lines.append(Line([raw]))


def declared_charset(data: bytes) -> str | None:
    """The charset a page declares (``<meta charset>``, http-equiv, XML declaration)."""
    head = data[:4096]
    m = _XML_ENCODING.match(head.lstrip()) or _CHARSET.search(head)
    return m.group(1).decode("ascii", errors="ignore") if m else None


def _title(root: etree._Element) -> str | None:
    for meta in root.iter("meta"):
        if (meta.get("name") or "").lower() in ("articletitle", "title"):
            content = " ".join((meta.get("content") or "").split())
            if content:
                return content
    title = root.find("head/title")
    if title is None:
        title = root.find(".//title")
    if title is not None and title.text:
        return " ".join(title.text.split()) or None
    return None


def _as_utf8(data: bytes) -> str | None:
    """``data`` read as strict UTF-8, or None when it is not UTF-8."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return None


def read_html(data: bytes) -> Document:
    declared = declared_charset(data)
    decoded: tuple[str, str | None] | None = None
    if declared and not data.isascii() and (utf8 := _as_utf8(data)) is not None:
        # Bytes beat labels: Chinese text in GB bytes is (almost) never valid UTF-8, so a
        # page that decodes as strict UTF-8 is UTF-8 whatever its <meta> says.
        declared = None
        if not data.startswith(b"\xef\xbb\xbf"):  # decode_as(data) would decode it again
            decoded = utf8, "utf-8"
    text, codec = decoded or decode_as(data, declared)
    # lxml refuses str input that carries an encoding declaration.
    declaration = _XML_DECLARATION.match(text)
    source: str | bytes
    if codec == "utf-8":  # the bytes are the text: parse them, minus the declaration
        source = data[len(declaration[0].encode()):] if declaration else data
        parser = _UTF8_PARSER
    else:
        source = text[declaration.end():] if declaration else text
        parser = _PARSER
    try:
        root = etree.fromstring(source, parser)
    except (etree.ParserError, etree.XMLSyntaxError, ValueError) as exc:
        raise CorruptDocument(f"unreadable HTML: {exc}") from exc
    if root is None:
        raise CorruptDocument("unreadable HTML: no elements")
    doc = Document(format="html", title=_title(root))
    _layout(root, doc.lines)
    if b"_CONFIG" in data:
        content = embedded_content(text)
        if content:
            fragment = etree.fromstring(f"<html><body>{content}</body></html>", _PARSER)
            if fragment is not None:
                _layout(fragment, doc.lines)
    return doc
