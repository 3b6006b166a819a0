"""The diff job: what changed between two versions of a report, as JSON-ready data.

Pure functions over version data (figures in the schema's shape and normalized text):

>>> old = {"applications": {"new": {"total": 3}}, "checks": []}
>>> new = {"applications": {"new": {"total": 4}}, "checks": []}
>>> figure_changes(old, new)
[{'path': 'applications.new.total', 'old': 3, 'new': 4}]
>>> text_changes("一、总体情况\\n发布信息137条", "一、总体情况\\n发布信息140条")["一"]
['-发布信息137条', '+发布信息140条']
"""

from __future__ import annotations

import difflib
from collections.abc import Callable
from typing import Any

from .normalize import sections

FIGURE_SECTIONS = ("active", "applications", "appeals")
TOP_FIELDS = ("template", "year", "body")
MAX_TEXT_LINES = 5000  # a bound on difflib's work for a pathological document


def _leaves(value: Any, prefix: str) -> dict[str, Any]:
    if isinstance(value, dict):
        out: dict[str, Any] = {}
        for key, item in value.items():
            out.update(_leaves(item, f"{prefix}.{key}" if prefix else str(key)))
        return out
    return {prefix: value}


def figure_changes(old: dict[str, Any], new: dict[str, Any]) -> list[dict[str, Any]]:
    """Every figure whose value differs, by schema path (``appeals.review.total``).

    A row or cell present on one side only shows ``None`` on the other.
    """
    changes = []
    for field in TOP_FIELDS:
        if old.get(field) != new.get(field):
            changes.append({"path": field, "old": old.get(field), "new": new.get(field)})
    for section in FIGURE_SECTIONS:
        a = _leaves(old.get(section) or {}, section)
        b = _leaves(new.get(section) or {}, section)
        for path in sorted(set(a) | set(b), key=_path_order(old, new, section)):
            if a.get(path) != b.get(path) or (path in a) != (path in b):
                changes.append({"path": path, "old": a.get(path), "new": b.get(path)})
    return changes


def _path_order(old: dict[str, Any], new: dict[str, Any], section: str) -> Callable[[str], int]:
    """Document order: the order keys appear in the new report, then the old one."""
    order: dict[str, int] = {}
    for side in (new, old):
        for path in _leaves(side.get(section) or {}, section):
            order.setdefault(path, len(order))
    return lambda path: order.get(path, len(order))


def check_changes(old: dict[str, Any], new: dict[str, Any]) -> list[dict[str, Any]]:
    """Checks whose pass/fail state (or figures) changed between the versions."""

    def by_rule(report: dict[str, Any]) -> dict[str, dict[str, Any]]:
        return {
            c["rule"] + (f"@{c['path']}" if c.get("path") else ""): c
            for c in report.get("checks", [])
        }

    a, b = by_rule(old), by_rule(new)
    out = []
    for rule in sorted(set(a) | set(b)):
        before, after = a.get(rule), b.get(rule)
        was = before["ok"] if before else None
        now = after["ok"] if after else None
        if was != now:
            out.append(
                {
                    "rule": rule,
                    "old_ok": was,
                    "new_ok": now,
                    "expected": (after or before or {}).get("expected"),
                    "found": (after or before or {}).get("found"),
                }
            )
    return out


def text_changes(old_text: str | None, new_text: str | None) -> dict[str, list[str]]:
    """Changed lines per section (``head``, ``一`` … ``六``), ``-`` old and ``+`` new."""
    a, b = sections(old_text or ""), sections(new_text or "")
    out: dict[str, list[str]] = {}
    for key in [k for k in ("head", "一", "二", "三", "四", "五", "六") if k in a or k in b]:
        old_lines = a.get(key, "").splitlines()[:MAX_TEXT_LINES]
        new_lines = b.get(key, "").splitlines()[:MAX_TEXT_LINES]
        if old_lines == new_lines:
            continue
        lines = [
            line
            for line in difflib.unified_diff(old_lines, new_lines, lineterm="", n=0)
            if line[:1] in "+-" and not line.startswith(("+++", "---"))
        ]
        if lines:
            out[key] = lines
    return out


def diff_versions(old: dict[str, Any], new: dict[str, Any]) -> dict[str, Any]:
    """The whole diff of two versions given as ``{"figures": ..., "text": ...}``."""
    figures = figure_changes(old.get("figures") or {}, new.get("figures") or {})
    checks = check_changes(old.get("figures") or {}, new.get("figures") or {})
    text = text_changes(old.get("text"), new.get("text"))
    return {
        "figures": figures,
        "checks": checks,
        "text": text,
        "text_changed": bool(text),
        "change_count": len(figures) + len(checks) + sum(len(v) for v in text.values()),
    }
