"""Keeping reports on the right body when the registry changes after they were archived.

A report found before its body was registered is kept under the name it gave itself
(``body_id`` null). When the body is registered, renamed, aliased or moved to another
region, :func:`reattribute` (run by every crawl, ``reextract`` and ``sources import``)
attaches such reports to it and brings the name and region of attributed reports up to
date. Two reports that turn out to be the same body and year are merged, never left to
collide on a unique constraint: versions with the same content become one (their
sightings kept), other versions follow the kept report's in the order first seen.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session

from .attribution import BodyIndex, Candidate
from .extract.meta import body_from_title
from .models import Body, Finding, Report, ReportVersion, Sighting
from .versions import content_key, keep_first_claim


@dataclass
class ReattributeResult:
    attached: int = 0
    renamed: int = 0
    merged: int = 0

    def __bool__(self) -> bool:
        return bool(self.attached or self.renamed or self.merged)


def match_name(index: BodyIndex, name: str | None) -> Candidate | None:
    """The registered body an unattributed report's name points at, if exactly one."""
    return index.match(name) or index.match(body_from_title(name)) or index.match_in(name)


def merge_reports(session: Session, keep: Report, gone: Report) -> None:
    """Move everything of ``gone`` into ``keep`` (same body and year), then delete it."""
    kept = list(
        session.scalars(
            select(ReportVersion)
            .where(ReportVersion.report_id == keep.id)
            .order_by(ReportVersion.number)
        )
    )
    moving = list(
        session.scalars(
            select(ReportVersion)
            .where(ReportVersion.report_id == gone.id)
            .order_by(ReportVersion.first_seen, ReportVersion.number)
        )
    )
    number = max((v.number for v in kept), default=0)
    for version in moving:
        key = content_key(version.figures or {}, None)[0]
        twin = next((k for k in kept if content_key(k.figures or {}, None)[0] == key), None)
        if twin is None:
            number += 1
            version.report_id = keep.id
            version.number = number
            keep_first_claim(keep, version)  # version 1 when ``keep`` had none
            kept.append(version)
            continue
        seen = set(
            session.scalars(select(Sighting.capture_id).where(Sighting.version_id == twin.id))
        )
        for sighting in session.scalars(
            select(Sighting).where(Sighting.version_id == version.id)
        ):
            if sighting.capture_id in seen:
                session.delete(sighting)
            else:
                sighting.version_id = twin.id
        twin.first_seen = min(twin.first_seen, version.first_seen)
        twin.last_seen = max(twin.last_seen, version.last_seen)
        session.execute(
            update(Finding).where(Finding.version_id == version.id).values(version_id=twin.id)
        )
        session.flush()
        session.delete(version)
    session.execute(update(Finding).where(Finding.report_id == gone.id).values(report_id=keep.id))
    keep.first_seen = min(keep.first_seen, gone.first_seen)
    session.flush()
    session.delete(gone)
    session.flush()


def settle(
    session: Session, report: Report, body: Candidate, result: ReattributeResult | None = None
) -> Report:
    """Give ``report`` the body's id, name and region, merging whatever stands in the way;
    returns the report that now holds it (another one when ``report`` was merged away)."""
    result = result if result is not None else ReattributeResult()
    owner = session.scalars(
        select(Report).where(
            Report.body_id == body.body_id, Report.year == report.year, Report.id != report.id
        )
    ).first()
    if owner is not None:
        merge_reports(session, owner, report)
        result.merged += 1
        report = owner
    # An unattributed row already under the body's current name and region would break
    # the (region, name, year) unique: it is the same report.
    for twin in session.scalars(
        select(Report).where(
            Report.body_id.is_(None),
            Report.region_code == body.region_code,
            Report.body_name == body.name,
            Report.year == report.year,
            Report.id != report.id,
        )
    ).all():
        merge_reports(session, report, twin)
        result.merged += 1
    if report.body_id is None:
        result.attached += 1
    elif (report.body_name, report.region_code) != (body.name, body.region_code):
        result.renamed += 1
    report.body_id = body.body_id
    report.body_name = body.name
    report.region_code = body.region_code
    session.flush()
    return report


def relocate(
    session: Session,
    report: Report,
    body: Candidate | None,
    name: str,
    region: str | None,
    year: int,
) -> Report:
    """Move ``report`` to another body or year (its document now reads differently),
    merging it into the report already there; returns the report that holds it."""
    if body is not None:
        where = [Report.body_id == body.body_id]
    else:
        where = [Report.body_id.is_(None), Report.region_code == region, Report.body_name == name]
    target = session.scalars(
        select(Report).where(*where, Report.year == year, Report.id != report.id)
    ).first()
    if target is not None:
        merge_reports(session, target, report)
        return target
    # leave the old place first, so that no unique constraint sees two at once
    report.body_id, report.body_name, report.region_code = None, f"~{report.id}", region
    report.year = year
    session.flush()
    if body is not None:
        return settle(session, report, body)
    report.body_name = name
    session.flush()
    return report


def reattribute(session: Session) -> ReattributeResult:
    """Bring every report in line with the registry as it is now (no commit)."""
    result = ReattributeResult()
    # only reports whose body was renamed or moved since (one join, not every report)
    stale = session.execute(
        select(Report, Body)
        .join(Body, Body.id == Report.body_id)
        .where(or_(Report.body_name != Body.name, Report.region_code != Body.region_code))
    ).all()
    for report, b in stale:
        if report in session:  # not merged away by an earlier one
            settle(session, report, Candidate(b.id, b.name, b.region_code), result)
    indexes: dict[str | None, BodyIndex] = {}
    orphans = session.scalars(
        select(Report).where(Report.body_id.is_(None)).order_by(Report.id)
    ).all()
    for report in orphans:
        if report not in session:  # merged away earlier in this loop
            continue
        region = report.region_code
        if region not in indexes:
            indexes[region] = BodyIndex.for_region(session, region)
        body = match_name(indexes[region], report.body_name)
        if body is not None:
            settle(session, report, body, result)
    return result
