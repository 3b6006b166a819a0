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
    """Cells of one exported table line: tabs, or markdown pipes."""
    stripped = line.strip()
    if stripped.startswith("|") and stripped.endswith("|") and len(stripped) > 1:
        return [c.strip() for c in stripped[1:-1].split("|")]
    if "\t" in line:
        return [c.strip() for c in line.split("\t")]
    return [_HEADING.sub("", stripped)]


def read_text(data: bytes) -> Document:
    doc = Document(format="text")
    for raw in decode(data).splitlines():
        if _MD_RULE.match(raw):
            continue
        doc.add(split_cells(raw))
    return doc
