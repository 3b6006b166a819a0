"""``nianbao sources import``: merge a registry file into the archive, in one transaction.

Entries are matched on their natural keys (region code; body region + name; source URL;
deadline level + region), so importing twice changes nothing and a changed entry is
updated in place. Any bad entry aborts the whole import before anything is written.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from .errors import InputError
from .models import Body, DeadlineRule, Region, Source
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
    _duplicates(
        [((d.level, d.region_code), d.where) for d in registry.deadlines], "deadline rule"
    )
    regions = known_regions | {r.code for r in registry.regions}
    for entry in (*registry.bodies, *registry.sources):
        if entry.region_code not in regions:
            raise InputError(f"{entry.where}: unknown region {entry.region_code}")
    for d in registry.deadlines:
        if d.region_code is not None and d.region_code not in regions:
            raise InputError(f"{d.where}: unknown region {d.region_code}")


def _apply(obj: Any, values: dict[str, Any]) -> bool:
    changed = False
    for name, value in values.items():
        if getattr(obj, name) != value:
            setattr(obj, name, value)
            changed = True
    return changed


def import_registry(session: Session, registry: RegistryFile) -> ImportResult:
    """Validate and merge ``registry``; the caller commits (or rolls back on error)."""
    regions = {r.code: r for r in session.scalars(select(Region))}
    validate(registry, set(regions))
    result = ImportResult()

    def upsert(section: str, existing: Any, factory: type, values: dict[str, Any]) -> Any:
        if existing is None:
            obj = factory(**values)
            session.add(obj)
            result.add(section, "created")
            return obj
        result.add(section, "updated" if _apply(existing, values) else "unchanged")
        return existing

    for r in registry.regions:
        values = {"code": r.code, "name": r.name, "parent_code": r.parent_code, "level": r.level}
        regions[r.code] = upsert("regions", regions.get(r.code), Region, values)
    session.flush()

    bodies = {(b.region_code, b.name): b for b in session.scalars(select(Body))}
    for b in registry.bodies:
        values = {
            "name": b.name,
            "region_code": b.region_code,
            "level": b.level,
            "aliases": list(b.aliases),
        }
        upsert("bodies", bodies.get((b.region_code, b.name)), Body, values)

    sources = {s.url: s for s in session.scalars(select(Source))}
    for s in registry.sources:
        values = {
            "url": s.url,
            "region_code": s.region_code,
            "family": s.family,
            "name": s.name,
            "settings": s.settings,
        }
        upsert("sources", sources.get(s.url), Source, values)

    rules = {(d.level, d.region_code): d for d in session.scalars(select(DeadlineRule))}
    for d in registry.deadlines:
        values = {"level": d.level, "region_code": d.region_code, "month": d.month, "day": d.day}
        upsert("deadlines", rules.get((d.level, d.region_code)), DeadlineRule, values)
    session.flush()
    return result
