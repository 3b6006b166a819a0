"""Writing report-version rows as CSV, JSON lines, Excel or Parquet, and the data
dictionary (path, Chinese label, unit, template) beside them."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable
from typing import IO, Any

from ..errors import InputError
from ..figure_labels import dictionary

FORMATS = ("csv", "jsonl", "xlsx", "parquet")
TEXT_FORMATS = ("csv", "jsonl")
DICTIONARY_COLUMNS = ("path", "label", "unit", "template")
_NUMERIC_BASE = ("report_id", "version", "body_id", "year", "checks_failed")


def dictionary_rows() -> list[dict[str, Any]]:
    return [e.as_dict() for e in dictionary()]


def write_table(rows: Iterable[dict[str, Any]], columns: list[str], fmt: str, out: IO[Any]) -> int:
    """Write ``rows`` (missing keys as empty) to ``out``: text for csv and jsonl,
    bytes for xlsx and parquet. Returns how many rows were written."""
    if fmt == "csv":
        return _csv(rows, columns, out)
    if fmt == "jsonl":
        return _jsonl(rows, columns, out)
    if fmt == "xlsx":
        return _xlsx(rows, columns, out)
    if fmt == "parquet":
        return _parquet(rows, columns, out)
    raise InputError(f"--format {fmt!r}: one of {', '.join(FORMATS)}, warc")


def write_dictionary(out: IO[str]) -> None:
    """The data dictionary as CSV (UTF-8)."""
    writer = csv.DictWriter(out, DICTIONARY_COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(dictionary_rows())


def _csv(rows: Iterable[dict[str, Any]], columns: list[str], out: IO[str]) -> int:
    writer = csv.DictWriter(out, columns, extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    n = 0
    for row in rows:
        writer.writerow(row)
        n += 1
    return n


def _jsonl(rows: Iterable[dict[str, Any]], columns: list[str], out: IO[str]) -> int:
    n = 0
    for row in rows:
        out.write(json.dumps({c: row.get(c) for c in columns}, ensure_ascii=False) + "\n")
        n += 1
    return n


def _xlsx(rows: Iterable[dict[str, Any]], columns: list[str], out: IO[bytes]) -> int:
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet("versions")
    sheet.append(columns)
    n = 0
    for row in rows:
        sheet.append([row.get(c) for c in columns])
        n += 1
    info = book.create_sheet("dictionary")
    info.append(list(DICTIONARY_COLUMNS))
    for entry in dictionary_rows():
        info.append([entry[c] for c in DICTIONARY_COLUMNS])
    buffer = io.BytesIO()
    book.save(buffer)
    out.write(buffer.getvalue())
    return n


def _parquet(rows: Iterable[dict[str, Any]], columns: list[str], out: IO[bytes]) -> int:
    import pyarrow as pa
    import pyarrow.parquet as pq

    fields = []
    for c in columns:
        if c in _NUMERIC_BASE:
            fields.append(pa.field(c, pa.int64()))
        elif "." in c:  # a figure: counts and money alike as float64 (blank is null)
            fields.append(pa.field(c, pa.float64()))
        else:
            fields.append(pa.field(c, pa.string()))
    meta = {b"nianbao.dictionary": json.dumps(dictionary_rows(), ensure_ascii=False).encode()}
    schema = pa.schema(fields, metadata=meta)
    writer = pq.ParquetWriter(out, schema)
    n = 0
    batch: list[dict[str, Any]] = []

    def flush() -> None:
        if batch:
            data = {c: [_cell(r.get(c), c) for r in batch] for c in columns}
            writer.write_table(pa.Table.from_pydict(data, schema=schema))
            batch.clear()

    for row in rows:
        batch.append(row)
        n += 1
        if len(batch) >= 5000:
            flush()
    flush()
    writer.close()
    return n


def _cell(value: Any, column: str) -> Any:
    if "." in column and value is not None and not isinstance(value, int | float):
        return None  # a figure is a number or blank, never text (schema: cell.not_a_number)
    if isinstance(value, bool):
        return int(value)
    return value
