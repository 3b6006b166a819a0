"""``nianbao regions import-divisions``: merge an edition's regions and bodies, one transaction.

Regions are matched by code and take the edition's name, parent and level, stamped with
the edition's date (``regions.edition``). A body is matched, within its county (the
first six digits of its region code), to a registered body that has one of its names
(name or alias, spaces and punctuation aside): a body registered by hand is kept, its
name and level too, its aliases gain the generated ones and it moves to the division's
own region; two registered bodies that both fit are reported, never merged. Otherwise
the body is created. Re-importing the same edition changes nothing.

A division registered from an earlier edition that the newer one no longer lists
(merged, renumbered away) makes every body of its region inactive from the newer
edition's date; one renamed in place makes the body of its old name inactive. Bodies
keep their reports; a division that comes back makes its body active again.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import func, or_, select, true, update
from sqlalchemy.orm import Session

from ..attribution import normalize_name
from ..errors import InputError
from ..models import Body, BodyLevel, Region, RegionLevel, utcnow
from ..registry_import import ImportResult, Progress, _merge
from .edition import Edition
from .names import BodyName, city_body, county_body, province_body, township_body
from .plan import Plan, WantedBody, make_plan

DEPARTMENTS = (
    BodyLevel.PROVINCE_DEPARTMENT,
    BodyLevel.CITY_DEPARTMENT,
    BodyLevel.COUNTY_DEPARTMENT,
)


@dataclass
class DivisionsResult:
    """Per region level and per body level: created / updated / unchanged; and the rest."""

    edition: dict[str, Any]
    regions: ImportResult = field(default_factory=ImportResult)
    bodies: ImportResult = field(default_factory=ImportResult)
    inactive: Counter[str] = field(default_factory=Counter)  # newly inactive, per level
    ambiguous: list[str] = field(default_factory=list)
    without_body: int = 0

    def as_dict(self) -> dict[str, Any]:
        return {
            "edition": self.edition,
            "regions": self.regions.as_dict(),
            "bodies": self.bodies.as_dict(),
            "inactive": dict(self.inactive),
            "ambiguous": self.ambiguous,
            "without_body": self.without_body,
        }


def _in_scope(column: Any, prefixes: tuple[str, ...]) -> Any:
    """Codes under the selection (NBS codes nest by prefix); everything for the country."""
    return or_(*(column.startswith(p) for p in prefixes)) if any(prefixes) else true()


def import_divisions(
    session: Session,
    edition: Edition,
    provinces: Iterable[str] = (),
    cities: Iterable[str] = (),
    progress: Progress | None = None,
) -> DivisionsResult:
    """Merge the divisions of ``provinces`` and ``cities`` (none: the whole country) of
    ``edition``; the caller commits. ``InputError`` for an unknown code, or when the
    archive already holds a newer edition there."""
    plan = make_plan(edition, provinces, cities)
    newest = session.scalar(
        select(func.max(Region.edition)).where(_in_scope(Region.code, plan.prefixes))
    )
    if isinstance(newest, str):  # a bare aggregate on SQLite skips the column type
        newest = date.fromisoformat(newest)
    if newest is not None and newest > edition.as_of:
        raise InputError(
            f"the archive holds divisions of a newer edition (as of {newest}) than {edition.label}"
        )
    result = DivisionsResult(edition.meta, without_body=plan.without_body)
    renamed, vanished = _merge_regions(session, plan, edition.as_of, result, progress)
    claimed = _merge_bodies(session, plan, result, progress)
    _deactivate(session, renamed, vanished, claimed, edition.as_of, result)
    session.flush()
    return result


def _merge_regions(
    session: Session, plan: Plan, as_of: date, result: DivisionsResult, progress: Progress | None
) -> tuple[dict[str, tuple[str, RegionLevel]], set[str]]:
    """Regions in; (code → old name and level) of regions renamed, codes no longer listed."""
    cols = [Region.code, Region.name, Region.parent_code, Region.level, Region.edition]
    existing = {}
    ancestors = [r.code for r in plan.regions if not r.code.startswith(plan.prefixes)]
    query = select(*cols).where(
        or_(_in_scope(Region.code, plan.prefixes), Region.code.in_(ancestors))
    )
    for row in session.execute(query):
        values = dict(zip(("code", "name", "parent_code", "level", "edition"), row, strict=True))
        existing[row[0]] = (row[0], values)
    wanted = {r.code: r for r in plan.regions}
    renamed = {
        code: (values["name"], values["level"])
        for code, (_, values) in existing.items()
        if values["edition"] is not None and code in wanted and wanted[code].name != values["name"]
    }
    vanished = {
        code
        for code, (_, values) in existing.items()
        if values["edition"] is not None and code not in wanted and code.startswith(plan.prefixes)
    }
    for level in RegionLevel:
        entries = [
            (
                r.code,
                {
                    "code": r.code,
                    "name": r.name,
                    "parent_code": r.parent_code,
                    "level": r.level,
                    "edition": as_of,
                },
            )
            for r in plan.regions
            if r.level == level
        ]
        if entries:
            _merge(
                session, result.regions, level.value, Region, "code", existing, entries, progress
            )
    return renamed, vanished


def _forms(body: BodyName) -> set[str]:
    return {normalize_name(n) for n in (body.name, *body.aliases)}


def _merge_bodies(
    session: Session, plan: Plan, result: DivisionsResult, progress: Progress | None
) -> set[int]:
    """Bodies in, matched to registered ones within their county; the ids matched."""
    existing: dict[Any, tuple[Any, dict[str, Any]]] = {}
    index: dict[tuple[str, str], list[int]] = {}  # (county code, name form) → body ids
    rows = session.execute(  # a division's body is matched within its county: in scope
        select(
            Body.id, Body.name, Body.region_code, Body.level, Body.aliases, Body.inactive_from
        ).where(_in_scope(Body.region_code, plan.prefixes))
    )
    for body_id, name, region, level, aliases, inactive in rows:
        values = {
            "name": name,
            "region_code": region,
            "level": level,
            "aliases": list(aliases or []),
            "inactive_from": inactive,
        }
        existing[body_id] = (body_id, values)
        if level not in DEPARTMENTS:
            for form in {normalize_name(n) for n in (name, *values["aliases"])}:
                index.setdefault((region[:6], form), []).append(body_id)
    claimed: set[int] = set()
    entries: dict[BodyLevel, list[tuple[Any, dict[str, Any]]]] = {}
    for wanted in plan.bodies:
        body = wanted.body
        found = _match(wanted, index, existing, claimed)
        if len(found) > 1:
            names = ", ".join(sorted(f"#{i} {existing[i][1]['name']}" for i in found))
            result.ambiguous.append(f"{wanted.region_code} {body.name}: fits {names}")
            continue
        if not found:
            key: Any = ("new", wanted.region_code, body.name)
            values = {
                "name": body.name,
                "region_code": wanted.region_code,
                "level": body.level,
                "aliases": list(body.aliases),
                "inactive_from": None,
            }
        else:
            key = found.pop()
            claimed.add(key)
            current = existing[key][1]
            merged = dict.fromkeys([*current["aliases"], body.name, *body.aliases])
            merged.pop(current["name"], None)
            values = {
                **current,
                "region_code": wanted.region_code,
                "aliases": list(merged),
                "inactive_from": None,
            }
        entries.setdefault(body.level, []).append((key, values))
    for level in BodyLevel:
        if level in entries:
            _merge(
                session, result.bodies, level.value, Body, "id", existing, entries[level], progress
            )
    return claimed


def _match(
    wanted: WantedBody,
    index: dict[tuple[str, str], list[int]],
    existing: dict[Any, tuple[Any, dict[str, Any]]],
    claimed: set[int],
) -> set[int]:
    """The unclaimed registered bodies in the county that carry one of the body's names;
    when several do, the one in the division's own region, else the one of its name."""
    scope = wanted.region_code[:6]
    found = {i for f in _forms(wanted.body) for i in index.get((scope, f), ())} - claimed
    if len(found) > 1:
        for narrower in (
            {i for i in found if existing[i][1]["region_code"] == wanted.region_code},
            {i for i in found if existing[i][1]["name"] == wanted.body.name},
        ):
            if len(narrower) == 1:
                return narrower
    return found


_BODY_OF = {
    RegionLevel.PROVINCE: lambda code, name: province_body(name),
    RegionLevel.CITY: lambda code, name: city_body(name),
    RegionLevel.COUNTY: lambda code, name: county_body(code, name, None),
    RegionLevel.TOWNSHIP: lambda code, name: township_body(code, name, None),
}


def _deactivate(
    session: Session,
    renamed: dict[str, tuple[str, RegionLevel]],
    vanished: set[str],
    claimed: set[int],
    as_of: date,
    result: DivisionsResult,
) -> None:
    """Every body of a division no longer listed, and the body of a division's old name,
    become inactive from ``as_of`` (unless this import matched them to a listed one)."""
    if not renamed and not vanished:
        return
    old_forms: dict[str, set[str]] = {}
    for code, (name, level) in renamed.items():
        body = _BODY_OF[level](code, name) if level in _BODY_OF else None
        if body is not None:
            old_forms[code] = _forms(body)
    stamp = utcnow()
    changes = []
    query = select(Body.id, Body.name, Body.aliases, Body.region_code, Body.level).where(
        Body.inactive_from.is_(None), Body.region_code.in_([*vanished, *old_forms])
    )
    for body_id, name, aliases, region, level in session.execute(query):
        if body_id in claimed:
            continue
        forms = old_forms.get(region)
        if forms is not None and not forms & {normalize_name(n) for n in (name, *aliases)}:
            continue  # another body of a renamed region: not the old name's
        changes.append({"id": body_id, "inactive_from": as_of, "updated_at": stamp})
        result.inactive[level.value] += 1
    if changes:
        session.execute(update(Body), changes)
