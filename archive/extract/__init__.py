"""Extracting the figures of a 政府信息公开工作年度报告 from its document.

``extract_report(data)`` takes the bytes of an HTML page, PDF, DOCX, DOC/WPS or
text file and returns the report as a dict in the shape of
``docs/report-schema.md``; failures raise one :class:`ExtractError`
subclass per kind.
"""

from .errors import (
    EXIT_STATUS,
    ConversionFailed,
    CorruptDocument,
    EmptyDocument,
    EncryptedDocument,
    ExtractError,
    NeedsOCR,
    NotAReport,
    UnsafeDocument,
    UnsupportedFormat,
)
from .report import EXTRACTOR_VERSION, extract_report

__all__ = [
    "EXIT_STATUS",
    "EXTRACTOR_VERSION",
    "ConversionFailed",
    "CorruptDocument",
    "EmptyDocument",
    "EncryptedDocument",
    "ExtractError",
    "NeedsOCR",
    "NotAReport",
    "UnsafeDocument",
    "UnsupportedFormat",
    "extract_report",
]
