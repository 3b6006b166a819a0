"""One report writer at a time across a cluster: a PostgreSQL advisory transaction lock.

Nodes extract documents in parallel, but writing what they found is read-then-write:
find the body's report for the year, compare with its latest version, insert a report,
a version numbered one higher, or a sighting. Two nodes doing that for the same report
at once would both insert (one then fails on the unique constraints, losing its run's
reports) — so ``archive.ingest`` takes this lock just before writing reports. It is
held to the end of the transaction; the waiting writer then reads the other's
committed rows (READ COMMITTED) and adds a sighting instead of a second version.
Extraction, the CPU-heavy part, stays parallel. SQLite serialises writers already.
"""

from __future__ import annotations

from sqlalchemy import text
from sqlalchemy.orm import Session

REPORTS_LOCK = 0x6E62_5250  # "nbRP": one key for all report writing


def serialize_report_writes(session: Session) -> None:
    """Wait until no other transaction is writing reports (PostgreSQL; no-op on SQLite)."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": REPORTS_LOCK})
