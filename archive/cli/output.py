"""Printing rows: one ``--json``/``--csv`` pair for every command that prints rows.

With ``--json`` stdout gets one JSON array and nothing else; with ``--csv`` one CSV table
(every key of the rows a column, nested values as JSON); without either, a rich table in
which levels, statuses and kinds read in Chinese and times in China time (JSON and CSV
keep the stored English values and UTC times).
"""

from __future__ import annotations

import csv
import json
import re
import sys
from collections.abc import Callable, Sequence
from datetime import date, datetime
from typing import Any, TypeVar

import click
from rich.console import Console
from rich.table import Table

from ..words import china_time, zh

F = TypeVar("F", bound=Callable[..., Any])
CSV_FLAG = "nianbao.csv"
# columns whose values are vocabulary words, shown in Chinese in tables
WORD_COLUMNS = frozenset({"level", "status", "kind", "severity", "health", "outcome"})
_ISO_TIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?([+-]\d{2}:\d{2}|Z)$")


def _remember_csv(ctx: click.Context, _param: click.Parameter, value: bool) -> bool:
    ctx.meta[CSV_FLAG] = value
    return value


def json_option(func: F) -> F:
    """``--json``, passed as ``as_json``: for commands that print one object."""
    return click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")(func)


def rows_option(func: F) -> F:
    """``--json`` (passed as ``as_json``) and ``--csv`` (read by ``print_rows``): for
    every command that prints rows."""
    func = click.option(
        "--csv",
        "as_csv",
        is_flag=True,
        expose_value=False,
        callback=_remember_csv,
        help="Print the rows as CSV (every field a column).",
    )(func)
    return click.option("--json", "as_json", is_flag=True, help="Print one JSON array.")(func)


def _default(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    raise TypeError(f"not JSON serialisable: {value!r}")


def dumps(value: Any, *, indent: int | None = 2) -> str:
    return json.dumps(value, ensure_ascii=False, indent=indent, default=_default)


def csv_wanted() -> bool:
    ctx = click.get_current_context(silent=True)
    return bool(ctx and ctx.meta.get(CSV_FLAG))


def write_csv(rows: Sequence[dict[str, Any]], columns: Sequence[str] = ()) -> None:
    """Rows as CSV on stdout: ``columns`` first, then any other key the rows have."""
    names = list(dict.fromkeys([*columns, *(k for row in rows for k in row)]))
    writer = csv.writer(sys.stdout, lineterminator="\n")
    writer.writerow(names)
    for row in rows:
        writer.writerow([_csv_value(row.get(n)) for n in names])


def _csv_value(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, dict | list):
        return dumps(value, indent=None)
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def table_value(column: str, value: Any) -> str:
    """How a table shows one value: Chinese words, China time."""
    if value is None:
        return ""
    if column in WORD_COLUMNS and isinstance(value, str):
        return zh(value)
    if isinstance(value, datetime):
        return china_time(value)
    if isinstance(value, str) and _ISO_TIME.match(value):
        return china_time(value)
    return str(value)


def print_rows(
    rows: Sequence[dict[str, Any]],
    as_json: bool,
    columns: Sequence[str],
    title: str | None = None,
) -> None:
    """Rows as JSON, as CSV (``--csv``), or as a table of the named columns."""
    if as_json:
        click.echo(dumps(list(rows)))
        return
    if csv_wanted():
        write_csv(rows, columns)
        return
    table = Table(title=title, title_justify="left")
    for name in columns:
        table.add_column(name, overflow="fold")
    for row in rows:
        table.add_row(*(table_value(c, row.get(c)) for c in columns))
    Console().print(table)
    click.echo(f"{len(rows)} row{'s' if len(rows) != 1 else ''}", err=True)
