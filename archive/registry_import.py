"""``nianbao sources import``: merge a registry file into the archive, in one transaction.

Entries are matched on their natural keys (region code; body region + name; source URL;
deadline level + region), so importing twice changes nothing and a changed entry is
updated in place. Any bad entry aborts the whole import before anything is written.
Rows are read and written in bulk (a 50,000-body CSV takes seconds), with an optional
progress callback per section.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import insert, select, update
from sqlalchemy.orm import Session

from .errors import InputError
from .models import Body, DeadlineRule, Region, Source, utcnow
from .registry_file import RegistryFile


@dataclass
class ImportResult:
    """Per section, how many entries were created, updated and left unchanged."""

    counts: dict[str, Counter[str]] = field(default_factory=dict)

    def add(self, section: str, outcome: str) -> None:
        self.counts.setdefault(section, Counter())[outcome] += 1

    def as_dict(self) -> dict[str, dict[str, int]]:
        return {
            section: {k: c[k] for k in ("created", "updated", "unchanged")}
            for section, c in self.counts.items()
        }


def _duplicates(keys: list[tuple[Any, str]], what: str) -> None:
    seen: dict[Any, str] = {}
    for key, where in keys:
        if key in seen:
            raise InputError(f"{where}: duplicate {what} {key!r} (first at {seen[key]})")
        seen[key] = where


def validate(registry: RegistryFile, known_regions: set[str]) -> None:
    """Cross-entry checks: duplicates and references to regions that do not exist."""
    _duplicates([(r.code, r.where) for r in registry.regions], "region code")
    _duplicates([((b.region_code, b.name), b.where) for b in registry.bodies], "body")
    _duplicates([(s.url, s.where) for s in registry.sources], "source URL")
    _duplicates([((d.level, d.region_code), d.where) for d in registry.deadlines], "deadline rule")
    regions = known_regions | {r.code for r in registry.regions}
    for entry in (*registry.bodies, *registry.sources):
        if entry.region_code not in regions:
            raise InputError(f"{entry.where}: unknown region {entry.region_code}")
    for d in registry.deadlines:
        if d.region_code is not None and d.region_code not in regions:
            raise InputError(f"{d.where}: unknown region {d.region_code}")


Progress = Callable[[str, int, int], None]
"""``progress(section, done, total)``, called as entries are written."""

CHUNK = 2000


def _merge(
    session: Session,
    result: ImportResult,
    section: str,
    model: type,
    pk: str,
    existing: dict[Any, tuple[Any, dict[str, Any]]],
    entries: list[tuple[Any, dict[str, Any]]],
    progress: Progress | None,
) -> None:
    """Insert new entries and update changed ones in bulk (Core-speed, still one transaction).

    ``existing`` maps a natural key to (primary key, current values); ``entries`` are
    (natural key, wanted values).
    """
    inserts: list[dict[str, Any]] = []
    updates: list[dict[str, Any]] = []
    stamp = {"updated_at": utcnow()} if hasattr(model, "updated_at") else {}
    for key, values in entries:
        current = existing.get(key)
        if current is None:
            inserts.append(values)
            result.add(section, "created")
        elif any(current[1].get(k) != v for k, v in values.items()):
            updates.append({**values, pk: current[0], **stamp})
            result.add(section, "updated")
        else:
            result.add(section, "unchanged")
    total, done = len(entries), len(entries) - len(inserts) - len(updates)
    if not total:
        return
    if progress:
        progress(section, done, total)
    for rows, statement in ((inserts, insert(model)), (updates, update(model))):
        for i in range(0, len(rows), CHUNK):
            chunk = rows[i : i + CHUNK]
            session.execute(statement, chunk)
            done += len(chunk)
            if progress:
                progress(section, done, total)


def _current(
    session: Session, columns: list[Any], key: Callable[[Any], Any], pk: Any
) -> dict[Any, tuple[Any, dict[str, Any]]]:
    out = {}
    for row in session.execute(select(pk, *columns)):
        values = {c.key: row[i + 1] for i, c in enumerate(columns)}
        out[key(values)] = (row[0], values)
    return out


def import_registry(
    session: Session, registry: RegistryFile, progress: Progress | None = None
) -> ImportResult:
    """Validate and merge ``registry``; the caller commits (or rolls back on error)."""
    known = set(session.scalars(select(Region.code)))
    validate(registry, known)
    result = ImportResult()

    cols = [Region.code, Region.name, Region.parent_code, Region.level]
    _merge(
        session,
        result,
        "regions",
        Region,
        "code",
        _current(session, cols, lambda v: v["code"], Region.code),
        [
            (
                r.code,
                {"code": r.code, "name": r.name, "parent_code": r.parent_code, "level": r.level},
            )
            for r in registry.regions
        ],
        progress,
    )

    cols = [Body.name, Body.region_code, Body.level, Body.aliases]
    _merge(
        session,
        result,
        "bodies",
        Body,
        "id",
        _current(session, cols, lambda v: (v["region_code"], v["name"]), Body.id),
        [
            (
                (b.region_code, b.name),
                {
                    "name": b.name,
                    "region_code": b.region_code,
                    "level": b.level,
                    "aliases": list(b.aliases),
                },
            )
            for b in registry.bodies
        ],
        progress,
    )

    cols = [
        Source.url,
        Source.region_code,
        Source.family,
        Source.name,
        Source.settings,
        Source.removed_at,
    ]
    _merge(
        session,
        result,
        "sources",
        Source,
        "id",
        _current(session, cols, lambda v: v["url"], Source.id),
        [
            (
                s.url,
                {
                    "url": s.url,
                    "region_code": s.region_code,
                    "family": s.family,
                    "name": s.name,
                    "settings": s.settings,
                    "removed_at": None,  # importing a removed source registers it again
                },
            )
            for s in registry.sources
        ],
        progress,
    )

    cols = [DeadlineRule.level, DeadlineRule.region_code, DeadlineRule.month, DeadlineRule.day]
    _merge(
        session,
        result,
        "deadlines",
        DeadlineRule,
        "id",
        _current(session, cols, lambda v: (v["level"], v["region_code"]), DeadlineRule.id),
        [
            (
                (d.level, d.region_code),
                {"level": d.level, "region_code": d.region_code, "month": d.month, "day": d.day},
            )
            for d in registry.deadlines
        ],
        progress,
    )
    session.flush()
    return result
