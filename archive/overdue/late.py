"""Reports that came late, and the evidence for each.

Late needs evidence, one of:

- ``claimed``: the report's own claimed publication date (version 1) is after the
  deadline;
- ``crawl``: a finished run in which a healthy source covering the body's region was
  read before the deadline ran out had no report of that body and year, and the report
  was first seen after the deadline. When the report claims a date on or before the
  deadline, the crawl counts only if it looked after that claimed date (it contradicts
  the claim); a claim the crawl cannot contradict stands.

A report found in a first-ever crawl long after the deadline is not late on that alone.
A report that claims publication after the ``as_of`` date asked about was still missing
on that date, and is listed as ``missing`` (its evidence says when it came).
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from datetime import date, datetime
from typing import Any

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session

from ..attribution import region_scope
from ..deadlines import DeadlineResolver
from ..driver_rows import as_date, as_naive_utc, driver_rows, utc_text
from ..models import Body, Report
from .absent import BodyRow, registered_bodies
from .dates import china_date, day_end_utc
from .evidence import CrawlEvidence


def late_reports(
    session: Session,
    resolver: DeadlineResolver,
    evidence: CrawlEvidence,
    years: list[int],
    region: str | None,
    as_of: date,
    seen_by: datetime | None,
    body_ids: Collection[int] | None = None,
    bodies: Mapping[int, BodyRow] | None = None,
) -> list[dict[str, Any]]:
    """Reports first seen before ``seen_by`` (None: all of them) that came late; only
    those of ``body_ids`` when given (a page of the dashboard's grid). ``bodies``: the
    registered bodies in scope by id (``registered_bodies``) when the caller has them."""
    # Only reports that could be late at all: claimed or first seen after the earliest
    # deadline of their year. The exact deadline is per body, checked below.
    # A year whose every deadline passed before the first healthy crawl can only be
    # late by its claimed date. Each term is one range of an index on ``reports``
    # ((year, claimed date), (year, first seen)) that holds every column read here: only
    # candidates are read, and no report row. The claimed date is version 1's, which
    # ``reports`` repeats. The bodies' names, regions and levels come from ``bodies``,
    # not from a join per candidate.
    first_crawl = evidence.first()
    maybe = []
    for y in years:
        bound = resolver.earliest(y)
        maybe.append(and_(Report.year == y, Report.claimed_published > bound))
        if first_crawl is not None and first_crawl < day_end_utc(resolver.latest(y)):
            maybe.append(and_(Report.year == y, Report.first_seen >= day_end_utc(bound)))
    query = select(
        Report.id,
        Report.body_id,
        Report.year,
        Report.first_seen,
        Report.claimed_published,
        Report.claimed_date_source,
    ).where(or_(*maybe), Report.body_id.is_not(None))
    if seen_by is not None:
        query = query.where(Report.first_seen < seen_by)
    if region:
        scope = region_scope(region)
        query = query.where(Report.body_id.in_(select(Body.id).where(Body.region_code.in_(scope))))
    if body_ids is not None:
        query = query.where(Report.body_id.in_(list(body_ids)))
    if bodies is None:
        bodies = {b[0]: b for b in registered_bodies(session, region, body_ids)}
    return _late_rows(driver_rows(session, query), bodies, resolver, evidence, as_of)


def _late_rows(
    candidates: Sequence[Any],
    bodies: Mapping[int, BodyRow],
    resolver: DeadlineResolver,
    evidence: CrawlEvidence,
    as_of: date,
) -> list[dict[str, Any]]:
    """The late ones among (report id, body id, year, first seen, claimed date, claimed
    date source), as result rows, with the body's name, region and level from
    ``bodies``.

    The dates come as the driver gives them (``archive/driver_rows.py``): first seen is
    written as the text of the aware UTC time (``utc_text``, from SQLite's text without
    making a datetime) and compared as naive UTC only when the claimed date does not
    decide. What is the same for many
    candidates is worked out once: per stored claimed date the date and its text, per
    deadline day its end, per region and deadline day the crawl that found nothing (and
    its text once per crawl).
    """
    deadline_of = resolver.deadline
    fromiso = datetime.fromisoformat
    # per deadline day: its end in UTC, aware and naive; per region and deadline day: the
    # last healthy crawl before that end (run id, time as text, China date) or None
    day_ends: dict[date, tuple[datetime, datetime]] = {}
    looked: dict[tuple[str, date], tuple[int, str, date] | None] = {}
    crawls: dict[tuple[int, datetime], tuple[int, str, date]] = {}
    claimed_dates: dict[Any, tuple[date, str]] = {}
    out: list[dict[str, Any]] = []
    append = out.append
    for rid, body_id, year, stored_seen, stored_claim, source in candidates:
        body = bodies.get(body_id)
        if body is None:
            continue  # not in scope
        _, name, region_code, level, _ = body
        deadline = deadline_of(level, region_code, year)
        due = deadline.date
        if due >= as_of:
            continue  # not due yet on the date asked about
        seen_text = utc_text(stored_seen)
        if stored_claim is None:
            claimed = claimed_iso = None
        else:
            try:
                claimed, claimed_iso = claimed_dates[stored_claim]
            except KeyError:
                claimed = as_date(stored_claim)
                claimed_iso = claimed.isoformat()
                claimed_dates[stored_claim] = (claimed, claimed_iso)
        if claimed is not None and claimed > due:
            if claimed <= as_of:  # the common case, as one literal
                append(
                    {
                        "body": name,
                        "body_id": body_id,
                        "region": region_code,
                        "year": year,
                        "deadline": deadline.iso,
                        "status": "late",
                        "level": level,
                        "rule": deadline.rule_text,
                        "rule_note": deadline.note,
                        "evidence": {
                            "basis": "claimed",
                            "report_id": rid,
                            "claimed_published": claimed_iso,
                            "claimed_date_source": source,
                            "first_seen": seen_text,
                        },
                    }
                )
                continue
            basis: dict[str, Any] = {"basis": "claimed"}
        else:
            ends = day_ends.get(due)
            if ends is None:
                end = day_end_utc(due)
                ends = day_ends[due] = (end, end.replace(tzinfo=None))
            # SQLite gives naive UTC text; PostgreSQL an aware datetime
            if type(stored_seen) is str:
                first_seen = fromiso(stored_seen)
            else:
                first_seen = as_naive_utc(stored_seen)
            if first_seen < ends[1]:  # first seen by the end of the deadline day (China)
                continue
            where = (region_code, due)
            if where in looked:
                absent = looked[where]
            else:
                found = evidence.last_before(region_code, ends[0])
                absent = None
                if found is not None:  # the regions under one source share the crawl
                    absent = crawls.get(found)
                    if absent is None:
                        absent = crawls[found] = (
                            found[0],
                            found[1].isoformat(),
                            china_date(found[1]),
                        )
                looked[where] = absent
            if absent is None:
                continue  # first seen late, but nobody looked before: not evidence of lateness
            if claimed is not None and absent[2] <= claimed:
                continue  # the crawl looked before the claimed (timely) date: the claim stands
            basis = {"basis": "crawl", "absent_in_run": absent[0], "absent_at": absent[1]}
        status = "late"
        if claimed is not None and claimed > as_of:
            # published after the date asked about: on that date it was still missing
            status = "missing"
            basis["published_after_as_of"] = True
        basis["report_id"] = rid
        basis["claimed_published"] = claimed_iso
        basis["claimed_date_source"] = source
        basis["first_seen"] = seen_text
        append(
            {
                "body": name,
                "body_id": body_id,
                "region": region_code,
                "year": year,
                "deadline": deadline.iso,
                "status": status,
                "level": level,
                "rule": deadline.rule_text,
                "rule_note": deadline.note,
                "evidence": basis,
            }
        )
    return out
