"""DOCX: check the zip is safe, then read ``word/document.xml`` with lxml.

Python-docx would parse every part of the package; only the body is needed.
Paragraphs become one-cell lines, table rows become lines of cells (a merged
cell is one cell; a vertically merged continuation is a blank cell).  Before
anything is decompressed, the declared sizes and compression ratios are checked
so that a zip bomb is refused rather than inflated.
"""

from __future__ import annotations

import io
import zipfile

from lxml import etree

from .document import Document, Line
from .errors import CorruptDocument, UnsafeDocument, UnsupportedFormat

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_P, _TBL, _TR, _TC, _T, _TAB, _BR, _CR = (
    W + "p", W + "tbl", W + "tr", W + "tc", W + "t", W + "tab", W + "br", W + "cr"
)
_SDT, _SDT_CONTENT, _BODY = W + "sdt", W + "sdtContent", W + "body"
_TEXT_TAGS = frozenset({_T, _TAB, _BR, _CR})
_PARSER = etree.XMLParser(
    huge_tree=False, resolve_entities=False, no_network=True, collect_ids=False
)

#: Limits on what a DOCX may declare before we read it.
MAX_TOTAL_UNCOMPRESSED = 200 * 1024 * 1024
MAX_MEMBER_UNCOMPRESSED = 100 * 1024 * 1024
MAX_RATIO = 200
MAX_MEMBERS = 5000


def check_zip_safety(zf: zipfile.ZipFile) -> None:
    """Refuse a zip bomb from its central directory, without inflating anything."""
    infos = zf.infolist()
    if len(infos) > MAX_MEMBERS:
        raise UnsafeDocument(f"zip has {len(infos)} members")
    total = 0
    for info in infos:
        total += info.file_size
        if info.file_size > MAX_MEMBER_UNCOMPRESSED:
            raise UnsafeDocument(
                f"zip member {info.filename} declares {info.file_size} bytes uncompressed"
            )
        ratio = info.file_size / max(info.compress_size, 1)
        if ratio > MAX_RATIO and info.file_size > 1024 * 1024:
            raise UnsafeDocument(
                f"zip member {info.filename} compresses {ratio:.0f}:1 (zip bomb?)"
            )
    if total > MAX_TOTAL_UNCOMPRESSED:
        raise UnsafeDocument(f"zip declares {total} bytes uncompressed in all")


def _read_member(zf: zipfile.ZipFile, name: str) -> bytes:
    info = zf.getinfo(name)
    with zf.open(info) as fh:
        # Never trust the declared size alone: read at most a little more than it.
        data = fh.read(info.file_size + 1)
    if len(data) > info.file_size:
        raise UnsafeDocument(f"zip member {name} is larger than it declares")
    return data


def _paragraph_text(p: etree._Element) -> str:
    parts: list[str] = []
    for el in p.iter(_T, _TAB, _BR, _CR):
        if el.tag == _T:
            if el.text:
                parts.append(el.text)
        else:
            parts.append(" ")
    return "".join(parts)


def _cell_text(tc: etree._Element) -> str:
    # (" ".join(s.split()) folds whitespace as _WS.sub(" ", s).strip() would: str.split()
    # splits at the characters \s matches; it is faster.)
    return " ".join(" ".join([_paragraph_text(p) for p in tc.iter(_P)]).split())


def _walk(parent: etree._Element, doc: Document) -> None:
    for el in parent:
        tag = el.tag
        if tag == _P:
            text = " ".join(_paragraph_text(el).split())
            if text:
                doc.lines.append(Line([text]))
        elif tag == _TBL:
            for tr in el.iter(_TR):
                doc.add([_cell_text(tc) for tc in tr if tc.tag == _TC])
        elif tag in (_SDT, _SDT_CONTENT):
            _walk(el, doc)


def read_docx(data: bytes) -> Document:
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise CorruptDocument(f"not a readable zip: {exc}") from exc
    with zf:
        check_zip_safety(zf)
        names = set(zf.namelist())
        if "word/document.xml" not in names:
            raise UnsupportedFormat(
                "a zip archive that is not a Word document (no word/document.xml)"
            )
        try:
            xml = _read_member(zf, "word/document.xml")
        except (zipfile.BadZipFile, OSError, EOFError, ValueError) as exc:
            raise CorruptDocument(f"damaged DOCX: {exc}") from exc
    try:
        root = etree.fromstring(xml, parser=_PARSER)
    except etree.XMLSyntaxError as exc:
        raise CorruptDocument(f"damaged DOCX body: {exc}") from exc
    doc = Document(format="docx")
    body = root.find(_BODY)
    _walk(body if body is not None else root, doc)
    return doc
