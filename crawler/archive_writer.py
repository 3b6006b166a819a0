"""The process that writes a crawl into the archive: blobs to the store, captures to the DB.

It runs beside Scrapy in a process of its own (``crawler.pipeline`` starts it), so
hashing, compressing, fsyncing and inserting never take the reactor's GIL. It reads
fetches from a queue, writes them in batches (one transaction each), and reports back
once at the end: what it wrote, or the one error that stopped it. If the crawl process
dies (``kill -9``), the writer notices within a second, writes what it already received
and exits, so no orphan keeps the archive open. Nothing here imports Scrapy.
"""

from __future__ import annotations

import errno
import multiprocessing
import queue
import signal
import time
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session, sessionmaker

from archive.blobstore import BlobStore
from archive.db import busy_timeout, make_engine, session_factory
from archive.models import Blob, Capture, FetchOutcome, utcnow
from archive.revisits import mark_revisits

BATCH = 50
FLUSH_SECONDS = 0.5
STOP = "stop"


def insert_ignoring_duplicates(session: Session, model: type[Blob] | type[Capture]) -> Any:
    """INSERT … ON CONFLICT DO NOTHING on SQLite and PostgreSQL."""
    dialect = session.get_bind().dialect.name
    if dialect == "postgresql":
        return postgresql.insert(model).on_conflict_do_nothing()
    if dialect == "sqlite":
        return sqlite.insert(model).on_conflict_do_nothing()
    return insert(model)


def header(headers: dict[str, list[str]], name: str) -> str | None:
    for key, values in headers.items():
        if key.lower() == name.lower() and values:
            return values[0][:500]
    return None


def write_batch(
    sessions: sessionmaker[Session], store: BlobStore, items: list[dict[str, Any]]
) -> int:
    """Store the batch's bodies and insert its captures in one transaction; new blobs."""
    rows: list[dict[str, Any]] = []
    blobs: dict[str, dict[str, Any]] = {}
    for item in items:
        sha = None
        etag = header(item["headers"], "ETag")
        last_modified = header(item["headers"], "Last-Modified")
        if item["not_modified"]:
            # A 304 need not repeat its validators: keep the ones it answered to.
            sha = item["known_sha"]
            etag = etag or item["known_etag"]
            last_modified = last_modified or item["known_last_modified"]
        elif item["body"] is not None:
            stored = store.put(item["body"])
            sha = stored.sha256
            blobs.setdefault(
                sha, {"sha256": sha, "size": stored.size, "stored_size": stored.stored_size}
            )
        rows.append(
            {
                "run_id": item["run_id"],
                "source_id": item["source_id"],
                "requested_url": item["requested_url"],
                "final_url": item["final_url"],
                "method": "GET",
                "status": 304 if item["not_modified"] else item["status"],
                "outcome": FetchOutcome.NOT_MODIFIED if item["not_modified"] else item["outcome"],
                "headers": item["headers"],
                "content_type": header(item["headers"], "Content-Type"),
                "etag": etag,
                "last_modified": last_modified,
                "blob_sha256": sha,
                "referer": item["referer"],
                "error": (item["error"] or None) and item["error"][:1000],
                "role": item["role"],
                "context": item["context"],
                "fetched_at": item["fetched_at"],
            }
        )
    new: list[dict[str, Any]] = []
    with sessions.begin() as session:
        if blobs:
            known = set(session.scalars(select(Blob.sha256).where(Blob.sha256.in_(list(blobs)))))
            new = [b | {"created_at": utcnow()} for sha, b in blobs.items() if sha not in known]
            if new:
                # Another crawl may store the same bytes at the same moment.
                session.execute(insert_ignoring_duplicates(session, Blob), new)
        mark_revisits(session, rows)
        # Once per run and URL, even if another node redoing this run got there first.
        session.execute(insert_ignoring_duplicates(session, Capture), rows)
    return len(new)


def writer_main(
    db_url: str, blob_dir: str, inbox: multiprocessing.Queue, outbox: multiprocessing.Queue
) -> None:
    """The writer process: batches from ``inbox`` until STOP; one report on ``outbox``."""
    # Ctrl-C reaches the whole process group; the crawl decides when to stop, and then
    # sends STOP, so the writer drains instead of dying half-way.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    parent = multiprocessing.parent_process()
    engine = make_engine(db_url)
    sessions = session_factory(engine)
    store = BlobStore(blob_dir)
    pending: list[dict[str, Any]] = []
    written = new_blobs = 0
    last = time.monotonic()
    try:
        while True:
            try:
                got = inbox.get(timeout=FLUSH_SECONDS)
            except queue.Empty:
                got = None
            if isinstance(got, dict):
                pending.append(got)
            if got is None and parent is not None and not parent.is_alive():
                # The crawl was killed: keep what reached us, then go.
                pending.extend(_drain(inbox))
                if pending:
                    write_batch(sessions, store, pending)
                return
            due = time.monotonic() - last >= FLUSH_SECONDS
            if pending and (len(pending) >= BATCH or due or got == STOP):
                new_blobs += write_batch(sessions, store, pending)
                written += len(pending)
                pending = []
                last = time.monotonic()
            if got == STOP:
                outbox.put(("done", {"written": written, "new_blobs": new_blobs}))
                return
    except BaseException as exc:
        outbox.put(("error", describe_failure(exc)))
    finally:
        engine.dispose()


def _drain(inbox: multiprocessing.Queue) -> list[dict[str, Any]]:
    """What is left in the queue, without waiting for more."""
    items: list[dict[str, Any]] = []
    for _ in range(100_000):  # bounded: the queue holds at most QUEUE_SIZE
        try:
            got = inbox.get(timeout=0.1)
        except (queue.Empty, OSError, EOFError):
            break
        if isinstance(got, dict):
            items.append(got)
    return items


def describe_failure(exc: BaseException) -> str:
    """One line for why the writer stopped: the cause a person can act on first."""
    text = str(getattr(exc, "orig", None) or exc).splitlines()[0] if str(exc) else ""
    if isinstance(exc, OSError) and exc.errno == errno.ENOSPC:
        return f"the blob store's disk is full ({exc.filename or 'no space left on device'})"
    if isinstance(exc, OSError) and exc.errno == errno.EFBIG:
        return f"a file grew past the size this process may write ({exc.filename or ''})"
    if "database is locked" in text:
        return (
            f"the archive database stayed locked by another process for over {busy_timeout():g} s"
        )
    return f"{type(exc).__name__}: {text}"[:500]
