"""Which format a document is, decided from its bytes alone (never its name)."""

from __future__ import annotations

import re

from .errors import EmptyDocument

PDF = "pdf"
ZIP = "zip"  # DOCX, or another zip the docx reader rejects
OLE = "ole"  # legacy Word / WPS (compound file)
RTF = "rtf"
HTML = "html"
TEXT = "text"
BINARY = "binary"

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_HTML_START = re.compile(
    rb"^(?:\s|<!--.*?-->|<\?xml[^>]*>)*<(?:!doctype\s+html|html|head|body|meta|title|table|div|p)\b",
    re.IGNORECASE | re.DOTALL,
)
_HTML_TAGS = re.compile(rb"<(?:html|body|table|/p|/div|br|meta)\b", re.IGNORECASE)
_BOMS = (b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")
# Bytes that never occur in text (NUL and most C0 controls): \x00-\x08, \x0e-\x1a,
# \x1c-\x1f.  Found by deleting them (bytes.translate, a table lookup per byte),
# ten times faster than a regular expression's character class.
_BINARY_BYTES = bytes([*range(0x00, 0x09), *range(0x0E, 0x1B), *range(0x1C, 0x20)])


def _ascii_view(head: bytes) -> bytes:
    """The first bytes as ASCII-compatible text (UTF-16 narrowed), for sniffing."""
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        codec = "utf-16"
        return head.decode(codec, errors="ignore").encode("ascii", errors="ignore")
    return head.removeprefix(b"\xef\xbb\xbf")


def detect_format(data: bytes) -> str:
    """One of ``pdf zip ole rtf html text binary``; raises EmptyDocument."""
    if not data or data.isspace():  # as `not data.strip()`, without copying the bytes
        raise EmptyDocument("the file is empty")
    head = data[:4096]
    if b"%PDF-" in data[:1024]:
        return PDF
    if head.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        return ZIP
    if head.startswith(_OLE_MAGIC):
        return OLE
    if head.lstrip().startswith(b"{\\rtf"):
        return RTF
    view = _ascii_view(head)
    if not head.startswith(_BOMS) and len(head.translate(None, _BINARY_BYTES)) < len(head):
        return BINARY
    if _HTML_START.match(view) or len(_HTML_TAGS.findall(view)) >= 2:
        return HTML
    return TEXT
