"""Printing rows: one ``--json`` option for every command that prints rows.

With ``--json`` stdout gets one JSON array and nothing else; without it, a rich table.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from datetime import date, datetime
from typing import Any, TypeVar

import click
from rich.console import Console
from rich.table import Table

F = TypeVar("F", bound=Callable[..., Any])


def json_option(func: F) -> F:
    return click.option("--json", "as_json", is_flag=True, help="Print one JSON array.")(func)


def _default(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    raise TypeError(f"not JSON serialisable: {value!r}")


def dumps(value: Any, *, indent: int | None = 2) -> str:
    return json.dumps(value, ensure_ascii=False, indent=indent, default=_default)


def print_rows(
    rows: Sequence[dict[str, Any]],
    as_json: bool,
    columns: Sequence[str],
    title: str | None = None,
) -> None:
    """Rows as JSON, or as a table of the named columns."""
    if as_json:
        click.echo(dumps(list(rows)))
        return
    table = Table(title=title, title_justify="left")
    for name in columns:
        table.add_column(name, overflow="fold")
    for row in rows:
        table.add_row(*("" if row.get(c) is None else str(row.get(c)) for c in columns))
    Console().print(table)
    click.echo(f"{len(rows)} row{'s' if len(rows) != 1 else ''}", err=True)
