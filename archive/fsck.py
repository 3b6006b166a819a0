"""The archive checks itself: every blob against its sha256, every capture against its blob.

``check_archive`` reads every blob the database names (decompressing and hashing it, as
``BlobStore.get`` does on every read), notes blob files the database does not name, and
lists the captures and report versions whose bytes are gone or damaged. ``repair``
moves each damaged blob file into ``<data>/quarantine/`` (never deleting it) so that
nothing reads it as the truth again: a re-crawl then asks for the body afresh instead of
a conditional request answered from a corrupt copy (``crawler/middlewares/conditional``),
and ``reextract`` names the versions that need it. Read only unless ``repair``.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from .blobstore import BlobCorrupt, BlobMissing, BlobStore
from .models import Blob, Capture, ReportVersion


@dataclass
class FsckResult:
    blobs: int = 0
    missing: list[str] = field(default_factory=list)
    corrupt: list[dict[str, str]] = field(default_factory=list)
    size_mismatch: list[dict[str, object]] = field(default_factory=list)
    unreferenced: list[str] = field(default_factory=list)
    captures_damaged: list[int] = field(default_factory=list)
    captures_unknown_blob: list[int] = field(default_factory=list)
    versions_damaged: list[int] = field(default_factory=list)
    quarantined: list[str] = field(default_factory=list)
    # Blobs a repair already moved to quarantine: a known loss, not new damage.
    known_lost: list[str] = field(default_factory=list)

    @property
    def damaged(self) -> set[str]:
        return (
            set(self.missing)
            | {c["sha256"] for c in self.corrupt}
            | {str(s["sha256"]) for s in self.size_mismatch}
        )

    @property
    def clean(self) -> bool:
        """No damage beyond what an earlier repair quarantined."""
        return not ((self.damaged - set(self.known_lost)) or self.captures_unknown_blob)

    def as_dict(self) -> dict[str, object]:
        return {
            "blobs": self.blobs,
            "missing": self.missing,
            "corrupt": self.corrupt,
            "size_mismatch": self.size_mismatch,
            "unreferenced": self.unreferenced,
            "captures_damaged": self.captures_damaged,
            "captures_unknown_blob": self.captures_unknown_blob,
            "versions_damaged": self.versions_damaged,
            "quarantined": self.quarantined,
            "known_lost": self.known_lost,
        }


def check_archive(
    session: Session,
    store: BlobStore,
    progress: Callable[[int, int], None] | None = None,
    quarantine: Path | None = None,
) -> FsckResult:
    result = FsckResult()
    quarantined = (
        {p.stem for p in quarantine.glob("*.zst")} if quarantine and quarantine.exists() else set()
    )
    rows = list(session.execute(select(Blob.sha256, Blob.size).order_by(Blob.sha256)))
    result.blobs = len(rows)
    known = set()
    for i, (sha, size) in enumerate(rows, 1):
        known.add(sha)
        try:
            data = store.get(sha)
        except BlobMissing:
            result.missing.append(sha)
            if sha in quarantined:
                result.known_lost.append(sha)
        except BlobCorrupt as exc:
            result.corrupt.append({"sha256": sha, "why": str(exc).split(": ", 1)[-1]})
        else:
            if size is not None and len(data) != size:
                result.size_mismatch.append({"sha256": sha, "size": size, "found": len(data)})
        if progress:
            progress(i, len(rows))
    damaged = result.damaged
    for capture_id, sha in session.execute(
        select(Capture.id, Capture.blob_sha256)
        .where(Capture.blob_sha256.is_not(None))
        .order_by(Capture.id)
    ):
        if sha not in known:
            result.captures_unknown_blob.append(capture_id)
        elif sha in damaged:
            result.captures_damaged.append(capture_id)
    if damaged:
        result.versions_damaged = list(
            session.scalars(
                select(ReportVersion.id)
                .where(ReportVersion.document_blob_sha256.in_(damaged))
                .order_by(ReportVersion.id)
            )
        )
    if store.root.exists():
        for path in sorted(store.root.rglob("*.zst")):
            if path.name.startswith(".tmp-"):
                continue
            if path.stem not in known:
                result.unreferenced.append(path.stem)
    return result


def repair(result: FsckResult, store: BlobStore, quarantine: Path) -> list[str]:
    """Move every damaged blob file into ``quarantine`` with a note of why; their names."""
    why = {c["sha256"]: c["why"] for c in result.corrupt}
    why.update({str(s["sha256"]): "size differs from the database" for s in result.size_mismatch})
    moved = []
    for sha, reason in sorted(why.items()):
        path = store.path_for(sha)
        if not path.exists():
            continue
        quarantine.mkdir(parents=True, exist_ok=True)
        target = quarantine / path.name
        os.replace(path, target)
        note = {"sha256": sha, "why": reason, "at": datetime.now(UTC).isoformat()}
        (quarantine / f"{sha}.json").write_text(json.dumps(note), encoding="utf-8")
        moved.append(sha)
    result.quarantined = moved
    return moved
