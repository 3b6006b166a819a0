"""One crawl run, end to end: pick sources, crawl with Scrapy, extract, assess, summarise.

The Scrapy stage only fetches and archives bytes (``crawler.pipeline``); extraction and
report writing happen after it, in worker processes (``archive.ingest``), so a slow PDF
never stalls downloads. Ctrl-C stops the crawl gracefully: what was fetched is kept,
the run is marked ``interrupted``, and ``resume=True`` continues it with the same
JOBDIR, without capturing a URL twice.
"""

from __future__ import annotations

import logging
import shutil
import signal
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from scrapy.crawler import Crawler, CrawlerProcess
from scrapy.settings import Settings as ScrapySettings
from scrapy.utils.ossignal import install_shutdown_handlers
from sqlalchemy import select
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, sessionmaker

from archive.attribution import region_scope
from archive.blobstore import BlobStore
from archive.config import Settings
from archive.db import busy_timeout
from archive.errors import ArchiveWriteFailed, DatabaseBusy, InputError, Interrupted
from archive.health import assess_run
from archive.ingest import IngestSummary, ingest_run
from archive.lookups import require_region
from archive.models import Capture, CrawlRun, FetchOutcome, Finding, RunStatus, Source, utcnow
from archive.runs import mark_failed, mark_interrupted, run_to_resume
from archive.scheduler.lock import crawl_lease_key, held_lease, lease_abandoned
from archive.versions import mark_withdrawn

from . import settings as default_settings
from .classify import failure_reason
from .spiders.portals import PortalSpider

log = logging.getLogger(__name__)


@dataclass
class RunResult:
    run_id: int
    status: str
    finish_reason: str
    sources: dict[str, dict[str, Any]]
    ingest: IngestSummary
    findings: list[dict[str, Any]] = field(default_factory=list)
    failed_fetches: list[dict[str, Any]] = field(default_factory=list)
    # On a resume: URLs fetched before but never archived, fetched again and now kept.
    recovered: int = 0

    @property
    def broken_sources(self) -> list[str]:
        return [s["url"] for s in self.sources.values() if s.get("health") != "ok"]


def select_sources(session: Session, region: str | None, source_url: str | None) -> list[Source]:
    if region:
        region = require_region(session, region).code
    query = (
        select(Source)
        .where(Source.enabled.is_(True), Source.removed_at.is_(None))
        .order_by(Source.id)
    )
    if source_url:
        query = query.where(Source.url == source_url)
    if region:
        query = query.where(Source.region_code.in_(region_scope(region)))
    sources = list(session.scalars(query))
    if not sources:
        what = f"source {source_url}" if source_url else f"region {region}" if region else "any"
        raise InputError(f"no registered sources for {what}: run nianbao sources import first")
    return sources


def _open_run(
    sessions: sessionmaker[Session],
    region: str | None,
    source_url: str | None,
    resume: bool,
    settings: Settings,
    run_id: int | None = None,
    only: list[int] | None = None,
) -> tuple[int, list[int], str]:
    with sessions.begin() as session:
        if resume:
            run = run_to_resume(session, run_id)
            if (region and region != run.region_code) or (
                source_url and source_url != run.source_url
            ):
                raise InputError(
                    f"run {run.id} crawled region {run.region_code or 'all'} / source "
                    f"{run.source_url or 'all'}: resume it without --region/--source"
                )
            region, source_url = run.region_code, run.source_url
            run.status = RunStatus.RUNNING
        else:
            run = CrawlRun(region_code=region, source_url=source_url)
            session.add(run)
            session.flush()
            run.jobdir = str(settings.data_dir / "jobs" / f"run-{run.id}")
        source_ids = [s.id for s in select_sources(session, region, source_url)]
        if only is not None:  # a cluster job: the sources of its hosts (crawler/scrapyd_job)
            source_ids = [i for i in source_ids if i in set(only)]
        return run.id, source_ids, run.jobdir or ""


def crawl_settings(
    settings: Settings,
    run_id: int,
    source_ids: list[int],
    jobdir: str,
    overrides: dict[str, Any] | None = None,
) -> ScrapySettings:
    s = ScrapySettings()
    s.setmodule(default_settings, priority="project")
    s.update(
        {
            "NIANBAO_DB_URL": settings.db_url,
            "NIANBAO_DATA_DIR": str(settings.data_dir),
            "NIANBAO_RUN_ID": run_id,
            "NIANBAO_SOURCE_IDS": [str(i) for i in source_ids],
            "JOBDIR": jobdir,
        },
        priority="cmdline",
    )
    s.update(overrides or {}, priority="cmdline")
    return s


def run_crawl(
    settings: Settings,
    sessions: sessionmaker[Session],
    *,
    region: str | None = None,
    source_url: str | None = None,
    resume: bool = False,
    resume_run: int | None = None,
    overrides: dict[str, Any] | None = None,
    progress: Callable[[int, int], None] | None = None,
    source_ids: list[int] | None = None,
) -> RunResult:
    """Crawl, then ingest and assess; returns what a summary needs.

    The crawl holds the region's lease (``archive.scheduler.lock``), the one scheduled
    crawls take, so two crawls of one region never run at once. ``source_ids``: crawl
    only these of the selected sources (a cluster job's hosts)."""
    if resume and resume_run is None:
        with sessions() as session:  # pick the run now; under the lease it looks taken
            resume_run = run_to_resume(
                session,
                None,
                lambda run: lease_abandoned(session, crawl_lease_key(run.region_code)),
            ).id
    lease_region = _lease_region(sessions, region, source_url, resume, resume_run)
    what = f"region {lease_region}" if lease_region else "every region"
    with held_lease(sessions, crawl_lease_key(lease_region), what):
        return _run_crawl(
            settings,
            sessions,
            region,
            source_url,
            resume,
            resume_run,
            overrides,
            progress,
            source_ids,
        )


def _lease_region(
    sessions: sessionmaker[Session],
    region: str | None,
    source_url: str | None,
    resume: bool,
    run_id: int | None,
) -> str | None:
    """The region a crawl covers, for its lease: as asked, or as the resumed run was."""
    with sessions() as session:
        if resume:
            run = run_to_resume(session, run_id)
            region, source_url = run.region_code, run.source_url
        if region:
            return require_region(session, region).code
        if source_url:
            source = session.scalars(select(Source).where(Source.url == source_url)).first()
            return source.region_code if source else None
    return None


def _run_crawl(
    settings: Settings,
    sessions: sessionmaker[Session],
    region: str | None,
    source_url: str | None,
    resume: bool,
    resume_run: int | None,
    overrides: dict[str, Any] | None,
    progress: Callable[[int, int], None] | None,
    source_ids: list[int] | None = None,
) -> RunResult:
    run_id, source_ids, jobdir = _open_run(
        sessions, region, source_url, resume, settings, resume_run, source_ids
    )
    if resume:
        # A kill can leave Scrapy's disk queue unreadable; the pending journal holds all
        # it held (crawler/middlewares/pending.py), so the resume starts from that.
        shutil.rmtree(Path(jobdir) / "requests.queue", ignore_errors=True)
    scrapy_settings = crawl_settings(settings, run_id, source_ids, jobdir, overrides)
    root_level = logging.getLogger().level
    process = CrawlerProcess(scrapy_settings)
    # Scrapy opens the root logger to every level; keep the CLI's -v/-q choice, and
    # let Scrapy's own loggers speak at LOG_LEVEL.
    logging.getLogger().setLevel(root_level)
    for name in ("scrapy", "twisted", "py.warnings"):
        logging.getLogger(name).setLevel(scrapy_settings.get("LOG_LEVEL"))
    # On the handlers: a logger's own filters never see its children's records.
    for handler in logging.getLogger().handlers:
        handler.addFilter(_one_line)
    crawler = process.create_crawler(PortalSpider)
    process.crawl(crawler)
    from twisted.internet import reactor

    # Scrapy's own handlers, plus a line saying at once what a Ctrl-C waits for.
    reactor.addSystemEventTrigger(  # type: ignore[attr-defined]
        "after", "startup", install_shutdown_handlers, _announce(process, crawler)
    )
    # blocks; the first Ctrl-C stops gracefully, keeping what was fetched
    process.start(install_signal_handlers=False)
    # Scrapy's handlers outlive its reactor: give Ctrl-C and SIGTERM back to this process.
    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.signal(signal.SIGTERM, _raise_interrupt)
    stats = crawler.stats.get_stats() if crawler.stats else {}
    if stats.get("nianbao/archive_error"):
        _close_failed(sessions, run_id, stats)
        raise ArchiveWriteFailed(
            f"run {run_id} stopped: the archive could not be written "
            f"({stats['nianbao/archive_error']}); what was written is kept, and "
            f"nianbao crawl --resume --run {run_id} fetches the rest"
        )

    try:
        with sessions.begin() as session:
            result = _finish_run(session, settings, run_id, source_ids, stats, progress)
    except OperationalError as exc:
        if "locked" not in str(exc):
            raise
        raise DatabaseBusy(
            f"run {run_id}: the archive database stayed locked by another process for over "
            f"{busy_timeout():g} s while extracting; the captures are kept, and "
            f"nianbao crawl --resume --run {run_id} finishes the run"
        ) from None
    except KeyboardInterrupt:
        # The captures are committed; only this run's report writing is rolled back.
        with sessions.begin() as session:
            mark_interrupted(session, run_id)
        raise Interrupted(
            f"run {run_id} interrupted while extracting; nianbao crawl --resume finishes it"
        ) from None
    if result.status == "finished":
        shutil.rmtree(jobdir, ignore_errors=True)  # nothing left to resume
    return result


def _announce(process: CrawlerProcess, crawler: Crawler) -> Callable[[int, Any], None]:
    def handler(signum: int, frame: Any) -> None:
        engine = crawler.engine
        active = len(engine.downloader.active) if engine is not None else 0
        if not getattr(handler, "once", False):
            handler.once = True  # type: ignore[attr-defined]
            sys.stderr.write(
                f"stopping: waiting for {active} download(s) in flight and the archive "
                "writer to finish (Ctrl-C again to stop at once; resume with "
                "nianbao crawl --resume)\n"
            )
            sys.stderr.flush()
        process._signal_shutdown(signum, frame)

    return handler


def _one_line(record: logging.LogRecord) -> bool:
    """Scrapy logs a failed download with its Twisted traceback; one line is enough
    (``-vv`` keeps the traceback)."""
    if record.exc_info and logging.getLogger().level > logging.DEBUG:
        exc = record.exc_info[1]
        record.msg = f"{record.getMessage()}: {type(exc).__name__}: {exc}".splitlines()[0]
        record.args = ()
        record.exc_info = None
        record.exc_text = None
    return True


def _raise_interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def _close_failed(sessions: sessionmaker[Session], run_id: int, stats: dict[str, Any]) -> None:
    """Mark the run failed; if the archive refuses even that, the run stays ``running``
    and ``--resume --run`` takes it over."""
    try:
        with sessions.begin() as session:
            mark_failed(
                session,
                run_id,
                str(stats.get("finish_reason")),
                str(stats.get("nianbao/archive_error")),
            )
    except (OperationalError, OSError) as exc:
        log.warning("run %s could not be marked failed: %s", run_id, exc)


def _finish_run(
    session: Session,
    settings: Settings,
    run_id: int,
    source_ids: list[int],
    stats: dict[str, Any],
    progress: Callable[[int, int], None] | None,
) -> RunResult:
    """Extract the run's documents, assess its sources, note withdrawals, close the run."""
    reason = str(stats.get("finish_reason", "unknown"))
    finished = reason == "finished"
    summary = ingest_run(session, BlobStore(settings.blob_dir), run_id, progress=progress)
    run = session.get(CrawlRun, run_id)
    assert run is not None
    sources = assess_run(session, run, source_ids, summary) if finished else {}
    healthy = [int(sid) for sid, s in sources.items() if s.get("health") == "ok"]
    withdrawn = mark_withdrawn(session, run, healthy) if finished else []
    run.status = RunStatus.FINISHED if finished else RunStatus.INTERRUPTED
    run.finished_at = utcnow()
    recovered = int(stats.get("nianbao/resume/recovered", 0))
    run.stats = {
        "finish_reason": reason,
        "recovered": recovered,
        "sources": sources,
        "scrapy": {k: v for k, v in stats.items() if isinstance(v, int | float | str)},
        "documents": summary.documents,
        "reports_new": summary.reports_new,
        "versions_new": summary.versions_new,
        "withdrawn": len(withdrawn),
    }
    # The summary shows every finding but the noise (not_a_report, one per page that
    # is not a report): read as plain rows, the noise left in the database.
    findings = [
        {
            "kind": kind,
            "severity": severity.value,
            "message": message,
            "rule": (detail or {}).get("rule") if kind == "check_failed" else None,
        }
        for kind, severity, message, detail in session.execute(
            select(Finding.kind, Finding.severity, Finding.message, Finding.detail)
            .where(Finding.run_id == run_id, Finding.kind != "not_a_report")
            .order_by(Finding.id)
        )
    ]
    return RunResult(
        run_id,
        "finished" if finished else "interrupted",
        reason,
        sources,
        summary,
        findings,
        _failed_fetches(session, run_id),
        recovered,
    )


def _failed_fetches(session: Session, run_id: int) -> list[dict[str, Any]]:
    bad = (
        FetchOutcome.BLOCKED,
        FetchOutcome.BROKEN,
        FetchOutcome.UNREACHABLE,
        FetchOutcome.TOO_LARGE,
        FetchOutcome.ERROR,
    )
    return [
        {
            "url": url,
            "outcome": outcome.value,
            "status": status,
            "error": error,
            "reason": failure_reason(error),
        }
        for url, outcome, status, error in session.execute(
            select(Capture.requested_url, Capture.outcome, Capture.status, Capture.error)
            .where(Capture.run_id == run_id, Capture.outcome.in_(bad))
            .order_by(Capture.id)
        )
    ]
