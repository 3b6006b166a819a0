"""Captures as WARC 1.1 (``nianbao export --format warc``) and back
(``nianbao import-warc``).

Each capture with stored bytes becomes a ``response`` record: the HTTP status line and
headers as fetched (minus the transfer and content encodings, since the stored bytes
are the decoded body, and with the body's true length), the bytes, and the fetch time;
``WARC-Payload-Digest`` carries the sha256 the archive names the bytes by. A revisit
capture (an unchanged re-fetch, ``captures.revisit_of``) becomes a ``revisit`` record
that refers to its full capture's record by URI and date, without the bytes. Importing
reads ``response`` records into the blob store and the captures table, so an archive
can be seeded from existing web archives; a record already held (same URL, time and
bytes) is skipped.
"""

from __future__ import annotations

import base64
import io
from dataclasses import dataclass
from datetime import UTC, datetime
from http import HTTPStatus
from pathlib import Path
from typing import IO, Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from .. import __version__
from ..attribution import region_scope
from ..blobstore import BlobStore
from ..errors import InputError
from ..models import Blob, Capture, FetchOutcome, Source

_DROP = {"content-encoding", "transfer-encoding", "content-length"}


def _b32(sha256_hex: str) -> str:
    return base64.b32encode(bytes.fromhex(sha256_hex)).decode()


def write_warc(
    session: Session,
    blobs: BlobStore,
    out: IO[bytes],
    *,
    region: str | None = None,
    run: int | None = None,
) -> int:
    """Write the stored captures of ``region`` (its sources' captures) and/or ``run``
    as gzipped WARC 1.1; returns the number of records (responses and revisits).

    A revisit capture whose full capture is in the same file becomes a ``revisit``
    record (profile identical-payload-digest, no payload) that refers to it; one whose
    full capture is not becomes a ``response`` record with that capture's headers."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    writer = WARCWriter(out, gzip=True, warc_version="1.1")
    info = writer.create_warcinfo_record(
        "nianbao-export.warc.gz",
        {"software": f"nianbao {__version__}", "format": "WARC File Format 1.1"},
    )
    writer.write_record(info)
    query = select(Capture).where(Capture.blob_sha256.is_not(None)).order_by(Capture.id)
    if run is not None:
        query = query.where(Capture.run_id == run)
    if region:
        query = query.where(
            Capture.source_id.in_(
                select(Source.id).where(Source.region_code.in_(region_scope(region)))
            )
        )
    n = 0
    # full records written: capture id → (URI, WARC-Date), for revisits to refer to
    written: dict[int, tuple[str, str]] = {}
    for capture in session.scalars(query.execution_options(yield_per=500)):
        when = capture.fetched_at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
        digest = f"sha256:{_b32(capture.blob_sha256 or '')}"
        ids = {"WARC-Date": when, "WARC-nianbao-Capture": str(capture.id)}
        first = written.get(capture.revisit_of) if capture.revisit_of is not None else None
        if first is not None:
            # the same bytes as a record already in this file: a revisit, no payload
            own = (capture.content_type, capture.etag, capture.last_modified)
            full_own = session.execute(
                select(Capture.content_type, Capture.etag, Capture.last_modified).where(
                    Capture.id == capture.revisit_of
                )
            ).one()
            validators = zip(
                ("Content-Type", "ETag", "Last-Modified"),
                # NULL: the full capture's value; "": the revisit had none
                (
                    theirs if mine is None else mine
                    for mine, theirs in zip(own, full_own, strict=True)
                ),
                strict=True,
            )
            http = StatusAndHeaders(
                _status_line(capture.status),
                [(name, value) for name, value in validators if value],
                protocol="HTTP/1.1",
            )
            record = writer.create_revisit_record(
                capture.final_url, digest, first[0], first[1], http_headers=http,
                warc_headers_dict=ids,
            )
            writer.write_record(record)
            n += 1
            continue
        data = blobs.get(capture.blob_sha256 or "")
        full = capture
        if capture.revisit_of is not None:  # its full record is not in this export
            full = session.get(Capture, capture.revisit_of) or capture
        status = capture.status if capture.status != 304 else full.status
        headers = [
            (name, value)
            for name, values in (full.headers or {}).items()
            if name.lower() not in _DROP
            for value in (values if isinstance(values, list) else [values])
        ]
        headers.append(("Content-Length", str(len(data))))
        http = StatusAndHeaders(_status_line(status), headers, protocol="HTTP/1.1")
        record = writer.create_warc_record(
            capture.final_url,
            "response",
            payload=io.BytesIO(data),
            length=len(data),
            http_headers=http,
            warc_headers_dict={**ids, "WARC-Payload-Digest": digest},
        )
        writer.write_record(record)
        written[capture.id] = (capture.final_url, when)
        n += 1
    return n


def _status_line(status: int | None) -> str:
    status = status or 200
    try:
        reason = HTTPStatus(status).phrase
    except ValueError:
        reason = "Unknown"
    return f"{status} {reason}"


@dataclass
class ImportResult:
    records: int = 0
    imported: int = 0
    skipped: int = 0


def import_warc(session: Session, blobs: BlobStore, path: Path) -> ImportResult:
    """Seed the archive with the ``response`` records of a WARC (or .warc.gz) file."""
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    result = ImportResult()
    seen = 0
    try:
        with path.open("rb") as fh:
            for record in ArchiveIterator(fh):
                if record.format != "warc":  # warcio also reads ARC, and reads loosely
                    continue
                seen += 1
                if record.rec_type != "response":
                    continue
                result.records += 1
                if _import_record(session, blobs, record):
                    result.imported += 1
                else:
                    result.skipped += 1
    except ArchiveLoadFailed as exc:
        raise InputError(f"{path}: not a readable WARC file ({exc})") from None
    except OSError as exc:
        raise InputError(f"{path}: {exc.strerror or exc}") from None
    if not seen:
        raise InputError(f"{path}: not a readable WARC file (no WARC records in it)")
    return result


def _import_record(session: Session, blobs: BlobStore, record: Any) -> bool:
    url = record.rec_headers.get_header("WARC-Target-URI")
    if not url or record.http_headers is None:
        return False
    data = record.content_stream().read()
    when = _warc_date(record.rec_headers.get_header("WARC-Date"))
    stored = blobs.put(data)
    if session.get(Blob, stored.sha256) is None:
        session.add(Blob(sha256=stored.sha256, size=stored.size, stored_size=stored.stored_size))
    held = session.scalar(
        select(Capture.id).where(
            or_(Capture.final_url == url, Capture.requested_url == url),
            Capture.fetched_at == when,
            Capture.blob_sha256 == stored.sha256,
        )
    )
    if held is not None:
        return False
    headers: dict[str, list[str]] = {}
    for name, value in record.http_headers.headers:
        headers.setdefault(name, []).append(value)
    status_text = record.http_headers.get_statuscode()
    status = int(status_text) if status_text and status_text.isdigit() else None
    session.add(
        Capture(
            requested_url=url,
            final_url=url,
            status=status,
            outcome=FetchOutcome.OK if status and status < 400 else FetchOutcome.ERROR,
            headers=headers,
            content_type=record.http_headers.get_header("Content-Type"),
            etag=record.http_headers.get_header("ETag"),
            last_modified=record.http_headers.get_header("Last-Modified"),
            fetched_at=when,
            blob_sha256=stored.sha256,
            role="imported",
            context={"warc_record_id": record.rec_headers.get_header("WARC-Record-ID")},
        )
    )
    session.flush()
    return True


def _warc_date(text: str | None) -> datetime:
    if not text:
        return datetime.now(UTC)
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return datetime.now(UTC)
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
