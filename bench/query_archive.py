"""The archive the query benches fill, and their timer (``bench/queries.py``,
``bench/divisions.py``).

``add_crawls_and_reports`` gives registered bodies what a crawled archive has: a source
per county, four finished crawl runs (June 2024, then around the 2024 deadlines in
January, February and June 2025) with per-source health (2% blocked), the latest run's
list-page captures, and a report for ~90% of body-years 2019-2024 with a claimed date
(70% of them) around the deadline. Years before 2024 were found by the first crawl,
long after their deadlines; 2024 reports by the later ones.

``best`` times a call ``repeat`` times and keeps the fastest, in wall and CPU time; the
previous answer is freed outside the timed part.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from archive.models import (
    Body,
    Capture,
    CrawlRun,
    FetchOutcome,
    Report,
    ReportVersion,
    RunStatus,
    Source,
)

YEARS = list(range(2019, 2025))
AS_OF = date(2025, 6, 1)
CRAWLS = [datetime(2024, 6, 1, 4, tzinfo=UTC)] + [
    datetime(2025, m, d, 4, tzinfo=UTC) for m, d in ((1, 15), (2, 15), (6, 1))
]


def add_crawls_and_reports(session: Session, counties: list[str], seed: int = 1) -> None:
    """Sources, crawl runs, captures and reports for the bodies already registered."""
    rnd = random.Random(seed)
    session.execute(
        insert(Source), [{"url": f"http://{c}.gov.cn/ndbg/", "region_code": c} for c in counties]
    )
    source_ids = dict(session.execute(select(Source.region_code, Source.id)).all())
    health: dict[str, Any] = {}
    last_run = 0
    for when in CRAWLS:
        health = {
            str(sid): {"health": "ok" if rnd.random() > 0.02 else "blocked"}
            for sid in source_ids.values()
        }
        run = CrawlRun(
            started_at=when - timedelta(hours=1),
            finished_at=when,
            status=RunStatus.FINISHED,
            stats={"sources": health},
        )
        session.add(run)
        session.flush()
        last_run = run.id
    session.execute(
        insert(Capture),
        [
            {
                "run_id": last_run,
                "source_id": sid,
                "requested_url": f"http://{region}.gov.cn/ndbg/",
                "final_url": f"http://{region}.gov.cn/ndbg/",
                "role": "list",
                "outcome": FetchOutcome.OK
                if health[str(sid)]["health"] == "ok"
                else FetchOutcome.BLOCKED,
                "fetched_at": CRAWLS[-1],
                "context": {},
                "headers": {},
            }
            for region, sid in source_ids.items()
        ],
    )
    reports, versions, rid = [], [], 0
    bodies = session.execute(select(Body.id, Body.name, Body.region_code).order_by(Body.id))
    for body_id, name, region in bodies.all():
        for year in YEARS:
            if rnd.random() > 0.9:
                continue
            rid += 1
            due = date(year + 1, 1, 31)
            claimed = due + timedelta(days=rnd.randint(-45, 10)) if rnd.random() > 0.3 else None
            if year < 2024:
                seen = CRAWLS[0]  # found by the first crawl, long after the deadline
            else:
                seen = CRAWLS[1 if rnd.random() < 0.7 else 2 if rnd.random() < 0.67 else 3]
            reports.append(
                {
                    "id": rid,
                    "body_id": body_id,
                    "body_name": name,
                    "region_code": region,
                    "year": year,
                    "first_seen": seen,
                    "claimed_published": claimed,  # version 1's, as ingest keeps it
                }
            )
            versions.append(
                {
                    "report_id": rid,
                    "number": 1,
                    "figures": {},
                    "first_seen": seen,
                    "last_seen": seen,
                    "claimed_published": claimed,
                }
            )
    for i in range(0, len(reports), 20000):
        session.execute(insert(Report), reports[i : i + 20000])
        session.execute(insert(ReportVersion), versions[i : i + 20000])


def best(fn: Callable[[], object], repeat: int) -> tuple[float, float, object]:
    """(fastest wall seconds, fastest CPU seconds, the last answer) of ``repeat`` calls."""
    walls, cpus, result = [], [], None
    for _ in range(repeat):
        result = None  # the previous answer is freed here, not inside the timed call
        cpu, wall = time.process_time(), time.perf_counter()
        result = fn()
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    return min(walls), min(cpus), result
