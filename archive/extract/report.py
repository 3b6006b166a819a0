"""From bytes to the report dict of ``shared/spec/report-schema.md``.

:func:`extract_report` is pure: bytes in, dict out, no I/O besides a LibreOffice
conversion for legacy Word files.  It detects the format from the bytes, reads
the document into lines, finds the three sections, reads their rows, converts
the cells and computes the checks.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from . import checks, tables
from .detect import BINARY, HTML, OLE, PDF, RTF, TEXT, ZIP, detect_format
from .document import Document, Line
from .docx import read_docx
from .errors import CorruptDocument, NotAReport, UnsupportedFormat
from .html import read_html
from .labels import (
    ACTIVE_ANCHOR,
    ACTIVE_ROWS,
    APPEAL_FIELDS,
    APPEAL_GROUPS,
    APPEALS_ANCHOR,
    APPLICATION_ROWS,
    APPLICATIONS_ANCHOR,
    OVERVIEW,
    SECTION_ACTIVE,
    SECTION_AFTER,
    SECTION_APPEALS,
    SECTION_APPLICATIONS,
    TEMPLATE_2019,
    TEMPLATE_2021,
    compact,
    fold,
)
from .ladder import decide_year
from .legacy import read_legacy
from .meta import DOCUMENT_BODY_RUNGS, DocumentEvidence, document_evidence
from .numbers import CellKind, classify, money_unit, to_number, to_wanyuan
from .pdf import read_pdf
from .text import read_text

#: Bump when the same bytes may extract differently.
EXTRACTOR_VERSION = "1.0.0"
SCHEMA = 1


def read_document(data: bytes, *, conversion_timeout: float | None = None) -> Document:
    """The document's lines, whatever its format."""
    fmt = detect_format(data)
    if fmt == PDF:
        return read_pdf(data)
    if fmt == ZIP:
        return read_docx(data)
    if fmt == OLE:
        return read_legacy(data, ".doc", conversion_timeout)
    if fmt == RTF:
        return read_legacy(data, ".rtf", conversion_timeout)
    if fmt == HTML:
        return read_html(data)
    if fmt == TEXT:
        return read_text(data)
    if fmt == BINARY:
        raise UnsupportedFormat("unknown binary format (not HTML, PDF, DOCX, DOC/WPS or text)")
    raise UnsupportedFormat(f"unsupported format {fmt}")  # pragma: no cover


def _find(folded: Sequence[str], pattern: re.Pattern[str], start: int = 0) -> int | None:
    for i in range(start, len(folded)):
        if pattern.search(folded[i]):
            return i
    return None


def _sections(folded: Sequence[str]) -> dict[str, tuple[int, int] | None]:
    """Line ranges of sections 二, 三 and 四 (None when missing), and where 一 starts,
    from the compacted text of each line."""
    end = len(folded)
    active = _find(folded, SECTION_ACTIVE)
    if active is None:
        active = _find(folded, ACTIVE_ANCHOR)
    apps = _find(folded, SECTION_APPLICATIONS, active or 0)
    if apps is None:
        apps = _find(folded, APPLICATIONS_ANCHOR, active or 0)
    appeals_from = apps if apps is not None else (active or 0)
    appeals = _find(folded, SECTION_APPEALS, appeals_from)
    if appeals is None:
        appeals = _find(folded, APPEALS_ANCHOR, appeals_from)
    after = _find(folded, SECTION_AFTER, appeals if appeals is not None else appeals_from)
    if after is None:
        after = end

    def span(start: int | None, *nexts: int | None) -> tuple[int, int] | None:
        if start is None:
            return None
        stop = min([n for n in nexts if n is not None and n > start] or [end])
        return (start, stop)

    overview = _find(folded[: active or end], OVERVIEW)
    first = min(i for i in (overview, active, apps, appeals, end) if i is not None)
    return {
        "active": span(active, apps, appeals, after),
        "applications": span(apps, appeals, after),
        "appeals": span(appeals, after),
        "head": (0, first),
    }


def _template(folded: Sequence[str]) -> str:
    text = "".join(folded)
    n2021 = len(TEMPLATE_2021.findall(text))
    n2019 = len(TEMPLATE_2019.findall(text))
    return "2019" if n2019 > n2021 else "2021"


class _Cells:
    """Turns cell text into JSON values, noting text where a number belongs."""

    def __init__(self) -> None:
        self.findings: list[dict[str, Any]] = []

    def value(self, text: str, where: tuple[str, str, str], money: bool = False,
              unit: str | None = None) -> Any:
        """The value of a cell at ``where`` = (section, row, field)."""
        if not money:
            if not text:
                return None
            if text.isdigit() and text.isascii():
                return int(text)
        kind = classify(text)
        if kind is CellKind.NUMBER:
            return to_wanyuan(text, unit) if money else to_number(text)
        if kind is not CellKind.EMPTY:
            self.findings.append(checks.not_a_number(".".join(where), text))
        return None


def _active(lines: Sequence[Line], template: str, cells: _Cells) -> dict[str, Any]:
    out: dict[str, Any] = {}
    rows = tables.read_active(lines, template)
    for spec in ACTIVE_ROWS[template]:
        if spec.key not in rows:
            continue
        values, label = rows[spec.key]
        unit = money_unit(label)
        out[spec.key] = {
            name: cells.value(text, ("active", spec.key, name), name in spec.money, unit)
            for name, text in zip(spec.fields, values, strict=True)
        }
    return out


def _applications(lines: Sequence[Line], template: str, cells: _Cells) -> dict[str, Any]:
    out: dict[str, Any] = {}
    rows = tables.read_applications(lines, template)
    value = cells.value
    for spec in APPLICATION_ROWS[template]:
        if spec.key in rows:
            values, _label = rows[spec.key]
            # Most cells are plain counts: read those here, the rest in _Cells.value.
            out[spec.key] = {
                col: int(text) if text.isdigit() and text.isascii()
                else value(text, ("applications", spec.key, col))
                for col, text in zip(spec.fields, values, strict=True)
            }
    return out


def _appeals(lines: Sequence[Line], cells: _Cells) -> dict[str, Any]:
    values = tables.read_appeals(lines)
    if values is None:
        return {}
    out: dict[str, Any] = {}
    it = iter(values)
    for group in APPEAL_GROUPS:
        out[group] = {f: cells.value(next(it), ("appeals", group, f)) for f in APPEAL_FIELDS}
    return out


def report_from_document(doc: Document) -> dict[str, Any]:
    return analyse_document(doc)[0]


def analyse_document(doc: Document) -> tuple[dict[str, Any], DocumentEvidence]:
    """The report dict, and the evidence its ``year`` and ``body`` were read from."""
    lines = doc.lines
    texts = [compact("".join(line.cells)) for line in lines]
    spans = _sections(texts)
    if spans["active"] is None and spans["applications"] is None:
        raise NotAReport("no 主动公开 or 依申请公开 tables: not an annual report")
    lo = min(s[0] for s in (spans["active"], spans["applications"]) if s)
    hi = max(s[1] for s in (spans["active"], spans["applications"], spans["appeals"]) if s)
    template = _template(texts[lo:hi])
    cells = _Cells()
    active = _active(lines[slice(*spans["active"])], template, cells) if spans["active"] else {}
    apps = (
        _applications(lines[slice(*spans["applications"])], template, cells)
        if spans["applications"]
        else {}
    )
    appeals = _appeals(lines[slice(*spans["appeals"])], cells) if spans["appeals"] else {}
    if not active and not apps:
        raise NotAReport("the template's tables hold no rows: not an annual report")
    head = spans["head"][1]
    evidence = document_evidence([fold(t) for t in texts[:head]], doc.title, texts)
    body = next((evidence.bodies[r] for r in DOCUMENT_BODY_RUNGS if r in evidence.bodies), None)
    found = checks.application_checks(apps) + checks.appeal_checks(appeals) + cells.findings
    report = {
        "schema": SCHEMA,
        "template": template,
        "year": decide_year(evidence.years).year,
        "body": body,
        "active": active,
        "applications": apps,
        "appeals": appeals,
        "checks": found,
    }
    return report, evidence


def extract_report(data: bytes, *, conversion_timeout: float | None = None) -> dict[str, Any]:
    """The report in ``data`` (any supported format) as a schema dict.

    Raises a subclass of :class:`~archive.extract.errors.ExtractError`.
    """
    if not isinstance(data, bytes | bytearray | memoryview):
        raise TypeError("extract_report takes bytes")
    data = bytes(data)
    try:
        doc = read_document(data, conversion_timeout=conversion_timeout)
    except RecursionError as exc:
        raise CorruptDocument("the document nests too deeply to read") from exc
    return report_from_document(doc)
