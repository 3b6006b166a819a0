"""``nianbao fsck``, ``backup``, ``restore``: the archive checks and copies itself."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ..backup import backup as run_backup
from ..backup import restore as run_restore
from ..blobstore import BlobStore
from ..db import require_head
from ..fsck import check_archive, repair
from .context import AppContext, pass_app
from .output import dumps, json_option

EXIT_DAMAGED = 74  # EX_IOERR, as for any unreadable blob


@click.command()
@click.option(
    "--repair",
    "repair_",
    is_flag=True,
    help="Move damaged blobs into <data>/quarantine/ (never deleted) so nothing trusts them.",
)
@json_option
@pass_app
def fsck(app: AppContext, repair_: bool, as_json: bool) -> None:
    """Verify every blob against its sha256 and every capture against its blob.

    Exit 0 when the archive is sound (blobs an earlier --repair quarantined are listed,
    a known loss), 74 when new damage is found (listed; with --repair, also
    quarantined: a re-crawl then fetches those bodies afresh).
    """
    store = BlobStore(app.settings.blob_dir)
    quarantine = app.settings.data_dir / "quarantine"
    with app.session() as session:
        result = check_archive(session, store, quarantine=quarantine)
    if repair_ and result.damaged:
        repair(result, store, quarantine)
    if as_json:
        click.echo(dumps(result.as_dict()))
    else:
        click.echo(
            f"{result.blobs} blobs checked: {len(result.missing)} missing, "
            f"{len(result.corrupt)} corrupt, {len(result.size_mismatch)} of the wrong size, "
            f"{len(result.unreferenced)} not named by the database"
        )
        for sha in result.missing:
            known = " (quarantined by an earlier repair)" if sha in result.known_lost else ""
            click.echo(f"  missing  {sha}{known}")
        for c in result.corrupt:
            click.echo(f"  corrupt  {c['sha256']}: {c['why']}")
        for s in result.size_mismatch:
            click.echo(f"  size     {s['sha256']}: {s['found']} bytes, database says {s['size']}")
        if result.captures_damaged or result.captures_unknown_blob:
            click.echo(
                f"{len(result.captures_damaged)} capture(s) and {len(result.versions_damaged)} "
                f"report version(s) rest on damaged blobs; {len(result.captures_unknown_blob)} "
                "capture(s) name a blob the database does not know"
            )
        if result.quarantined:
            click.echo(
                f"quarantined {len(result.quarantined)} blob(s) in "
                f"{app.settings.data_dir / 'quarantine'}: crawl again to fetch them afresh"
            )
    if not result.clean:
        sys.exit(EXIT_DAMAGED)


@click.command()
@click.argument("dest", type=click.Path(file_okay=False, path_type=Path))
@pass_app
def backup(app: AppContext, dest: Path) -> None:
    """Copy the archive (database snapshot and blob store) into the new folder DEST.

    SQLite through its online backup API (safe beside a running crawl), PostgreSQL
    through pg_dump; the blobs after the database, so every blob it names is copied.
    """
    require_head(app.settings.db_url).dispose()
    result = run_backup(app.settings, dest)
    click.echo(
        f"backed up the {result.backend} archive and {result.blobs} blobs "
        f"({result.bytes} bytes) into {dest}"
    )


@click.command()
@click.argument("src", type=click.Path(file_okay=False, exists=True, path_type=Path))
@pass_app
def restore(app: AppContext, src: Path) -> None:
    """Restore a backup made by nianbao backup into this (fresh) data folder / database,
    then verify it as fsck does (exit 74 if a blob is damaged)."""
    result = run_restore(app.settings, src)
    engine = require_head(app.settings.db_url)
    engine.dispose()
    with app.session() as session:
        check = check_archive(session, BlobStore(app.settings.blob_dir))
    click.echo(
        f"restored the {result.backend} archive and {result.blobs} blobs into "
        f"{app.settings.data_dir}; {check.blobs} blobs verified"
    )
    if not check.clean:
        click.echo(f"error: {len(check.damaged)} blob(s) damaged: run nianbao fsck", err=True)
        sys.exit(EXIT_DAMAGED)
