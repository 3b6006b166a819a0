"""Storing bytes and recording them in the archive in one call."""

from __future__ import annotations

from sqlalchemy.orm import Session

from .blobstore import BlobStore, StoredBlob
from .models import Blob


def store_blob(session: Session, store: BlobStore, data: bytes) -> StoredBlob:
    """Write ``data`` to the store and make sure its ``blobs`` row exists (no commit)."""
    stored = store.put(data)
    if session.get(Blob, stored.sha256) is None:
        session.add(Blob(sha256=stored.sha256, size=stored.size, stored_size=stored.stored_size))
    return stored
