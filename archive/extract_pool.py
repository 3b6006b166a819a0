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

    def _drop(self, pool: ProcessPoolExecutor | None) -> None:
        """Let a broken pool go (a worker died); the next submission starts a fresh one."""
        if pool is not None and self._pool is pool:
            pool.shutdown(wait=False, cancel_futures=True)
            self._pool = None

    def _submit(self, sha: str) -> tuple[Future[tuple[str, Any]], ProcessPoolExecutor]:
        pool = self._live_pool()
        try:
            return pool.submit(_extract_blob, self.root, sha), pool
        except BrokenProcessPool:  # a worker died since the last submission
            self._drop(pool)
            pool = self._live_pool()
            return pool.submit(_extract_blob, self.root, sha), pool

    def submit(self, shas: Iterable[str]) -> None:
        """Start extracting these blobs in the workers (nothing, with one worker)."""
        if self.workers == 1:
            return
        for sha in sorted(set(shas) - set(self._pending)):
            self._pending[sha] = self._submit(sha)

    def results(
        self, shas: Iterable[str], progress: Callable[[int, int], None] | None = None
    ) -> dict[str, tuple[str, Any]]:
        """``sha → (kind, value)`` for every blob asked; what else was submitted and
        not asked is dropped (its bytes were judged meanwhile)."""
        todo = sorted(set(shas))
        self.submit(todo)
        pending: dict[str, _Pending] = {}
        for sha, (future, pool) in self._pending.items():
            if sha in todo:
                pending[sha] = (future, pool)
            else:
                future.cancel()
        self._pending = {}
        results: dict[str, tuple[str, Any]] = {}
        again: set[str] = set()
        for i, sha in enumerate(todo, 1):
            if sha not in pending:  # one worker: here and now
                results[sha] = _extract_blob(self.root, sha)
            else:
                results[sha] = self._result(sha, pending, todo[i:], again)
            if progress:
                progress(i, len(todo))
        return results

    def _result(
        self, sha: str, pending: dict[str, _Pending], later: list[str], again: set[str]
    ) -> tuple[str, Any]:
        """The document's result. A worker that died (out of memory, killed) broke its
        pool, and every document the pool still held failed with it: those are tried
        again together in a fresh pool; if that one breaks too, one at a time, so only
        a document that kills its worker every time is lost."""
        future, pool = pending[sha]
        if future is None:
            return self._alone(sha)
        try:
            return future.result()
        except BrokenProcessPool:
            pass
        except Exception as exc:  # the result could not come back
            return "error", f"extraction worker failed: {exc}"[:500]
        self._drop(pool)
        held = [s for s in (sha, *later) if pending[s][1] is pool and not _done(pending[s][0])]
        for s in held:
            if sha in again:  # the second pool broke too
                pending[s] = (None, None)
            else:
                pending[s] = self._submit(s)
        again.update(held)
        return self._result(sha, pending, later, again)

    def _alone(self, sha: str) -> tuple[str, Any]:
        future, pool = self._submit(sha)
        try:
            return future.result()
        except BrokenProcessPool:
            self._drop(pool)
            return "error", "extraction worker failed: its process died on this document"


_Pending = tuple["Future[tuple[str, Any]] | None", "ProcessPoolExecutor | None"]


def _done(future: Future[tuple[str, Any]] | None) -> bool:
    """A future whose result came back before its pool broke."""
    return (
        future is not None
        and future.done()
        and not future.cancelled()
        and future.exception() is None
    )


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
