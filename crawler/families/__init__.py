"""CMS families: how each kind of portal lists its pages. A site is configuration.

Every module of this package is imported here; a module that defines a family class
with the ``@family`` decorator registers it (for ``family: auto`` and for
``archive.families``). Adding a family is adding a file.
"""

from __future__ import annotations

import importlib
import pkgutil

from .base import REGISTRY, Family, ListPage, family

for _module in pkgutil.iter_modules(__path__):
    if _module.name != "base":
        importlib.import_module(f"{__name__}.{_module.name}")

FAMILIES = REGISTRY  # the registry under its old name


def detect_family(html: str, url: str) -> str:
    """``family: auto``: the first registered family (by priority) whose markers the page
    shows, else ``generic``."""
    for cls in sorted(REGISTRY.values(), key=lambda c: (c.priority, c.name)):
        if cls.recognises(html, url):
            return cls.name
    return "generic"


def family_class(name: str) -> type[Family]:
    """The registered family of this name; KeyError when there is none."""
    return REGISTRY[name]


__all__ = ["FAMILIES", "REGISTRY", "Family", "ListPage", "detect_family", "family", "family_class"]
