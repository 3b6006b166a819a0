"""The blob store keeps bytes exactly, once, atomically, and notices corruption."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest

from archive.blobstore import BlobCorrupt, BlobMissing, BlobStore

GBK_PAGE = "<html><meta charset=gbk><title>民权县2023年政府信息公开工作年度报告</title>".encode(
    "gbk"
)


def test_round_trip_returns_the_exact_bytes(tmp_path: Path) -> None:
    store = BlobStore(tmp_path)
    for data in (GBK_PAGE, b"", os.urandom(200_000), b"%PDF-1.7\n" + b"\x00" * 1000):
        stored = store.put(data)
        assert stored.sha256 == hashlib.sha256(data).hexdigest()
        assert stored.size == len(data)
        assert store.get(stored.sha256) == data


def test_blobs_are_named_by_hash_and_compressed(tmp_path: Path) -> None:
    store = BlobStore(tmp_path)
    data = GBK_PAGE * 500
    stored = store.put(data)
    path = store.path_for(stored.sha256)
    assert path == tmp_path / stored.sha256[:2] / stored.sha256[2:4] / f"{stored.sha256}.zst"
    assert path.stat().st_size == stored.stored_size < len(data) / 10


def test_the_same_bytes_are_never_stored_twice(tmp_path: Path) -> None:
    store = BlobStore(tmp_path)
    first = store.put(GBK_PAGE)
    mtime = store.path_for(first.sha256).stat().st_mtime_ns
    second = store.put(GBK_PAGE)
    assert first.created and not second.created
    assert store.path_for(first.sha256).stat().st_mtime_ns == mtime
    assert [p for p in tmp_path.rglob("*") if p.is_file()] == [store.path_for(first.sha256)]


def test_a_failure_mid_write_leaves_no_partial_blob(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = BlobStore(tmp_path)

    def disk_full(*_args: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", disk_full)
    with pytest.raises(OSError, match="No space"):
        store.put(GBK_PAGE)
    monkeypatch.undo()
    assert [p for p in tmp_path.rglob("*") if p.is_file()] == []
    assert not store.exists(hashlib.sha256(GBK_PAGE).hexdigest())
    assert store.get(store.put(GBK_PAGE).sha256) == GBK_PAGE


def test_a_flipped_byte_is_reported_with_the_blobs_name(tmp_path: Path) -> None:
    store = BlobStore(tmp_path)
    sha = store.put(GBK_PAGE * 50).sha256
    path = store.path_for(sha)
    raw = bytearray(path.read_bytes())
    raw[len(raw) // 2] ^= 0xFF
    path.write_bytes(bytes(raw))
    with pytest.raises(BlobCorrupt, match=sha):
        store.get(sha)


def test_a_substituted_blob_fails_its_hash(tmp_path: Path) -> None:
    store = BlobStore(tmp_path)
    good, other = store.put(b"report v1"), store.put(b"report v2")
    store.path_for(good.sha256).write_bytes(store.path_for(other.sha256).read_bytes())
    with pytest.raises(BlobCorrupt, match=f"{good.sha256}.*hash to {other.sha256}"):
        store.get(good.sha256)


def test_a_missing_blob_is_named(tmp_path: Path) -> None:
    with pytest.raises(BlobMissing, match="f" * 64):
        BlobStore(tmp_path).get("f" * 64)


def test_names_that_are_not_hashes_are_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="sha256"):
        BlobStore(tmp_path).get("../../etc/passwd")
