"""Leases: named locks in the database, with a holder and an expiry.

``acquire`` is one atomic statement pair that works on SQLite and PostgreSQL: insert the
lease unless it exists (``ON CONFLICT DO NOTHING``), else take it over only if it has
expired or is already ours (a conditional ``UPDATE``; the database serialises the two
contenders, and only one sees its row change). A holder that dies leaves a lease that
expires; a live holder renews it. The caller commits right after each call so other
processes see it.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import delete, or_, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from ..models import utcnow
from ..models.findings import Lease


def _insert(session: Session):  # type: ignore[no-untyped-def]
    name = session.get_bind().dialect.name
    if name == "postgresql":
        return postgresql.insert(Lease)
    if name == "sqlite":
        return sqlite.insert(Lease)
    raise NotImplementedError(f"leases need SQLite or PostgreSQL, not {name}")


def acquire(
    session: Session, key: str, holder: str, ttl: float, now: datetime | None = None
) -> bool:
    """Take lease ``key`` for ``ttl`` seconds; True if ``holder`` now holds it."""
    now = now or utcnow()
    expires = now + timedelta(seconds=ttl)
    inserted = session.execute(
        _insert(session)
        .values(key=key, holder=holder, acquired_at=now, expires_at=expires)
        .on_conflict_do_nothing(index_elements=["key"])
    )
    if inserted.rowcount == 1:  # type: ignore[attr-defined]
        return True
    taken = session.execute(
        update(Lease)
        .where(Lease.key == key, or_(Lease.holder == holder, Lease.expires_at < now))
        .values(holder=holder, acquired_at=now, expires_at=expires)
        .execution_options(synchronize_session=False)
    )
    return taken.rowcount == 1  # type: ignore[attr-defined]


def renew(session: Session, key: str, holder: str, ttl: float, now: datetime | None = None) -> bool:
    """Extend a lease we hold; False if it was lost (expired and taken by another)."""
    now = now or utcnow()
    result = session.execute(
        update(Lease)
        .where(Lease.key == key, Lease.holder == holder)
        .values(expires_at=now + timedelta(seconds=ttl))
        .execution_options(synchronize_session=False)
    )
    return result.rowcount == 1  # type: ignore[attr-defined]


def release(session: Session, key: str, holder: str) -> bool:
    result = session.execute(
        delete(Lease)
        .where(Lease.key == key, Lease.holder == holder)
        .execution_options(synchronize_session=False)
    )
    return result.rowcount == 1  # type: ignore[attr-defined]


def holder_of(session: Session, key: str, now: datetime | None = None) -> Lease | None:
    """The live lease on ``key``, if any."""
    lease = session.get(Lease, key, populate_existing=True)
    if lease is None or lease.expires_at < (now or utcnow()):
        return None
    return lease
