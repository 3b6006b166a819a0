"""``nianbao findings`` (what the checks and crawls found) and ``nianbao show`` (an
archived body, as fetched)."""

from __future__ import annotations

import sys
from pathlib import Path

import click
from sqlalchemy import or_, select

from ..blobstore import BlobStore
from ..errors import InputError
from ..models import Capture
from ..queries import finding_kinds, finding_rows
from ..revisits import with_inherited
from ..words import china_time, zh
from .context import AppContext, pass_app
from .output import csv_wanted, print_rows, rows_option


@click.command()
@click.option("--kind", metavar="KIND", help="Only this kind (e.g. check_failed, continuity).")
@click.option("--limit", type=int, help="At most this many, newest first.")
@click.option("--kinds", "list_kinds", is_flag=True, help="List the kinds and their counts.")
@rows_option
@pass_app
def findings(
    app: AppContext, kind: str | None, limit: int | None, list_kinds: bool, as_json: bool
) -> None:
    """List findings, newest first: failed checks, continuity breaks, revisions, moved
    claimed dates, broken sources, documents that are not reports."""
    with app.session() as session:
        if list_kinds:
            rows = [{"kind": k, "name": zh(k), "count": n} for k, n in finding_kinds(session)]
            if not as_json and not csv_wanted():  # the table names the --kind value too
                rows = [{"name": r["name"], "--kind": r["kind"], "count": r["count"]} for r in rows]
            print_rows(rows, as_json, list(rows[0]) if rows else ["kind"], "finding kinds")
            return
        known = {k for k, _ in finding_kinds(session)}
        if kind and kind not in known:
            raise InputError(
                f"--kind {kind!r}: the archive has no such findings"
                f" (kinds: {', '.join(sorted(known)) or 'none'})"
            )
        rows = finding_rows(session, kind, limit=limit)
    print_rows(
        rows,
        as_json,
        ["id", "kind", "severity", "body", "year", "message", "created_at"],
        "findings",
    )


@click.command()
@click.argument("capture")
@click.option(
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Save the bytes to this file [default: stdout].",
)
@pass_app
def show(app: AppContext, capture: str, output: Path | None) -> None:
    """Print or save an archived body exactly as fetched, by capture id or URL (the
    newest capture of that URL). Its URL, time, status and sha256 go to stderr."""
    with app.session() as session:
        if capture.isdigit():
            found = session.get(Capture, int(capture))
        else:
            found = session.scalar(
                select(Capture)
                .where(
                    or_(Capture.final_url == capture, Capture.requested_url == capture),
                    Capture.blob_sha256.is_not(None),
                )
                .order_by(Capture.fetched_at.desc(), Capture.id.desc())
                .limit(1)
            )
        if found is None:
            raise InputError(f"no archived capture {capture}")
        found = with_inherited(session, found)
        if found.blob_sha256 is None:
            raise InputError(f"capture {found.id} kept no body ({found.outcome.value})")
        data = BlobStore(app.settings.blob_dir).get(found.blob_sha256)
    click.echo(
        f"capture {found.id}: {found.final_url}  {china_time(found.fetched_at)} (China time)  "
        f"HTTP {found.status or '-'}  {found.content_type or ''}  sha256 {found.blob_sha256}"
        + (f"  (unchanged since capture {found.revisit_of})" if found.revisit_of else ""),
        err=True,
    )
    if output:
        try:
            output.write_bytes(data)
        except OSError as exc:
            raise InputError(f"{output}: {exc.strerror}") from None
        click.echo(f"{len(data)} bytes saved to {output}", err=True)
        return
    if sys.stdout.isatty() and b"\0" in data[:4096]:
        raise InputError(f"capture {found.id} is binary: give --output FILE or pipe it")
    sys.stdout.buffer.write(data)
    sys.stdout.flush()
