"""The ``nianbao`` group: global options, logging, and turning errors into one line."""

from __future__ import annotations

import errno
import logging
import sys
from typing import Any

import click
from sqlalchemy.exc import OperationalError

from .. import __version__
from ..config import load_settings
from ..db import busy_timeout
from ..errors import DatabaseBusy, NianbaoError
from .admin import init
from .alerts import alerts
from .bodies import bodies
from .context import AppContext
from .coverage import continuity, missing_, overdue_
from .export import export, import_warc_
from .extract_cmd import extract
from .findings import findings, show
from .maintenance import backup, fsck, restore
from .regions import regions
from .reports import reports, runs
from .schedule import schedule, scheduler
from .sources import sources
from .users import users
from .versions import diff, reextract, revisions


class NianbaoGroup(click.Group):
    """Prints a ``NianbaoError`` as ``error: <message>`` and exits with its status.

    The environment's own failures (a database locked past the busy timeout, a full or
    read-only disk) are one line too; docs/errors.md lists every line and what to do.
    """

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except NianbaoError as exc:
            _fail(str(exc), exc.exit_code)
        except OperationalError as exc:
            first = (str(exc.orig or exc).strip().splitlines() or ["database error"])[0]
            if "locked" in first:
                _fail(
                    f"the archive database stayed locked by another process for over "
                    f"{busy_timeout():g} s; nothing was changed: retry when it is done",
                    DatabaseBusy.exit_code,
                )
            if "disk" in first or "full" in first:
                _fail(
                    f"the archive's disk refused a write ({first}); nothing more was "
                    "written: free space, then retry (a crawl: nianbao crawl --resume)",
                    74,
                )
            _fail(f"database: {first}", 69)
        except OSError as exc:
            if exc.errno not in _DISK_ERRORS:
                raise
            _fail(f"{exc.strerror} ({exc.filename or 'data folder'}); nothing more was written", 74)


_DISK_ERRORS = {errno.ENOSPC, errno.EROFS, errno.EACCES, errno.EDQUOT, errno.EFBIG}


def _fail(message: str, status: int) -> None:
    click.echo(f"error: {message}", err=True)
    sys.exit(status)


@click.group(cls=NianbaoGroup)
@click.option(
    "--db",
    envvar="NIANBAO_DB",
    metavar="URL",
    help="SQLAlchemy URL of the archive [env NIANBAO_DB; default sqlite in NIANBAO_DATA].",
)
@click.option("-v", "--verbose", count=True, help="More log output (-vv for debug).")
@click.option("-q", "--quiet", is_flag=True, help="Only errors.")
@click.version_option(__version__, prog_name="nianbao")
@click.pass_context
def cli(ctx: click.Context, db: str | None, verbose: int, quiet: bool) -> None:
    """nianbao: crawl, archive and check government information-disclosure annual reports."""
    levels = (logging.WARNING, logging.INFO, logging.DEBUG)
    level = logging.ERROR if quiet else levels[min(verbose, 2)]
    logging.basicConfig(level=level, format="%(levelname)s %(name)s: %(message)s")
    for handler in logging.getLogger().handlers:  # libraries may reopen the root logger
        handler.setLevel(level)
    if verbose < 2:
        logging.getLogger("alembic").setLevel(logging.WARNING)
    ctx.obj = AppContext(settings=load_settings(db), verbosity=-1 if quiet else verbose)


cli.add_command(init)
cli.add_command(sources)
cli.add_command(regions)
cli.add_command(bodies)
cli.add_command(reports)
cli.add_command(runs)
cli.add_command(diff)
cli.add_command(revisions)
cli.add_command(reextract)
cli.add_command(extract)
cli.add_command(missing_)
cli.add_command(overdue_)
cli.add_command(continuity)
cli.add_command(alerts)
cli.add_command(schedule)
cli.add_command(scheduler)
cli.add_command(fsck)
cli.add_command(backup)
cli.add_command(restore)
cli.add_command(export)
cli.add_command(import_warc_)
cli.add_command(findings)
cli.add_command(show)
cli.add_command(users)
