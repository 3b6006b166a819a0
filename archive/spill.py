"""Found documents kept in a temporary file until their (body, year) group is written.

Ingest reads a run's captures chunk by chunk; a report's group is complete only after
the last chunk, so the documents wait here (pickled, zlib level 1), not in memory: a run
of 100,000 pages never holds all its reports' figures and texts at once.
"""

from __future__ import annotations

import pickle
import zlib
from dataclasses import replace
from typing import IO

from .found import Found
from .models import Capture


class Spill:
    """Found documents kept in a temporary file until their (body, year) group is
    written, so a run's reports (figures and text) never all sit in memory at once."""

    def __init__(self, file: IO[bytes]) -> None:
        self.file = file

    def put(self, f: Found) -> tuple[int, int]:
        data = zlib.compress(pickle.dumps(replace(f, capture=None)), 1)
        self.file.seek(0, 2)
        offset = self.file.tell()
        self.file.write(data)
        return offset, len(data)

    def get(self, ref: tuple[int, int], capture: Capture) -> Found:
        self.file.seek(ref[0])
        f: Found = pickle.loads(zlib.decompress(self.file.read(ref[1])))
        f.capture = capture
        return f
