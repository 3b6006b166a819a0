"""Bad input fails with one distinct error kind each, never with empty figures."""

from __future__ import annotations

import io
import zipfile

import pytest

from archive.extract import (
    ConversionFailed,
    CorruptDocument,
    EmptyDocument,
    EncryptedDocument,
    ExtractError,
    NeedsOCR,
    NotAReport,
    UnsafeDocument,
    UnsupportedFormat,
    extract_report,
)
from archive.extract.errors import EXIT_STATUS

from .helpers import CORPUS, REAL_PDF


def test_every_kind_has_its_own_exit_status() -> None:
    kinds = [cls.kind for cls in (EmptyDocument, CorruptDocument, EncryptedDocument,
                                  UnsafeDocument, ConversionFailed, NotAReport,
                                  UnsupportedFormat, NeedsOCR)]
    assert sorted(kinds) == sorted(EXIT_STATUS)
    assert len(set(EXIT_STATUS.values())) == len(kinds)
    assert not set(EXIT_STATUS.values()) & {0, 1, 2}


@pytest.mark.parametrize("data", [b"", b"   \n\t "])
def test_empty(data: bytes) -> None:
    with pytest.raises(EmptyDocument):
        extract_report(data)


def test_truncated_pdf_is_corrupt() -> None:
    data = REAL_PDF.read_bytes()
    with pytest.raises(CorruptDocument):
        extract_report(data[: len(data) // 3])


def test_pdf_with_a_password_is_encrypted() -> None:
    pypdf = pytest.importorskip("pypdf")
    writer = pypdf.PdfWriter(clone_from=io.BytesIO(REAL_PDF.read_bytes()))
    writer.encrypt("user-secret", "owner-secret")
    buf = io.BytesIO()
    writer.write(buf)
    with pytest.raises(EncryptedDocument):
        extract_report(buf.getvalue())


def test_scanned_pdf_needs_ocr() -> None:
    image = pytest.importorskip("PIL.Image")
    buf = io.BytesIO()
    image.new("RGB", (600, 800), "white").save(buf, "PDF")
    with pytest.raises(NeedsOCR):
        extract_report(buf.getvalue())


def _zip(members: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return buf.getvalue()


def test_docx_zip_bomb_is_refused_before_inflating() -> None:
    bomb = _zip({"[Content_Types].xml": b"<Types/>", "word/document.xml": b" " * (120 << 20)})
    assert len(bomb) < 1 << 20
    with pytest.raises(UnsafeDocument):
        extract_report(bomb)


def test_a_zip_that_is_not_a_zip_is_corrupt() -> None:
    with pytest.raises(CorruptDocument):
        extract_report(b"PK\x03\x04" + b"\x00garbage" * 100)


def test_a_zip_without_a_word_document_is_unsupported() -> None:
    with pytest.raises(UnsupportedFormat):
        extract_report(_zip({"xl/workbook.xml": b"<workbook/>"}))


def test_unknown_binary_is_unsupported() -> None:
    with pytest.raises(UnsupportedFormat):
        extract_report(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))


def test_ole_file_with_a_damaged_header_is_corrupt() -> None:
    with pytest.raises(CorruptDocument):
        extract_report(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x07" * 4096)


@pytest.mark.parametrize(
    "page",
    [
        # a news page whose title mentions 年度 but has no template tables
        "<html><head><title>我县召开2023年度政府信息公开工作年度报告编制会议</title></head><body>"
        "<h1>我县召开2023年度政府信息公开工作年度报告编制会议</h1><p>会议要求……</p></body></html>",
        "<html><body><table><tr><td>项目</td><td>金额</td></tr>"
        "<tr><td>一般公共预算收入</td><td>1234</td></tr></table></body></html>",
    ],
)
def test_pages_without_the_template_are_not_reports(page: str) -> None:
    with pytest.raises(NotAReport):
        extract_report(page.encode("utf-8"))


def test_errors_carry_a_kind_and_one_line() -> None:
    with pytest.raises(ExtractError) as info:
        extract_report(b"")
    assert info.value.kind == "empty"
    assert "\n" not in info.value.message


@pytest.mark.slow
def test_legacy_doc_is_converted_by_libreoffice() -> None:
    doc = next(CORPUS.glob("doc_2021_*.doc"), None)
    if doc is None:
        pytest.skip("no DOC fixture in the corpus")
    report = extract_report(doc.read_bytes())
    assert report["applications"]


@pytest.mark.slow
def test_conversion_that_runs_out_of_time_fails_cleanly() -> None:
    doc = next(CORPUS.glob("doc_2021_*.doc"), None)
    if doc is None:
        pytest.skip("no DOC fixture in the corpus")
    with pytest.raises(ConversionFailed, match="within"):
        extract_report(doc.read_bytes(), conversion_timeout=0.2)
