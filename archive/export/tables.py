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
    import xlsxwriter

    buffer = io.BytesIO()
    # constant_memory streams each row to disk as it is written: flat memory at any size
    book = xlsxwriter.Workbook(
        buffer, {"constant_memory": True, "strings_to_numbers": False, "strings_to_urls": False}
    )
    sheet = book.add_worksheet("versions")
    sheet.write_row(0, 0, columns)
    n = 0
    for n, row in enumerate(rows, start=1):
        for col, name in enumerate(columns):
            value = row.get(name)
            if value is not None:
                sheet.write(n, col, value)
    info = book.add_worksheet("dictionary")
    info.write_row(0, 0, DICTIONARY_COLUMNS)
    for i, entry in enumerate(dictionary_rows(), start=1):
        info.write_row(i, 0, [entry[c] for c in DICTIONARY_COLUMNS])
    book.close()
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
        if not batch:
            return
        arrays = []
        for field in schema:
            values = [r.get(field.name) for r in batch]
            try:
                arrays.append(pa.array(values, type=field.type))
            except (pa.ArrowInvalid, pa.ArrowTypeError):  # a stray text cell: blank it
                arrays.append(pa.array([_cell(v, field.name) for v in values], type=field.type))
        writer.write_table(pa.Table.from_arrays(arrays, schema=schema))
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
    if "." not in column and value is not None and not isinstance(value, str | int):
        return str(value)
    return value
