"""Reading a registry file (YAML, or CSV with one section per file) into checked entries.

Every entry remembers where it came from (``sources.yaml line 12``) so that an error
names the place to fix. Validation that needs the database (does the region exist?)
lives in ``registry_import``; this module only parses and checks each entry's shape.
"""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import urlsplit

import yaml

from .errors import InputError
from .families import check_family
from .models import BodyLevel, RegionLevel

REGION_CODE = re.compile(r"^(\d{6}|\d{9}|\d{12})$")
E = TypeVar("E", BodyLevel, RegionLevel)
SECTIONS = ("regions", "bodies", "sources", "deadlines")


@dataclass(frozen=True)
class RegionEntry:
    where: str
    code: str
    name: str
    parent_code: str | None
    level: RegionLevel


@dataclass(frozen=True)
class BodyEntry:
    where: str
    name: str
    region_code: str
    level: BodyLevel
    aliases: tuple[str, ...]


@dataclass(frozen=True)
class SourceEntry:
    where: str
    url: str
    region_code: str
    family: str
    name: str | None
    settings: dict[str, Any]


@dataclass(frozen=True)
class DeadlineEntry:
    where: str
    level: BodyLevel | None
    region_code: str | None
    month: int
    day: int


@dataclass
class RegistryFile:
    regions: list[RegionEntry] = field(default_factory=list)
    bodies: list[BodyEntry] = field(default_factory=list)
    sources: list[SourceEntry] = field(default_factory=list)
    deadlines: list[DeadlineEntry] = field(default_factory=list)


def region_level_of(code: str) -> RegionLevel:
    """The level a GB/T 2260 or NBS code implies (``411421`` is a county)."""
    if len(code) == 12:
        return RegionLevel.VILLAGE
    if len(code) == 9:
        return RegionLevel.TOWNSHIP
    if code.endswith("0000"):
        return RegionLevel.PROVINCE
    if code.endswith("00"):
        return RegionLevel.CITY
    return RegionLevel.COUNTY


class _LineLoader(yaml.SafeLoader):
    """A safe loader that records each mapping's line as ``__line__``."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        mapping = super().construct_mapping(node, deep=deep)
        mapping["__line__"] = node.start_mark.line + 1
        return mapping


def load_registry(path: Path) -> RegistryFile:
    """Parse a registry file; ``InputError`` names the file, line and problem."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read {path}: {exc.strerror}") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(f"{path.name}: not UTF-8 text (byte {exc.start})") from None
    if path.suffix.lower() == ".csv":
        return _from_csv(path.name, text)
    return _from_yaml(path.name, text)


def _from_yaml(name: str, text: str) -> RegistryFile:
    try:
        doc = yaml.load(text, Loader=_LineLoader)  # a SafeLoader subclass: safe
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" line {mark.line + 1}" if mark else ""
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise InputError(f"{name}{where}: YAML syntax error: {problem}") from None
    if doc is None:
        doc = {}
    if not isinstance(doc, dict):
        raise InputError(f"{name}: expected a mapping with {', '.join(SECTIONS)}")
    doc.pop("__line__", None)
    unknown = sorted(set(doc) - set(SECTIONS))
    if unknown:
        raise InputError(f"{name}: unknown section {unknown[0]!r} (expected {', '.join(SECTIONS)})")
    registry = RegistryFile()
    for section in SECTIONS:
        items = doc.get(section) or []
        if not isinstance(items, list):
            raise InputError(f"{name}: {section} must be a list")
        for i, item in enumerate(items):
            if not isinstance(item, dict):
                raise InputError(f"{name}: {section}[{i}] must be a mapping")
            where = f"{name} line {item.pop('__line__', '?')} ({section}[{i}])"
            _add(registry, section, where, item)
    return registry


def _csv_section(columns: set[str]) -> str | None:
    if "url" in columns:
        return "sources"
    if {"month", "day"} <= columns:
        return "deadlines"
    if "code" in columns:
        return "regions"
    if {"name", "level", "region"} <= columns:
        return "bodies"
    return None


def _from_csv(name: str, text: str) -> RegistryFile:
    reader = csv.DictReader(io.StringIO(text))
    columns = {c.strip() for c in reader.fieldnames or []}
    section = _csv_section(columns)
    if section is None:
        raise InputError(
            f"{name}: cannot tell the section from the header {sorted(columns)}"
            " (regions need code; bodies name, level, region; sources url; deadlines month, day)"
        )
    registry = RegistryFile()
    for row in reader:
        item: dict[str, Any] = {
            k.strip(): (v.strip() if isinstance(v, str) else v)
            for k, v in row.items()
            if k is not None and v not in (None, "")
        }
        where = f"{name} line {reader.line_num}"
        if "aliases" in item:
            item["aliases"] = [a.strip() for a in re.split(r"[;|；]", item["aliases"]) if a.strip()]
        if "settings" in item:
            try:
                item["settings"] = json.loads(item["settings"])
            except json.JSONDecodeError:
                raise InputError(f"{where}: settings is not a JSON object") from None
        _add(registry, section, where, item)
    return registry


def _text(item: dict[str, Any], key: str, where: str, *, required: bool = True) -> str | None:
    value = item.get(key)
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            raise InputError(f"{where}: missing {key}")
        return None
    if isinstance(value, bool) or not isinstance(value, str | int):
        raise InputError(f"{where}: {key} must be text, got {value!r}")
    return str(value).strip()


def _code(item: dict[str, Any], key: str, where: str, *, required: bool = True) -> str | None:
    code = _text(item, key, where, required=required)
    if code is not None and not REGION_CODE.match(code):
        raise InputError(f"{where}: {key} {code!r} is not a 6, 9 or 12-digit region code")
    return code


def _choice(enum: type[E], value: str, where: str, what: str) -> E:
    try:
        return enum(value)
    except ValueError:
        allowed = " | ".join(m.value for m in enum)
        raise InputError(f"{where}: unknown {what} {value!r} (expected {allowed})") from None


def _family(value: str, where: str) -> str:
    problem = check_family(value)
    if problem:
        raise InputError(f"{where}: {problem}")
    return value


def _url(value: str, where: str) -> str:
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.hostname or " " in value:
        raise InputError(f"{where}: malformed URL {value!r} (need http:// or https:// and a host)")
    return value


def _int(item: dict[str, Any], key: str, where: str, lo: int, hi: int) -> int:
    value = item.get(key)
    try:
        number = int(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise InputError(f"{where}: {key} must be a number, got {value!r}") from None
    if not lo <= number <= hi:
        raise InputError(f"{where}: {key} {number} is out of range {lo}-{hi}")
    return number


_DAYS_IN_MONTH = (31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)
_FIELDS = {
    "regions": {"code", "name", "parent", "level"},
    "bodies": {"name", "region", "level", "aliases"},
    "sources": {"url", "region", "family", "name", "settings"},
    "deadlines": {"level", "region", "month", "day"},
}


def _add(registry: RegistryFile, section: str, where: str, item: dict[str, Any]) -> None:
    unknown = sorted(set(item) - _FIELDS[section])
    if unknown:
        raise InputError(f"{where}: unknown field {unknown[0]!r} in {section}")
    if section == "regions":
        code = _code(item, "code", where)
        assert code is not None
        level = item.get("level")
        registry.regions.append(
            RegionEntry(
                where,
                code,
                _text(item, "name", where) or "",
                _code(item, "parent", where, required=False),
                _choice(RegionLevel, str(level), where, "region level")
                if level
                else region_level_of(code),
            )
        )
    elif section == "bodies":
        aliases = item.get("aliases") or []
        if isinstance(aliases, str):
            aliases = [aliases]
        if not isinstance(aliases, list) or not all(isinstance(a, str) for a in aliases):
            raise InputError(f"{where}: aliases must be a list of names")
        registry.bodies.append(
            BodyEntry(
                where,
                _text(item, "name", where) or "",
                _code(item, "region", where) or "",
                _choice(BodyLevel, _text(item, "level", where) or "", where, "level"),
                tuple(dict.fromkeys(a.strip() for a in aliases if a.strip())),
            )
        )
    elif section == "sources":
        settings = item.get("settings") or {}
        if not isinstance(settings, dict):
            raise InputError(f"{where}: settings must be a mapping")
        registry.sources.append(
            SourceEntry(
                where,
                _url(_text(item, "url", where) or "", where),
                _code(item, "region", where) or "",
                _family(_text(item, "family", where, required=False) or "auto", where),
                _text(item, "name", where, required=False),
                settings,
            )
        )
    else:
        level = _text(item, "level", where, required=False)
        region = _code(item, "region", where, required=False)
        if level is None and region is None:
            raise InputError(f"{where}: a deadline needs a level, a region, or both")
        month = _int(item, "month", where, 1, 12)
        registry.deadlines.append(
            DeadlineEntry(
                where,
                _choice(BodyLevel, level, where, "level") if level else None,
                region,
                month,
                _int(item, "day", where, 1, _DAYS_IN_MONTH[month - 1]),
            )
        )
