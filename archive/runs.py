"""Crawl runs as archive facts: their life (open, resume, finish, fail) and one reader of
the per-source health they record.

A run's per-source health lives in ``crawl_runs.stats["sources"]`` (a JSON object keyed
by source id, written by ``archive.health.assess_run``). Every reader goes through
``source_health`` here, so they agree on what a missing or odd value means: a source
the run did not assess, or assessed without a health, is **not** healthy (a crawl
that cannot say it saw a source is no evidence about it).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from .errors import InputError
from .models import CrawlRun, RunStatus, utcnow


@dataclass(frozen=True)
class SourceHealth:
    """What one run recorded about one source."""

    source_id: int
    health: str  # ok | blocked | broken | unreachable | … | unknown (not recorded)
    url: str | None = None
    pages: int = 0
    reports: int = 0
    blocked: int = 0
    broken: int = 0
    unreachable: int = 0

    @property
    def healthy(self) -> bool:
        return self.health == "ok"


def _int(value: Any) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return 0


def source_health(stats: dict[str, Any] | None) -> dict[int, SourceHealth]:
    """The per-source health a run's stats record, keyed by source id."""
    sources = (stats or {}).get("sources") or {}
    out: dict[int, SourceHealth] = {}
    if not isinstance(sources, dict):
        return out
    for key, value in sources.items():
        if not str(key).isdigit():
            continue
        s = value if isinstance(value, dict) else {}
        health = s.get("health")
        out[int(key)] = SourceHealth(
            source_id=int(key),
            health=health if isinstance(health, str) and health else "unknown",
            url=s.get("url"),
            pages=_int(s.get("pages")),
            reports=_int(s.get("reports")),
            blocked=_int(s.get("blocked")),
            broken=_int(s.get("broken")),
            unreachable=_int(s.get("unreachable")),
        )
    return out


def healthy_sources(stats: dict[str, Any] | None) -> list[int]:
    """The ids of the sources a run's stats record as healthy: ``source_health`` with
    ``healthy`` true, without building the rest (evidence reads every run's stats)."""
    sources = (stats or {}).get("sources") or {}
    if not isinstance(sources, dict):
        return []
    return [
        int(key)
        for key, value in sources.items()
        if isinstance(value, dict) and value.get("health") == "ok" and str(key).isdigit()
    ]


def run_to_resume(
    session: Session,
    run_id: int | None,
    abandoned: Callable[[CrawlRun], bool] | None = None,
) -> CrawlRun:
    """The newest interrupted or failed run, or run ``run_id`` (also one a kill left
    ``running``); ``InputError`` saying what to do when there is none. A run still
    marked ``running`` is taken when ``abandoned(run)`` says nobody crawls it (its
    lease is free or its holder is gone)."""
    if run_id is not None:
        run = session.get(CrawlRun, run_id)
        if run is None or run.status == RunStatus.FINISHED:
            raise InputError(f"run {run_id} does not exist or has finished: nothing to resume")
        return run
    run = session.scalars(
        select(CrawlRun)
        .where(CrawlRun.status.in_([RunStatus.INTERRUPTED, RunStatus.FAILED]))
        .order_by(CrawlRun.id.desc())
    ).first()
    if run is not None:
        return run
    running = session.scalars(
        select(CrawlRun.id).where(CrawlRun.status == RunStatus.RUNNING).order_by(CrawlRun.id)
    ).first()
    if running is not None and abandoned is not None:
        run = session.get(CrawlRun, running)
        if run is not None and abandoned(run):
            return run
    if running is not None:
        raise InputError(
            f"no interrupted run; run {running} is marked running (still crawling, or killed): "
            f"if no crawl is running, take it over with nianbao crawl --resume --run {running}"
        )
    raise InputError("no interrupted or failed run to resume")


def mark_failed(session: Session, run_id: int, reason: str, error: str) -> None:
    """The run stopped on an archive error; its JOBDIR stays for ``--resume``."""
    run = session.get(CrawlRun, run_id)
    assert run is not None
    run.status = RunStatus.FAILED
    run.finished_at = utcnow()
    run.stats = {"finish_reason": reason, "error": error}


def mark_interrupted(session: Session, run_id: int) -> None:
    run = session.get(CrawlRun, run_id)
    assert run is not None
    run.status = RunStatus.INTERRUPTED
