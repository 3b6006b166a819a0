"""Extracting many stored documents at once, in worker processes, outside any reactor.

Each worker reads its blob from the store itself (only hashes cross the process
boundary) and returns the report, the normalized text the versions compare, and the
format; or the error kind and its one line. A worker that dies loses only its document.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor
from typing import Any

from .blobstore import BlobStore
from .extract import ExtractError
from .extract.report import analyse_document, read_document
from .normalize import normalize_text


def extract_bytes(data: bytes) -> dict[str, Any]:
    """What ingest keeps of a document's bytes: ``{"report", "text", "format",
    "evidence", "page_title"}``; ``evidence`` is what the document says of its year and
    body.  Raises :class:`ExtractError` (``bench/extract.py`` times this function)."""
    doc = read_document(data)
    report, evidence = analyse_document(doc)
    text = normalize_text(" ".join(filter(None, line.cells)) for line in doc.lines)
    fmt = {"zip": "docx", "ole": "doc", "text": "txt"}.get(doc.format, doc.format)
    return {
        "report": report,
        "text": text,
        "format": fmt,
        "evidence": evidence.as_dict(),
        "page_title": doc.title,
    }


def _extract_blob(blob_dir: str, sha256: str) -> tuple[str, Any]:
    """Worker: ``("ok", extract_bytes(…))`` or ``(error kind, one-line message)``."""
    try:
        return "ok", extract_bytes(BlobStore(blob_dir).get(sha256))
    except ExtractError as exc:
        return exc.kind, str(exc)
    except RecursionError:
        return "corrupt", "the document nests too deeply to read"
    except Exception as exc:  # a bug in the extractor must not lose the rest of the run
        return "error", f"{type(exc).__name__}: {exc}"[:500]


def extract_blobs(
    store: BlobStore,
    shas: Iterable[str],
    workers: int | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> dict[str, tuple[str, Any]]:
    todo = sorted(set(shas))
    results: dict[str, tuple[str, Any]] = {}
    if not todo:
        return results
    workers = workers or max(1, min(len(todo), os.cpu_count() or 1))
    if workers == 1:
        for i, sha in enumerate(todo, 1):
            results[sha] = _extract_blob(str(store.root), sha)
            if progress:
                progress(i, len(todo))
        return results
    with ProcessPoolExecutor(max_workers=workers) as pool:
        futures = {sha: pool.submit(_extract_blob, str(store.root), sha) for sha in todo}
        for i, (sha, future) in enumerate(futures.items(), 1):
            try:
                results[sha] = future.result()
            except Exception as exc:  # the worker died (out of memory, killed)
                results[sha] = ("error", f"extraction worker failed: {exc}"[:500])
            if progress:
                progress(i, len(todo))
    return results
