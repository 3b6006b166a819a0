"""Caches that outlive one document (cell texts, the rows a label names): registered
here, so that ``bench/extract.py`` can empty them all before each document it times
and measure a blob a worker sees for the first time."""

from __future__ import annotations

from typing import Any, TypeVar

_REGISTERED: list[dict[Any, Any]] = []

D = TypeVar("D", bound=dict[Any, Any])


def memo(cache: D) -> D:
    """``cache``, registered to be emptied by :func:`clear_all`."""
    _REGISTERED.append(cache)
    return cache


def clear_all() -> None:
    """Empty every registered cache."""
    for cache in _REGISTERED:
        cache.clear()
