"""Leases: named locks in the database, with a holder and an expiry.

``acquire`` is one atomic statement pair that works on SQLite and PostgreSQL: insert the
lease unless it exists (``ON CONFLICT DO NOTHING``), else take it over only if it has
expired or is already ours (a conditional ``UPDATE``; the database serialises the two
contenders, and only one sees its row change). A holder that dies leaves a lease that
expires; a live holder renews it. The caller commits right after each call so other
processes see it.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta

from sqlalchemy import delete, or_, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, sessionmaker

from ..errors import NianbaoError
from ..models import utcnow
from ..models.findings import Lease

log = logging.getLogger(__name__)

# The scheduler passes its holder to the crawls it starts: they run under its lease.
HOLDER_ENV = "NIANBAO_LEASE_HOLDER"


class LeaseHeld(NianbaoError):
    """Another process holds the lease (a crawl of the same region is running)."""

    exit_code = 75  # EX_TEMPFAIL


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


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _take_over_dead(session: Session, key: str, holder: str, ttl: float) -> bool:
    """Take a lease whose holder was a process on this host that no longer exists (a
    ``kill -9``), instead of waiting for it to expire."""
    lease = holder_of(session, key)
    if lease is None:
        return False
    host, _, rest = lease.holder.partition(":")
    pid = rest.split(":", 1)[0]
    if host != socket.gethostname() or not pid.isdigit() or _pid_alive(int(pid)):
        return False
    now = utcnow()
    taken = session.execute(
        update(Lease)
        .where(Lease.key == key, Lease.holder == lease.holder)
        .values(holder=holder, acquired_at=now, expires_at=now + timedelta(seconds=ttl))
        .execution_options(synchronize_session=False)
    )
    if taken.rowcount == 1:  # type: ignore[attr-defined]
        log.warning("lease %s: its holder %s is gone; taken over", key, lease.holder)
        return True
    return False


def lease_abandoned(session: Session, key: str) -> bool:
    """Nobody holds ``key``: no live lease, or its holder was a process on this host
    that no longer exists."""
    lease = holder_of(session, key)
    if lease is None:
        return True
    host, _, rest = lease.holder.partition(":")
    pid = rest.split(":", 1)[0]
    return host == socket.gethostname() and pid.isdigit() and not _pid_alive(int(pid))


def crawl_lease_key(region: str | None) -> str:
    """The lease of a crawl: the scheduler's key for a region, ``crawl:all`` for all."""
    return f"crawl:{region or 'all'}"


@contextmanager
def held_lease(
    sessions: sessionmaker[Session], key: str, what: str, ttl: float = 600.0
) -> Iterator[str]:
    """Hold lease ``key`` while the block runs, renewing it from a thread; ``LeaseHeld``
    (one line naming the holder) if another process has it. Under the scheduler (its
    holder in ``NIANBAO_LEASE_HOLDER``) the lease is the scheduler's: taken over as
    the same holder, renewed, and left for the scheduler to release."""
    inherited = os.environ.get(HOLDER_ENV)
    holder = inherited or f"{socket.gethostname()}:{os.getpid()}:manual"
    with sessions.begin() as session:
        if not acquire(session, key, holder, ttl) and not _take_over_dead(
            session, key, holder, ttl
        ):
            lease = holder_of(session, key)
            who = lease.holder if lease else "another process"
            until = lease.expires_at.isoformat(timespec="seconds") if lease else "?"
            raise LeaseHeld(
                f"{what} is already being crawled by {who} (lease {key} until {until}): "
                "wait for it to finish"
            )
    stop = threading.Event()

    def keep() -> None:
        while not stop.wait(ttl / 3):
            try:
                with sessions.begin() as session:
                    if not renew(session, key, holder, ttl):
                        log.warning("lease %s was lost", key)
            except OperationalError as exc:  # a busy database: try again next round
                log.warning("lease %s not renewed: %s", key, exc)

    thread = threading.Thread(target=keep, name="nianbao-lease", daemon=True)
    thread.start()
    try:
        yield holder
    finally:
        stop.set()
        thread.join(timeout=5)
        if not inherited:
            try:
                with sessions.begin() as session:
                    release(session, key, holder)
            except OperationalError as exc:  # it expires on its own
                log.warning("lease %s not released: %s", key, exc)
