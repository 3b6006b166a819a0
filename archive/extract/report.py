"""From bytes to the report dict of ``docs/report-schema.md``.

:func:`extract_report` is pure: bytes in, dict out, no I/O besides a LibreOffice
conversion for legacy Word files.  It detects the format from the bytes, reads
the document into lines, finds the three sections, reads their rows, converts
the cells and computes the checks.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence
from typing import Any

from . import checks, ocr, solve, tables
from .detect import BINARY, HTML, OLE, PDF, RTF, TEXT, ZIP, detect_format
from .document import Document, Line
from .docx import read_docx
from .errors import CorruptDocument, NeedsOCR, NotAReport, UnsupportedFormat
from .html import read_html
from .labels import (
    ACTIVE_ANCHOR,
    ACTIVE_ROWS,
    ANY_SECTION,
    APPEAL_FIELDS,
    APPEAL_GROUPS,
    APPEALS_ANCHOR,
    APPLICANT_COLUMNS,
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
from .numbers import (
    UNSURE,
    CellKind,
    classify,
    money_unit,
    normalize,
    to_number,
    to_wanyuan,
)
from .pdf import read_pdf
from .text import PAGE_MARKER, read_text

#: Bump when the same bytes may extract differently.
EXTRACTOR_VERSION = "1.2.0"
SCHEMA = 1


def read_document(data: bytes, *, conversion_timeout: float | None = None) -> Document:
    """The document's lines, whatever its format."""
    fmt = detect_format(data)
    if fmt == PDF:
        try:
            return read_pdf(data)
        except NeedsOCR:
            if not ocr.available():
                raise
            return ocr.read_scan(data)
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


class _Joined:
    """Compacted lines as one newline-joined string, so that a pattern scans a page's
    hundreds of lines (most of them portal chrome) in one C call, not one each.

    Only for patterns that cannot match across a newline (no ``\\s``, no negated
    class): ``^`` and ``$`` are made to match at each line's ends."""

    def __init__(self, texts: Sequence[str]) -> None:
        self.text = "\n".join(texts)
        self.starts = [0]
        for t in texts:
            self.starts.append(self.starts[-1] + len(t) + 1)
        # a line holding a newline itself would shift every line after it
        self.usable = self.text.count("\n") == max(len(texts) - 1, 0)

    def find(self, pattern: re.Pattern[str], start: int = 0, stop: int | None = None) -> int | None:
        """The first line in ``[start, stop)`` that ``pattern`` matches."""
        stop = len(self.starts) - 1 if stop is None else stop
        if start >= stop:
            return None
        m = _multiline(pattern).search(self.text, self.starts[start], self.starts[stop] - 1)
        return None if m is None else bisect_right(self.starts, m.start()) - 1


_MULTILINE: dict[re.Pattern[str], re.Pattern[str]] = {}


def _multiline(pattern: re.Pattern[str]) -> re.Pattern[str]:
    found = _MULTILINE.get(pattern)
    if found is None:
        found = _MULTILINE[pattern] = re.compile(pattern.pattern, pattern.flags | re.M)
    return found


def _find(
    folded: Sequence[str],
    pattern: re.Pattern[str],
    start: int = 0,
    stop: int | None = None,
    joined: _Joined | None = None,
) -> int | None:
    """The first line in ``folded[start:stop]`` that ``pattern`` matches."""
    if joined is not None and joined.usable:
        return joined.find(pattern, start, stop)
    for i in range(start, len(folded) if stop is None else stop):
        if pattern.search(folded[i]):
            return i
    return None


#: How a numbered heading can start (``二、`` ``2.`` ``（二）`` ``## 二、``).
_HEADING_START = frozenset("#一二三四五六七八九十0123456789(（")
#: How a page number line can start (``— 3 —``, ``-1-``, ``第2页``, ``2/9``).
_MARKER_START = frozenset("-—－–― 第0123456789０１２３４５６７８９")


def _headings(folded: Sequence[str]) -> list[int]:
    """The lines that may be numbered headings (a cheap test before the patterns)."""
    return [i for i, text in enumerate(folded) if text[:1] in _HEADING_START]


def _all(folded: Sequence[str], pattern: re.Pattern[str], among: list[int]) -> list[int]:
    return [i for i in among if pattern.search(folded[i])]


def _figures(lines: Sequence[Line], lo: int, hi: int) -> int:
    """How many cells in ``lines[lo:hi]`` hold a figure."""
    n = 0
    for line in lines[lo:hi]:
        for cell in line.cells:
            if cell and classify(normalize(cell)) is CellKind.NUMBER:
                n += 1
    return n


def _sections(
    folded: Sequence[str], lines: Sequence[Line]
) -> dict[str, tuple[int, int] | None]:
    """Line ranges of sections 二, 三 and 四 (None when missing), and where 一 starts,
    from the compacted text of each line.

    A heading may occur more than once: the narrative's item and the table's
    heading, or tables renumbered 一、二、三 in an appendix.  Each section is the
    occurrence whose lines hold the most figures (the first on a tie)."""
    end = len(folded)
    among = [i for i in _headings(folded) if ANY_SECTION.search(folded[i])]
    found = {
        "active": _all(folded, SECTION_ACTIVE, among),
        "applications": _all(folded, SECTION_APPLICATIONS, among),
        "appeals": _all(folded, SECTION_APPEALS, among),
        "after": _all(folded, SECTION_AFTER, among),
    }
    marks = sorted({i for starts in found.values() for i in starts})

    def stop(start: int) -> int:
        return next((m for m in marks if m > start), end)

    chosen: dict[str, int | None] = {}
    for kind in ("active", "applications", "appeals"):
        starts = found[kind]
        if len(starts) > 1:
            chosen[kind] = max(starts, key=lambda i: (_figures(lines, i, stop(i)), -i))
        else:
            chosen[kind] = starts[0] if starts else None
    # Without a heading, a section starts at its table's first labels.
    joined = _Joined(folded)
    if chosen["active"] is None:
        chosen["active"] = _find(folded, ACTIVE_ANCHOR, joined=joined)
    if chosen["applications"] is None:
        chosen["applications"] = _find(
            folded, APPLICATIONS_ANCHOR, chosen["active"] or 0, joined=joined
        )
    if chosen["appeals"] is None:
        after = chosen["applications"] if chosen["applications"] is not None else (
            chosen["active"] or 0
        )
        chosen["appeals"] = _find(folded, APPEALS_ANCHOR, after, joined=joined)
    marks = sorted(set(marks) | {i for i in chosen.values() if i is not None})

    def span(start: int | None) -> tuple[int, int] | None:
        return None if start is None else (start, stop(start))

    active = chosen["active"]
    overview = _find(folded, OVERVIEW, 0, active or end, joined)
    first = min(
        i for i in (overview, active, chosen["applications"], chosen["appeals"], end)
        if i is not None
    )
    return {
        "active": span(active),
        "applications": span(chosen["applications"]),
        "appeals": span(chosen["appeals"]),
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
            if not money:
                return to_number(text)
            written = money_unit(text) or unit
            if written and written != "万元":
                self.findings.append(checks.unit_converted(".".join(where), written))
            return to_wanyuan(text, unit)
        if text.startswith(UNSURE):
            self.findings.append(checks.low_confidence(".".join(where), text[1:]))
        elif kind is not CellKind.EMPTY:
            self.findings.append(checks.not_a_number(".".join(where), text))
        return None


def _active(
    lines: Sequence[Line], template: str, cells: _Cells, findings: list[dict[str, Any]],
    text: bool = False, em: float | None = None,
) -> dict[str, Any]:
    out: dict[str, Any] = {}
    rows = tables.read_active(lines, template, text, em)
    for spec in ACTIVE_ROWS[template]:
        if spec.key not in rows:
            continue
        options, label = rows[spec.key]
        values = solve.solve_free(options, spec.fields, f"active.{spec.key}", findings)
        unit = money_unit(label)
        out[spec.key] = {
            name: cells.value(text, ("active", spec.key, name), name in spec.money, unit)
            for name, text in zip(spec.fields, values, strict=True)
        }
    return out


def _applications(
    lines: Sequence[Line], template: str, cells: _Cells, findings: list[dict[str, Any]],
    text: bool = False, em: float | None = None,
) -> dict[str, Any]:
    out: dict[str, Any] = {}
    rows = tables.read_applications(lines, template, text, em)
    solved = solve.solve_applications(
        {key: options for key, (options, _label) in rows.items()}, APPLICANT_COLUMNS, findings
    )
    value = cells.value
    for spec in APPLICATION_ROWS[template]:
        if spec.key in solved:
            # Most cells are plain counts: read those here, the rest in _Cells.value.
            out[spec.key] = {
                col: int(text) if text.isdigit() and text.isascii()
                else value(text, ("applications", spec.key, col))
                for col, text in zip(spec.fields, solved[spec.key], strict=True)
            }
    return out


def _appeals(
    lines: Sequence[Line], cells: _Cells, findings: list[dict[str, Any]], em: float | None,
    text: bool = False,
) -> dict[str, Any]:
    options = tables.read_appeals(lines, em, text)
    if options is None:
        return {}
    values = solve.solve_appeals(options, APPEAL_GROUPS, APPEAL_FIELDS, findings)
    out: dict[str, Any] = {}
    it = iter(values)
    for group in APPEAL_GROUPS:
        out[group] = {f: cells.value(next(it), ("appeals", group, f)) for f in APPEAL_FIELDS}
    return out


def _doubt_misreads(apps: dict[str, Any], appeals: dict[str, Any]) -> list[dict[str, Any]]:
    """Figures OCR may have misread, made null: a figure where a failed row total
    meets a failed column rule (the one cell both rules point at), and every figure
    of a section 四 group that does not add up.  (In a text layer a failed rule is a
    finding about the report; in a scan it may be the engine's misreading.)"""
    out: list[dict[str, Any]] = []
    failed = [c["rule"] for c in checks.application_checks(apps) if not c["ok"]]
    rows = {r.rsplit(".", 1)[1] for r in failed if r.startswith("applications.row_total.")}
    columns = {
        r.rsplit(".", 1)[1] for r in failed
        if r.startswith(("applications.results.", "applications.balance."))
    }
    for row in sorted(rows):
        for column in APPLICANT_COLUMNS:
            if column in columns and apps[row].get(column) is not None:
                out.append(checks.low_confidence(f"applications.{row}.{column}",
                                                 str(apps[row][column])))
                apps[row][column] = None
    for check in checks.appeal_checks(appeals):
        if not check["ok"]:
            group = check["rule"].split(".")[1]
            for field, value in appeals[group].items():
                if value is not None:
                    out.append(checks.low_confidence(f"appeals.{group}.{field}", str(value)))
                    appeals[group][field] = None
    return out


def _section_lines(lines: Sequence[Line], span: tuple[int, int] | None) -> Sequence[Line]:
    return lines[slice(*span)] if span else []


def report_from_document(doc: Document) -> dict[str, Any]:
    return analyse_document(doc)[0]


def _compacted(texts: list[str]) -> list[str]:
    """``compact`` of every line, in one pass over the joined lines when no line holds
    a newline of its own (hundreds of chrome lines make hundreds of calls otherwise)."""
    joined = "\n".join(texts)
    if joined.count("\n") != max(len(texts) - 1, 0):
        return [compact(t) for t in texts]
    return compact(joined).split("\n") if texts else []


def analyse_document(doc: Document) -> tuple[dict[str, Any], DocumentEvidence]:
    """The report dict, and the evidence its ``year`` and ``body`` were read from."""
    # Page numbers a conversion left between the lines (``— 3 —``) are no cells.
    lines = [
        line for line in doc.lines
        if not (len(line.cells) == 1 and line.cells[0][:1] in _MARKER_START
                and len(line.cells[0]) <= 24 and PAGE_MARKER.match(line.cells[0]))
    ]
    texts = _compacted(["".join(line.cells) for line in lines])
    spans = _sections(texts, lines)
    if spans["active"] is None and spans["applications"] is None:
        raise NotAReport("no 主动公开 or 依申请公开 tables: not an annual report")
    lo = min(s[0] for s in (spans["active"], spans["applications"]) if s)
    hi = max(s[1] for s in (spans["active"], spans["applications"], spans["appeals"]) if s)
    template = _template(texts[lo:hi])
    cells = _Cells()
    # Text dumps lose blank cells at the ends of lines; other formats keep their cells.
    text = doc.format == "text"
    unsure: list[dict[str, Any]] = []  # cells left blank: the document does not decide
    active = (
        _active(_section_lines(lines, spans["active"]), template, cells, unsure, text, doc.em)
        if spans["active"] else {}
    )
    apps = (
        _applications(_section_lines(lines, spans["applications"]), template, cells, unsure,
                      text, doc.em)
        if spans["applications"]
        else {}
    )
    appeals = (
        _appeals(_section_lines(lines, spans["appeals"]), cells, unsure, doc.em, text)
        if spans["appeals"] else {}
    )
    if not active and not apps:
        raise NotAReport("the template's tables hold no rows: not an annual report")
    head = spans["head"][1]
    evidence = document_evidence([fold(t) for t in texts[:head]], doc.title, texts)
    body = next((evidence.bodies[r] for r in DOCUMENT_BODY_RUNGS if r in evidence.bodies), None)
    if doc.ocr:
        unsure += _doubt_misreads(apps, appeals)
    found = (
        checks.application_checks(apps) + checks.appeal_checks(appeals) + cells.findings + unsure
    )
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
