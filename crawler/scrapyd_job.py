"""What runs inside a Scrapyd node: one cluster job, i.e. ``nianbao crawl`` for a few hosts.

Scrapyd starts every job as ``python -m RUNNER crawl SPIDER -s KEY=VALUE … -a KEY=VALUE …``;
the ``scrapyd.conf`` nianbao ships (``crawler/scrapyd.conf``) names this module as the
runner. For ``crawl`` it does what ``nianbao crawl --resume --run ID`` does, limited to
the job's sources: the crawl run the scheduler opened (``-a run=ID -a sources=1,2``) is
crawled with Scrapy, then extracted and assessed here on the node, into the shared
database (``-a db=URL``, else ``NIANBAO_DB``) and blob store (``-a data=DIR``, else
``NIANBAO_DATA``); ``-a holder=…`` is the scheduler's, whose region lease the job
works under. Every other Scrapyd call (``list``, used to validate spiders) goes
to Scrapyd's own runner.

While it runs, a thread renews the job's host leases (``-a leases=host:a,host:b -a
ttl=S``, holder = the Scrapyd job id). If one was lost — the scheduler gave the hosts to
another node after this one stopped answering — the crawl stops gracefully, so two
nodes never crawl one host for long; what it fetched is kept and the other node's run
(the same crawl run, resumed) does not capture it twice.
"""

from __future__ import annotations

import logging
import os
import signal
import sys
import threading
from typing import Any

log = logging.getLogger("nianbao.node")


def parse_args(argv: list[str]) -> tuple[dict[str, str], dict[str, str]]:
    """``-a`` spider arguments and ``-s`` settings of a Scrapyd ``crawl`` command line."""
    args: dict[str, str] = {}
    settings: dict[str, str] = {}
    it = iter(argv)
    for token in it:
        if token in ("-a", "-s"):
            key, _, value = next(it, "").partition("=")
            (args if token == "-a" else settings)[key] = value
    return args, settings


class Heartbeat(threading.Thread):
    """Renews the job's leases every ``ttl / 3`` seconds; SIGINT to the crawl if one is lost."""

    def __init__(self, db_url: str, keys: list[str], holder: str, ttl: float) -> None:
        super().__init__(name="nianbao-heartbeat", daemon=True)
        self.db_url, self.keys, self.holder, self.ttl = db_url, keys, holder, ttl
        self.done = threading.Event()
        self.lost: list[str] = []

    def run(self) -> None:
        from archive.db import make_engine, session_factory
        from archive.scheduler.lock import renew

        engine = make_engine(self.db_url)
        sessions = session_factory(engine)
        try:
            while not self.done.wait(self.ttl / 3):
                try:
                    with sessions.begin() as session:
                        self.lost = [
                            k for k in self.keys if not renew(session, k, self.holder, self.ttl)
                        ]
                except Exception as exc:  # a database blip: try again next beat
                    log.warning("lease renewal failed: %s", exc)
                    continue
                if self.lost:
                    log.error("leases lost (%s): stopping this crawl", ", ".join(self.lost))
                    os.kill(os.getpid(), signal.SIGINT)
                    return
        finally:
            engine.dispose()

    def check(self) -> list[str]:
        """Renew every lease once, now: the ones this job no longer holds.

        A job can start late — it waited in a node's queue while the node did not answer
        the scheduler, its leases expired and its run went to another node — and must
        then not crawl at all.
        """
        from archive.db import make_engine, session_factory
        from archive.scheduler.lock import renew

        engine = make_engine(self.db_url)
        try:
            with session_factory(engine).begin() as session:
                return [k for k in self.keys if not renew(session, k, self.holder, self.ttl)]
        finally:
            engine.dispose()

    def release(self) -> None:
        from archive.db import make_engine, session_factory
        from archive.scheduler.lock import release

        self.done.set()
        engine = make_engine(self.db_url)
        try:
            with session_factory(engine).begin() as session:
                for key in self.keys:
                    release(session, key, self.holder)
        finally:
            engine.dispose()


def run_job(args: dict[str, str], settings: dict[str, str]) -> int:
    """Crawl, extract and assess one cluster job; the exit status of ``nianbao crawl``."""
    from archive.config import load_settings
    from archive.db import require_head, session_factory
    from archive.errors import NianbaoError

    from .run import run_crawl

    log_file = settings.pop("LOG_FILE", None)
    logging.basicConfig(
        filename=log_file,
        level=logging.INFO,
        format="%(asctime)s [%(name)s] %(levelname)s: %(message)s",
    )
    if args.get("holder"):
        # The region's lease (crawl:<region>) is the scheduler's, held while its jobs
        # run: a crawl that takes the region lease does so as the scheduler's holder,
        # as crawls the single-machine scheduler starts do (NIANBAO_LEASE_HOLDER).
        os.environ.setdefault("NIANBAO_LEASE_HOLDER", args["holder"])
    app = load_settings(args.get("db") or None, args.get("data") or None)
    run_id = int(args["run"])
    source_ids = [int(i) for i in args.get("sources", "").split(",") if i]
    holder = args.get("_job") or os.environ.get("SCRAPYD_JOB", "")
    keys = [k for k in args.get("leases", "").split(",") if k]
    heartbeat = Heartbeat(app.db_url, keys, holder, float(args.get("ttl", 600)))
    log.info("job %s: run %s, %d sources, leases %s", holder, run_id, len(source_ids), keys)
    engine = require_head(app.db_url)
    lost = heartbeat.check()
    if lost:
        log.error("job %s: run %s went elsewhere (%s not held): not crawling", holder, run_id,
                  ", ".join(lost))  # fmt: skip
        engine.dispose()
        return 75  # EX_TEMPFAIL
    heartbeat.start()
    overrides: dict[str, Any] = {"NIANBAO_PROGRESS": False, **settings}
    try:
        result = run_crawl(
            app,
            session_factory(engine),
            resume=True,
            resume_run=run_id,
            source_ids=source_ids,
            overrides=overrides,
        )
    except NianbaoError as exc:
        log.error("job %s: run %s: %s", holder, run_id, exc)
        return exc.exit_code
    finally:
        heartbeat.release()
        engine.dispose()
    log.info(
        "job %s: run %s %s: %d documents, %d new reports, %d new versions",
        holder,
        run_id,
        result.status,
        result.ingest.documents,
        result.ingest.reports_new,
        result.ingest.versions_new,
    )
    if result.status != "finished":
        return 130
    return 3 if result.broken_sources else 0


def main(argv: list[str] | None = None) -> None:
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv or argv[0] != "crawl":
        from scrapyd.runner import main as scrapyd_main  # e.g. ``list``

        # Scrapyd sets the settings module for a crawl, not for ``list``: no egg, no
        # scrapy.cfg here, so name it (the [settings] section of crawler/scrapyd.conf).
        os.environ.setdefault("SCRAPY_SETTINGS_MODULE", "crawler.settings")
        scrapyd_main()
        return
    args, settings = parse_args(argv[2:])
    sys.exit(run_job(args, settings))


if __name__ == "__main__":
    main()
