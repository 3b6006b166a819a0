"""Why a document could not be read as an annual report.

Every failure of the extractor is one subclass of :class:`ExtractError`, carrying a
short machine-readable ``kind`` (used in JSON lines and by the crawler) and a one-line
human message.  The CLI maps each kind to its own exit status (``EXIT_STATUS``).
"""

from __future__ import annotations


class ExtractError(Exception):
    """Base class: the document could not be turned into a report."""

    kind: str = "error"

    def __init__(self, message: str) -> None:
        # One line, always: the CLI prints it as is.
        super().__init__(" ".join(str(message).split()))

    @property
    def message(self) -> str:
        return str(self)


class EmptyDocument(ExtractError):
    """The file has no bytes (or only whitespace)."""

    kind = "empty"


class CorruptDocument(ExtractError):
    """A PDF that is truncated or damaged, or a DOCX that is not a readable zip."""

    kind = "corrupt"


class EncryptedDocument(ExtractError):
    """A PDF that needs a password to be read."""

    kind = "encrypted"


class UnsafeDocument(ExtractError):
    """A zip whose declared sizes look like a decompression bomb."""

    kind = "unsafe"


class ConversionFailed(ExtractError):
    """LibreOffice could not convert a legacy DOC/WPS file, or ran out of time."""

    kind = "conversion_failed"


class NotAReport(ExtractError):
    """A readable document without the template's tables: not an annual report."""

    kind = "not_a_report"


class UnsupportedFormat(ExtractError):
    """The bytes are none of HTML, PDF, DOCX, DOC/WPS or plain text."""

    kind = "unsupported"


class NeedsOCR(ExtractError):
    """A PDF without a text layer (a scan): its figures need OCR."""

    kind = "needs_ocr"


#: Exit status of ``nianbao extract`` per error kind (0 is success, 2 is a usage error).
EXIT_STATUS: dict[str, int] = {
    EmptyDocument.kind: 10,
    CorruptDocument.kind: 11,
    EncryptedDocument.kind: 12,
    UnsafeDocument.kind: 13,
    ConversionFailed.kind: 14,
    UnsupportedFormat.kind: 15,
    NeedsOCR.kind: 16,
    NotAReport.kind: 17,
}
