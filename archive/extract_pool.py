"""Extracting many stored documents at once, in worker processes, outside any reactor.

Each worker reads its blob from the store itself (only hashes cross the process
boundary) and returns the report, the normalized text the versions compare, and the
format; or the error kind and its one line. A worker that dies loses only its document:
the others it held are tried again.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
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


class ExtractionPool:
    """Worker processes kept for a whole ingest, so documents can be handed over ahead.

    ``submit`` starts extracting blobs in the background; ``results`` hands back those
    asked for, extracting any not submitted, and forgets the rest of what was submitted.
    Ingest submits the next chunk's documents before it writes this chunk's reports, so
    the workers extract while the main process writes, and their warm caches (compiled
    patterns, ``archive/extract/memo.py``) serve the whole run. ``workers == 1``
    extracts in this process, when asked.
    """

    def __init__(self, store: BlobStore, workers: int | None = None) -> None:
        self.root = str(store.root)
        self.workers = workers or max(1, os.cpu_count() or 1)
        self._pool: ProcessPoolExecutor | None = None
        self._pending: dict[str, tuple[Future[tuple[str, Any]], ProcessPoolExecutor]] = {}

    def __enter__(self) -> ExtractionPool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self._pending.clear()
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None

    def _live_pool(self) -> ProcessPoolExecutor:
        if self._pool is None:
            self._pool = ProcessPoolExecutor(max_workers=self.workers)
        return self._pool

    def submit(self, shas: Iterable[str]) -> None:
        """Start extracting these blobs in the workers (nothing, with one worker)."""
        if self.workers == 1:
            return
        for sha in sorted(set(shas) - set(self._pending)):
            pool = self._live_pool()
            self._pending[sha] = (pool.submit(_extract_blob, self.root, sha), pool)

    def results(
        self, shas: Iterable[str], progress: Callable[[int, int], None] | None = None
    ) -> dict[str, tuple[str, Any]]:
        """``sha → (kind, value)`` for every blob asked; what else was submitted and
        not asked is dropped (its bytes were judged meanwhile)."""
        todo = sorted(set(shas))
        self.submit(todo)
        pending, self._pending = self._pending, {}
        for sha, (future, _) in pending.items():
            if sha not in todo:
                future.cancel()
        results: dict[str, tuple[str, Any]] = {}
        for i, sha in enumerate(todo, 1):
            if sha not in pending:  # one worker: here and now
                results[sha] = _extract_blob(self.root, sha)
            else:
                results[sha] = self._result(sha, *pending[sha])
            if progress:
                progress(i, len(todo))
        return results

    def _result(
        self, sha: str, future: Future[tuple[str, Any]], pool: ProcessPoolExecutor
    ) -> tuple[str, Any]:
        """The future's result. A worker that died (out of memory, killed) broke its
        pool, and every document the pool held failed with it: each is tried once more
        alone in a fresh pool, so only a document that kills its worker again is lost."""
        try:
            return future.result()
        except BrokenProcessPool:
            pass
        except Exception as exc:  # the result could not come back
            return "error", f"extraction worker failed: {exc}"[:500]
        if self._pool is pool:  # the first of the broken pool's documents: a fresh pool
            pool.shutdown(wait=False, cancel_futures=True)
            self._pool = None
        try:
            return self._live_pool().submit(_extract_blob, self.root, sha).result()
        except BrokenProcessPool:
            if self._pool is not None:  # killed again: this document; the next starts afresh
                self._pool.shutdown(wait=False, cancel_futures=True)
            self._pool = None
            return "error", "extraction worker failed: its process died on this document"


def extract_blobs(
    store: BlobStore,
    shas: Iterable[str],
    workers: int | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> dict[str, tuple[str, Any]]:
    """Extract these blobs once, in a pool of their own (at most one worker a blob)."""
    todo = set(shas)
    if not todo:
        return {}
    with ExtractionPool(store, min(len(todo), workers or os.cpu_count() or 1)) as pool:
        return pool.results(todo, progress)
