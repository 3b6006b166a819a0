"""Unchanged re-fetches are compact revisit records, on SQLite and on PostgreSQL.

The archive writer (``crawler.archive_writer.write_batch``) stores real bodies in a real
blob store and inserts captures into a real database at head; the WARC export of the
result is read back with warcio.
"""

from __future__ import annotations

import io
from datetime import timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker
from warcio.archiveiterator import ArchiveIterator

from archive.blobstore import BlobStore
from archive.export.warc import write_warc
from archive.models import Capture, CrawlRun, FetchOutcome, utcnow
from archive.revisits import with_inherited
from crawler.archive_writer import write_batch
from crawler.context import load_context
from tests.archive.builders import registry, source

URL = "http://127.0.0.1:8765/ndbg/2023/t2024_1.html"
PAGE = "<html><meta charset='utf-8'><title>某镇2023年通知</title><p>通知</p></html>".encode()
CHANGED = PAGE.replace("通知".encode(), "公告".encode())


def _fetch(run_id: int, source_id: int, n: int, **kw: Any) -> dict[str, Any]:
    item = {
        "run_id": run_id,
        "source_id": source_id,
        "role": "article",
        "requested_url": URL,
        "final_url": URL,
        "outcome": FetchOutcome.OK.value,
        "status": 200,
        "headers": {
            "Date": [f"Wed, 02 Dec 2026 0{n}:00:00 GMT"],
            "Content-Type": ["text/html; charset=utf-8"],
            "ETag": ['"v1"'],
            "Server": ["nginx"],
        },
        "body": PAGE,
        "not_modified": False,
        "error": None,
        "referer": "http://127.0.0.1:8765/ndbg/index.html",
        "context": {"title": "某镇2023年政府信息公开工作年度报告"},
        "fetched_at": utcnow() + timedelta(minutes=n),
        "known_sha": None,
        "known_etag": None,
        "known_last_modified": None,
    }
    return item | kw


def _runs(sessions: sessionmaker[Session], count: int) -> tuple[list[int], int]:
    with sessions.begin() as session:
        registry(session)
        src = source(session)
        runs = [CrawlRun() for _ in range(count)]
        session.add_all(runs)
        session.flush()
        return [r.id for r in runs], src.id


def test_unchanged_refetches_refer_to_the_first_full_capture(both_sessions, tmp_path) -> None:
    db = both_sessions
    store = BlobStore(tmp_path / "blobs")
    (r1, r2, r3, r4, r5), sid = _runs(db, 5)
    assert write_batch(db, store, [_fetch(r1, sid, 1)]) == 1
    # no validators at all: the same bytes again are known by their hash
    assert write_batch(db, store, [_fetch(r2, sid, 2)]) == 0
    with db() as session:
        first = session.scalars(select(Capture).where(Capture.run_id == r1)).one()
    # a 304 to the validators of the last capture
    write_batch(
        db,
        store,
        [
            _fetch(
                r3,
                sid,
                3,
                status=304,
                body=None,
                not_modified=True,
                headers={"Date": ["Wed, 02 Dec 2026 03:00:00 GMT"]},
                known_sha=first.blob_sha256,
                known_etag=first.etag,
            )
        ],
    )
    assert write_batch(db, store, [_fetch(r4, sid, 4, body=CHANGED)]) == 1
    with db() as session:
        by_run = {c.run_id: c for c in session.scalars(select(Capture))}
    assert by_run[r1].revisit_of is None and by_run[r1].headers["Server"] == ["nginx"]
    for run in (r2, r3):
        revisit = by_run[run]
        assert revisit.revisit_of == first.id
        assert revisit.headers == {}
        assert revisit.blob_sha256 == first.blob_sha256
        assert revisit.fetched_at > first.fetched_at  # when it was seen again
        assert revisit.context == first.context
        # what it would repeat is left empty, and read from the full capture
        assert (revisit.etag, revisit.content_type, revisit.referer) == (None, None, None)
        with db() as session:
            shown = with_inherited(session, session.get(Capture, revisit.id))
        assert (shown.etag, shown.content_type, shown.referer) == (
            first.etag,
            first.content_type,
            first.referer,
        )
    assert by_run[r3].outcome == FetchOutcome.NOT_MODIFIED and by_run[r3].status == 304
    changed = by_run[r4]
    assert changed.revisit_of is None and changed.headers["Server"] == ["nginx"]
    assert changed.blob_sha256 != first.blob_sha256
    # the next crawl asks with the validators of the newest capture
    with db() as session:
        url = session.get_bind().url.render_as_string(hide_password=False)
    validators = load_context(url, tmp_path, 0, [str(sid)]).validators[URL]
    assert (validators.etag, validators.blob_sha256) == ('"v1"', changed.blob_sha256)
    write_batch(db, store, [_fetch(r5, sid, 5, body=CHANGED)])
    validators = load_context(url, tmp_path, 0, [str(sid)]).validators[URL]
    assert (validators.etag, validators.content_type) == ('"v1"', "text/html; charset=utf-8")

    # WARC: revisits refer to the full record in the same file, without the bytes...
    out = io.BytesIO()
    with db() as session:
        assert write_warc(session, store, out) == 5
    records = list(ArchiveIterator(io.BytesIO(out.getvalue())))
    kinds = [(r.rec_type, r.rec_headers.get_header("WARC-nianbao-Capture")) for r in records]
    assert kinds == [
        ("warcinfo", None),
        ("response", str(first.id)),
        ("revisit", str(by_run[r2].id)),
        ("revisit", str(by_run[r3].id)),
        ("response", str(changed.id)),
        ("revisit", str(changed.id + 1)),
    ]
    response, revisit = records[1], records[3]
    assert revisit.rec_headers.get_header("WARC-Refers-To-Target-URI") == URL
    assert revisit.rec_headers.get_header("WARC-Refers-To-Date") == response.rec_headers.get_header(
        "WARC-Date"
    )
    assert revisit.rec_headers.get_header("WARC-Payload-Digest") == response.rec_headers.get_header(
        "WARC-Payload-Digest"
    )
    assert revisit.http_headers.get_statuscode() == "304"
    assert revisit.http_headers.get_header("ETag") == '"v1"'
    # ... and a revisit exported without its full capture carries the bytes and headers
    alone = io.BytesIO()
    with db() as session:
        assert write_warc(session, store, alone, run=r3) == 1
    got = [
        (
            r.rec_type,
            r.http_headers.get_statuscode(),
            r.http_headers.get_header("Server"),
            r.content_stream().read(),
        )
        for r in ArchiveIterator(io.BytesIO(alone.getvalue()))
        if r.rec_type != "warcinfo"
    ]
    assert got == [("response", "200", "nginx", PAGE)]


def test_what_a_revisit_truly_lacked_is_not_taken_from_its_full_capture(
    both_sessions, tmp_path
) -> None:
    db = both_sessions
    store = BlobStore(tmp_path / "blobs")
    (r1, r2), sid = _runs(db, 2)
    write_batch(db, store, [_fetch(r1, sid, 1)])
    # the same bytes, served without an ETag, and asked for without a referer
    plain = {"Date": ["Wed, 02 Dec 2026 02:00:00 GMT"], "Content-Type": ["text/html; charset=utf-8"]}
    write_batch(db, store, [_fetch(r2, sid, 2, headers=plain, referer=None)])
    with db() as session:
        first, again = (
            session.scalars(select(Capture).where(Capture.run_id == r)).one() for r in (r1, r2)
        )
        assert again.revisit_of == first.id
        shown = with_inherited(session, session.get(Capture, again.id))
    assert first.etag == '"v1"' and first.referer
    assert not shown.etag and not shown.referer  # not the full capture's
    assert shown.content_type == first.content_type  # the same: inherited
    with db() as session:
        url = session.get_bind().url.render_as_string(hide_password=False)
    validators = load_context(url, tmp_path, 0, [str(sid)]).validators
    assert URL not in validators  # no ETag any more: nothing to ask conditionally with
    out = io.BytesIO()
    with db() as session:
        write_warc(session, store, out)
    revisit = [r for r in ArchiveIterator(io.BytesIO(out.getvalue())) if r.rec_type == "revisit"]
    assert len(revisit) == 1 and revisit[0].http_headers.get_header("ETag") is None
