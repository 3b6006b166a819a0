"""Revisit records: an unchanged re-fetch names the full capture of its bytes.

A fetch that finds the same bytes at a URL as an earlier capture there (a 304, or the
same status and sha256 again) is written as a revisit (``captures.revisit_of``): it
keeps its own time, status, context and sha256, and leaves empty what it would repeat:
the response headers, and the content type, ETag, Last-Modified and referer where they
equal the full capture's. Readers take those from the full capture
(``with_inherited``, or ``inherited_columns`` in a query). A value the revisit truly
lacked (no referer; a 200 without an ETag) is stored as ``""``, so that it is not
inherited: empty means "none", NULL means "the full capture's".
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.orm import Session, aliased

from .models import Capture

# the columns a revisit leaves empty when they equal its full capture's
INHERITED = ("content_type", "etag", "last_modified", "referer")


def mark_revisits(session: Session, rows: list[dict[str, Any]]) -> None:
    """Make the capture rows about to be inserted that fetched the same bytes as an
    earlier full capture at the same URL compact revisit records of it."""
    content = [r for r in rows if r["blob_sha256"]]
    for r in rows:
        r["revisit_of"] = None
    if not content:
        return
    originals: dict[tuple[str, str, int | None], int] = {
        (url, sha, status): first
        for url, sha, status, first in session.execute(
            select(Capture.final_url, Capture.blob_sha256, Capture.status, func.min(Capture.id))
            .where(
                Capture.final_url.in_({r["final_url"] for r in content}),
                Capture.blob_sha256.in_({r["blob_sha256"] for r in content}),
                Capture.revisit_of.is_(None),
            )
            .group_by(Capture.final_url, Capture.blob_sha256, Capture.status)
        )
    }
    if not originals:
        return
    kept = {
        row.id: row
        for row in session.execute(
            select(Capture.id, *(getattr(Capture, c) for c in INHERITED)).where(
                Capture.id.in_(set(originals.values()))
            )
        )
    }
    for r in content:
        # a 304 confirms the bytes of the 200 that first brought them
        status = 200 if r["status"] == 304 else r["status"]
        first = originals.get((r["final_url"], r["blob_sha256"], status))
        if first is None:
            continue
        r["revisit_of"] = first
        r["headers"] = {}
        for column in INHERITED:
            theirs = getattr(kept[first], column)
            if r[column] == theirs:
                r[column] = None  # the same: read from the full capture
            elif r[column] is None and theirs is not None and _truly_absent(r, column):
                r[column] = ""  # had none, unlike the full capture: not to be inherited


def _truly_absent(row: dict[str, Any], column: str) -> bool:
    """Whether a revisit without ``column`` really had none. The referer is what we sent;
    a 200 brings its own headers; a 304 leaves out what did not change, so its missing
    content type or validators are the full capture's."""
    return column == "referer" or row["status"] != 304


def inherited_columns(revisit: type[Capture] | Any = Capture) -> tuple[Any, Any, Any]:
    """(full capture alias, its join condition, coalesced columns by name) for a query
    over captures that must see a revisit's inherited values."""
    full = aliased(Capture)
    onclause = full.id == revisit.revisit_of
    columns: dict[str, ColumnElement[Any]] = {
        c: func.coalesce(getattr(revisit, c), getattr(full, c)).label(c) for c in INHERITED
    }
    return full, onclause, columns


def with_inherited(session: Session, capture: Capture) -> Capture:
    """``capture`` detached from ``session``, a revisit's empty fields filled in from its
    full capture (for showing it; nothing is written)."""
    session.expunge(capture)
    if capture.revisit_of is None:
        return capture
    full = session.execute(
        select(*(getattr(Capture, c) for c in INHERITED)).where(Capture.id == capture.revisit_of)
    ).first()
    if full is not None:
        for column in INHERITED:
            if getattr(capture, column) is None:
                setattr(capture, column, getattr(full, column))
    return capture
