"""``no_gc_pauses``: no cyclic garbage collection while a big answer is built."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def no_gc_pauses() -> Iterator[None]:
    """No cyclic garbage collection while a big answer is built; then as it was.

    Fetching and building tens of thousands of rows (acyclic tuples and dicts, freed by
    reference counting) made the collector run several full passes over the whole heap
    per query: a quarter of the time of ``overdue`` at 50,000 bodies. Afterwards the
    collector looks at the answer once, as at any other new objects.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
