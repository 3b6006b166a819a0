"""``nianbao export`` and ``nianbao import-warc``: the archive out to tables and web
archives, and web archives in."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ..blobstore import BlobStore
from ..errors import InputError
from ..export import FORMATS, export_columns, version_rows, write_dictionary, write_table
from ..export.warc import import_warc, write_warc
from ..models import BodyLevel
from ..overdue import parse_years
from .context import AppContext, pass_app
from .output import dumps


@click.command()
@click.option(
    "--format",
    "fmt",
    type=click.Choice([*FORMATS, "warc"]),
    default="csv",
    show_default=True,
    help="csv, jsonl (one JSON object a line), xlsx, parquet, or warc (the captures).",
)
@click.option(
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="File to write [default: stdout; xlsx, parquet and warc need a file or a pipe].",
)
@click.option("--region", metavar="CODE", help="Only this region and the regions below it.")
@click.option("--years", metavar="YEARS", help="Only these report years: 2019-2024, 2023, …")
@click.option(
    "--level", type=click.Choice([lv.value for lv in BodyLevel]), help="Only bodies of this level."
)
@click.option("--run", "run_id", type=int, metavar="ID", help="With --format warc: this run only.")
@click.option(
    "--dictionary",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Also write the data dictionary (path, Chinese label, unit, template) as CSV here.",
)
@pass_app
def export(
    app: AppContext,
    fmt: str,
    output: Path | None,
    region: str | None,
    years: str | None,
    level: str | None,
    run_id: int | None,
    dictionary: Path | None,
) -> None:
    """Export report versions (one row each, every figure a column named by its path) as
    csv, jsonl, xlsx or parquet, or the captures of a region or run as WARC 1.1.

    xlsx carries the data dictionary as a second sheet, parquet in its metadata
    (``nianbao.dictionary``); --dictionary writes it as CSV for any format.
    """
    wanted = parse_years(years) if years else None
    binary = fmt in ("xlsx", "parquet", "warc")
    if output is None and binary and sys.stdout.isatty():
        raise InputError(f"--format {fmt} writes binary: give --output FILE or pipe it")
    if fmt == "warc" and (years or level):
        raise InputError("--format warc takes --region and --run, not --years or --level")
    # before the output is made: a server database without NIANBAO_DATA leaves no file
    blobs = BlobStore(app.settings.blob_dir) if fmt == "warc" else None
    try:
        sink = (
            (output.open("wb") if binary else output.open("w", encoding="utf-8", newline=""))
            if output
            else None
        )
    except OSError as exc:
        raise InputError(f"{output}: {exc.strerror}") from None
    stream = sink or (sys.stdout.buffer if binary else sys.stdout)
    try:
        with app.session() as session:
            if blobs is not None:
                n = write_warc(session, blobs, stream, region=region, run=run_id)
                what = "captures"
            else:
                rows = version_rows(session, region=region, years=wanted, level=level)
                n = write_table(rows, export_columns(), fmt, stream)
                what = "report versions"
    finally:
        if sink:
            sink.close()
        else:
            stream.flush()
    if dictionary:
        with dictionary.open("w", encoding="utf-8", newline="") as fh:
            write_dictionary(fh)
    click.echo(f"{n} {what} exported" + (f" to {output}" if output else ""), err=True)


@click.command("import-warc")
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print the counts as one JSON object.")
@pass_app
def import_warc_(app: AppContext, files: tuple[Path, ...], as_json: bool) -> None:
    """Seed the archive with the HTTP responses in WARC files (.warc or .warc.gz).

    Each response becomes a capture with its bytes in the blob store (role "imported"),
    viewable with nianbao show and the dashboard; one already held is skipped.
    """
    totals = {"records": 0, "imported": 0, "skipped": 0}
    blobs = BlobStore(app.settings.blob_dir)
    for path in files:
        if not path.is_file():
            raise InputError(f"{path}: no such file")
        with app.session() as session:
            result = import_warc(session, blobs, path)
        for key in totals:
            totals[key] += getattr(result, key)
    if as_json:
        click.echo(dumps(totals))
    else:
        click.echo(
            f"{totals['records']} responses read, {totals['imported']} imported, "
            f"{totals['skipped']} already held"
        )
