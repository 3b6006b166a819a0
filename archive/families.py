"""The names of the CMS families a source may name, as the crawler registers them.

The archive stores ``Source.family`` as a plain string so that a new family needs no
migration; the crawler's family modules call :func:`register_family` when imported
(``crawler/families``). Without the crawler loaded (re-extraction, queries) nothing
but ``auto`` is registered, and :func:`check_family` accepts any well-formed name: the
crawler checks it again before it crawls.
"""

from __future__ import annotations

import re

AUTO = "auto"
_NAME = re.compile(r"^[a-z][a-z0-9_]{0,31}$")
_registered: set[str] = {AUTO}


def register_family(name: str) -> None:
    if not _NAME.match(name):
        raise ValueError(f"family name {name!r} must be lowercase letters, digits and _")
    _registered.add(name)


def known_families() -> frozenset[str]:
    return frozenset(_registered)


def check_family(name: str) -> str | None:
    """None when ``name`` is acceptable, else the reason it is not."""
    if not _NAME.match(name):
        return f"family {name!r} is not a family name"
    if len(_registered) > 1 and name not in _registered:
        return f"unknown family {name!r} (expected {' | '.join(sorted(_registered))})"
    return None
