"""``nianbao missing``, ``nianbao overdue`` and ``nianbao continuity``: who has not
published, who published late, and whose figures do not carry over between years."""

from __future__ import annotations

from datetime import datetime

import click

from ..continuity import check_all
from ..lookups import note_empty, require_region
from ..overdue import FIRST_YEAR, missing, overdue, parse_years, today_in_china
from .context import AppContext, pass_app
from .output import csv_wanted, print_rows, rows_option, write_csv

YEARS_HELP = "Report years: 2019-2024, 2023, or a comma list of those."


@click.command("missing")
@click.option("--years", metavar="YEARS", help=f"{YEARS_HELP} [default: 2019 to last year]")
@click.option(
    "--region", metavar="CODE", help="Only bodies of this region and the regions below it."
)
@click.option(
    "--with-unknown",
    is_flag=True,
    help="With --json or --csv, also list bodies the crawler could not see (blocked, …).",
)
@rows_option
@pass_app
def missing_(
    app: AppContext, years: str | None, region: str | None, with_unknown: bool, as_json: bool
) -> None:
    """List registered bodies without a report for a year.

    A body whose source was blocked, broken or unreachable in its latest run is unknown,
    not missing: the table shows those separately.
    """
    wanted = parse_years(years) if years else list(range(FIRST_YEAR, today_in_china().year))
    with app.session() as session:
        if region:
            region = require_region(session, region).code
        result = missing(session, wanted, region)
    if not result.missing and not result.unknown:
        note_empty([], f"no registered body{_of(region)} lacks a report for {_span(wanted)}")
    columns = ["body", "body_id", "region", "level", "year"]
    if csv_wanted():
        write_csv(result.missing + (result.unknown if with_unknown else []), [*columns, "status"])
        return
    if as_json:
        print_rows(result.missing + (result.unknown if with_unknown else []), True, columns)
        return
    print_rows(result.missing, False, columns, "missing")
    if result.unknown:
        print_rows(
            result.unknown, False, [*columns, "status"], "unknown (the crawler could not see)"
        )


@click.command("overdue")
@click.option(
    "--as-of",
    "as_of",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    help="Judge every deadline passed by this date (YYYY-MM-DD) with everything archived "
    "now [default: today in China].",
)
@click.option(
    "--as-known-on",
    "known_on",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    help="Answer as the archive would have on this date: reports found later are not seen.",
)
@click.option("--years", metavar="YEARS", help=f"{YEARS_HELP} [default: every year due, from 2019]")
@click.option(
    "--region", metavar="CODE", help="Only bodies of this region and the regions below it."
)
@click.option(
    "--with-unknown",
    is_flag=True,
    help="Also list bodies the crawler could not see (status unknown).",
)
@rows_option
@pass_app
def overdue_(
    app: AppContext,
    as_of: datetime | None,
    known_on: datetime | None,
    years: str | None,
    region: str | None,
    with_unknown: bool,
    as_json: bool,
) -> None:
    """List bodies whose report deadline has passed: missing (no report) or late.

    Late means the report's claimed date is after the deadline, or a crawl before the
    deadline found it absent and it was first seen after. Each row names the deadline,
    the rule that set it and the evidence. --as-of asks who was late by a date, knowing
    all that is archived now; --as-known-on asks what the archive said on that date.
    """
    if as_of and known_on:
        raise click.UsageError("give --as-of or --as-known-on, not both")
    day = (known_on or as_of).date() if (known_on or as_of) else today_in_china()
    wanted = parse_years(years) if years else None
    with app.session() as session:
        if region:
            region = require_region(session, region).code
        rows = overdue(
            session, day, wanted, region, include_unknown=with_unknown, as_known=bool(known_on)
        )
    note_empty(rows, f"no registered body{_of(region)} is overdue as of {day.isoformat()}")
    print_rows(
        rows,
        as_json,
        ["body", "region", "year", "deadline", "status", "rule"],
        f"overdue {'as known on' if known_on else 'as of'} {day.isoformat()}",
    )


def _of(region: str | None) -> str:
    return f" of region {region}" if region else ""


def _span(years: list[int]) -> str:
    return f"{years[0]}-{years[-1]}" if len(years) > 1 else str(years[0]) if years else "no year"


@click.command("continuity")
@rows_option
@pass_app
def continuity(app: AppContext, as_json: bool) -> None:
    """Check every pair of consecutive years: Y's 结转下年度继续办理 against Y+1's 上年结转.

    Records a continuity finding for each pair that differs (once) and lists the new ones.
    """
    with app.session() as session:
        findings = check_all(session)
        rows = [
            {
                "id": f.id,
                "report_id": f.report_id,
                "years": f"{f.detail['earlier']['year']}-{f.detail['later']['year']}",
                "message": f.message,
                "differences": f.detail["differences"],
            }
            for f in findings
        ]
    print_rows(rows, as_json, ["id", "years", "message"], "new continuity findings")
