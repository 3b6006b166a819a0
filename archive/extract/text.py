"""Plain text: decoding Chinese text bytes, and reading text-exported tables.

Decoding: a BOM wins (UTF-8, UTF-16); a declared charset of the GB family is read as
GB18030 (its superset); a declared or presumed UTF-8 that does not decode is read
as GB18030.  Text reports are what publishers' tools export: one table row per
line with tab-separated cells, markdown pipes, or one cell per line.
"""

from __future__ import annotations

import re

from .document import Document

_GB_FAMILY = frozenset(
    {"gbk", "gb2312", "gb18030", "x-gbk", "cp936", "ms936", "euc-cn", "gb_2312-80", "csgb2312"}
)
_MD_RULE = re.compile(r"^[\s|:+\-—]*-{3,}[\s|:+\-—]*$")
_HEADING = re.compile(r"^#{1,6}\s+")
#: A page number a text export kept: ``— 3 —``, ``-1-``, ``第 2 页``, ``2/9``.
PAGE_MARKER = re.compile(
    r"^\s*(?:[-—－–―]+\s*[0-9０-９]{1,4}\s*[-—－–―]+|第\s*[0-9０-９]{1,4}\s*页"
    r"(?:\s*[/，,]?\s*共\s*[0-9０-９]{1,4}\s*页)?|[0-9]{1,3}\s*/\s*[0-9]{1,3})\s*$"
)
# A figure, or a mark standing for one, as a space-separated table row writes it.
_FIGURE = r"(?:[+\-−]?[0-9０-９][0-9０-９,，.．]*(?:万元|千元|亿元|元)?|[/／—–\-―]{1,2}|无)"
#: A table row whose cells are separated by spaces: an optional label, then figures.
_SPACED_ROW = re.compile(rf"^(?P<label>.*?\S)??(?P<figures>(?:^|\s+){_FIGURE}(?:\s+{_FIGURE})*)$")


def decode(data: bytes, declared: str | None = None) -> str:
    """Text from bytes, robust to a wrong or missing declared charset."""
    return decode_as(data, declared)[0]


def decode_as(data: bytes, declared: str | None = None) -> tuple[str, str | None]:
    """Like :func:`decode`, also saying ``"utf-8"`` when the text is all of ``data``
    read as strict UTF-8 (so ``data`` itself is that text in UTF-8), else None."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace"), None
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace"), None
    charset = (declared or "").strip().lower()
    if charset in _GB_FAMILY:
        return data.decode("gb18030", errors="replace"), None
    if charset and charset not in ("utf-8", "utf8"):
        # A declared charset we do not trust: UTF-8 or GB18030 when either decodes.
        try:
            return data.decode("utf-8"), "utf-8"
        except UnicodeDecodeError:
            pass
        try:
            return data.decode("gb18030"), None
        except UnicodeDecodeError:
            pass
        try:
            return data.decode(charset, errors="replace"), None
        except LookupError:
            return data.decode("gb18030", errors="replace"), None
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        return data.decode("gb18030", errors="replace"), None


def split_cells(line: str) -> list[str]:
    """Cells of one exported table line: tabs, markdown pipes, or a label followed
    by figures separated by spaces (``规章 0 0 5``)."""
    stripped = line.strip()
    if stripped.startswith("|") and stripped.endswith("|") and len(stripped) > 1:
        return [c.strip() for c in stripped[1:-1].split("|")]
    if "\t" in line:
        return [c.strip() for c in line.split("\t")]
    stripped = _HEADING.sub("", stripped)
    if (" " in stripped or "\u3000" in stripped) and (m := _SPACED_ROW.match(stripped)):
        figures = m["figures"].split()
        if len(figures) > 1 or m["label"]:
            return ([m["label"].strip()] if m["label"] else []) + figures
    return [stripped]


def read_text(data: bytes) -> Document:
    doc = Document(format="text")
    for raw in decode(data).splitlines():
        # (An empty line is no blank cell: publishers space text out with them, and
        # merged cells leave empty lines where no figure belongs.)
        if _MD_RULE.match(raw) or PAGE_MARKER.match(raw):
            continue
        doc.add(split_cells(raw))
    return doc
