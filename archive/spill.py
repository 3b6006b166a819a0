"""Found documents kept in a temporary file until their (body, year) group is written.

Ingest reads a run's captures chunk by chunk; a report's group is complete only after
the last chunk, so the documents wait here (pickled, zstd level 1: three times faster
than zlib's fastest here, for 4% more bytes), not in memory: a run
of 100,000 pages never holds all its reports' figures and texts at once.
"""

from __future__ import annotations

import pickle
from dataclasses import replace
from typing import IO

import zstandard

from .found import Found
from .models import Capture


class Spill:
    """Found documents kept in a temporary file until their (body, year) group is
    written, so a run's reports (figures and text) never all sit in memory at once."""

    def __init__(self, file: IO[bytes]) -> None:
        self.file = file
        self._pack = zstandard.ZstdCompressor(level=1).compress
        self._unpack = zstandard.ZstdDecompressor().decompress

    def put(self, f: Found) -> tuple[int, int]:
        data = self._pack(pickle.dumps(replace(f, capture=None)))
        self.file.seek(0, 2)
        offset = self.file.tell()
        self.file.write(data)
        return offset, len(data)

    def get(self, ref: tuple[int, int], capture: Capture) -> Found:
        self.file.seek(ref[0])
        f: Found = pickle.loads(self._unpack(self.file.read(ref[1])))
        f.capture = capture
        return f
