"""Content-addressed storage of raw bytes, exactly as received.

A blob is named by the sha256 of its original bytes and kept zstd-compressed at
``<root>/<ab>/<cd>/<sha256>.zst``. Writes are atomic (temporary file in the same
folder, fsync, rename), so a crash never leaves a partial blob under a real name;
the same bytes are never stored twice; every read is verified against the name, and a
damaged copy is replaced when the same bytes arrive again (a re-crawl heals it).
The database keeps only the hash and sizes (``archive.models.Blob``).
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

import zstandard

from .errors import BlobError

_LEVEL = 3  # zstd's default: HTML shrinks about 11x (12x at 6, for 3.6x the CPU), beside a crawl


class BlobMissing(BlobError):
    pass


class BlobCorrupt(BlobError):
    pass


@dataclass(frozen=True)
class StoredBlob:
    sha256: str
    size: int
    stored_size: int
    created: bool  # False when the same bytes were already stored


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


class BlobStore:
    def __init__(self, root: str | os.PathLike[str]) -> None:
        self.root = Path(root)

    def path_for(self, sha256: str) -> Path:
        if len(sha256) != 64 or any(c not in "0123456789abcdef" for c in sha256):
            raise ValueError(f"not a sha256 hex digest: {sha256!r}")
        return self.root / sha256[:2] / sha256[2:4] / f"{sha256}.zst"

    def exists(self, sha256: str) -> bool:
        return self.path_for(sha256).exists()

    def put(self, data: bytes) -> StoredBlob:
        """Store ``data`` unless already present; returns its hash and sizes."""
        digest = sha256_hex(data)
        path = self.path_for(digest)
        if path.exists():
            try:
                self.get(digest)
                return StoredBlob(digest, len(data), path.stat().st_size, created=False)
            except BlobError:
                pass  # a damaged copy: the good bytes in hand replace it
        compressed = zstandard.ZstdCompressor(level=_LEVEL).compress(data)
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=".zst")
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(compressed)
                fh.flush()
                os.fsync(fh.fileno())
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        return StoredBlob(digest, len(data), len(compressed), created=True)

    def get(self, sha256: str) -> bytes:
        """The original bytes, verified; ``BlobMissing`` / ``BlobCorrupt`` name the blob."""
        path = self.path_for(sha256)
        try:
            compressed = path.read_bytes()
        except FileNotFoundError:
            raise BlobMissing(f"blob {sha256} is missing from {self.root}") from None
        try:
            data = zstandard.ZstdDecompressor().decompress(compressed)
        except zstandard.ZstdError as exc:
            raise BlobCorrupt(f"blob {sha256} is corrupt ({path}): {exc}") from None
        found = sha256_hex(data)
        if found != sha256:
            raise BlobCorrupt(f"blob {sha256} is corrupt ({path}): its bytes hash to {found}")
        return data
