"""How fast ``missing`` and ``overdue`` answer on a large archive, beside a plain count.

Builds a synthetic SQLite archive per size (regions, bodies, one source per county,
reports for ~90% of body-years 2019-2024 with claimed dates and first-seen times, a few
crawl runs with per-source health, and captures with some blocked pages), then times
each query (best of ``--repeat``) beside ``SELECT COUNT(*) FROM reports`` in the same
run, and prints a table with the ratios. Also times a 50,000-body registry import.

    .venv/bin/python bench/queries.py                 # 5,000 and 50,000 bodies
    .venv/bin/python bench/queries.py --sizes 5000    # quicker
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from sqlalchemy import func, insert, select, text
from sqlalchemy.orm import Session

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from archive.db import make_engine, session_factory, upgrade
from archive.models import (
    Body,
    BodyLevel,
    Capture,
    CrawlRun,
    FetchOutcome,
    Region,
    Report,
    ReportVersion,
    RunStatus,
    Source,
)
from archive.overdue import missing, overdue
from archive.registry_file import BodyEntry, RegistryFile
from archive.registry_import import import_registry

YEARS = list(range(2019, 2025))
AS_OF = date(2025, 6, 1)
LEVELS = (BodyLevel.COUNTY_DEPARTMENT, BodyLevel.TOWNSHIP, BodyLevel.STREET)


def build(session: Session, bodies: int, seed: int = 1) -> None:
    rnd = random.Random(seed)
    counties = [f"{p:02d}{c:04d}" for p in range(11, 66) for c in range(101, 200)]
    counties = counties[: max(1, bodies // 100)]
    towns = [f"{c}{t:03d}" for c in counties for t in range(101, 121)]
    regions = [
        {"code": c, "name": f"县{c}", "parent_code": c[:2] + "0000", "level": "county"}
        for c in counties
    ]
    regions += [
        {"code": t, "name": f"镇{t}", "parent_code": t[:6], "level": "township"} for t in towns
    ]
    session.execute(insert(Region), regions)
    rows = []
    for i in range(bodies):
        if i % 10 == 0:
            rows.append(
                {
                    "name": f"县政府{i}",
                    "region_code": counties[i % len(counties)],
                    "level": BodyLevel.COUNTY,
                    "aliases": [],
                }
            )
        elif i % 3 == 0:
            rows.append(
                {
                    "name": f"部门{i}",
                    "region_code": counties[i % len(counties)],
                    "level": BodyLevel.COUNTY_DEPARTMENT,
                    "aliases": [],
                }
            )
        else:
            rows.append(
                {
                    "name": f"镇{i}",
                    "region_code": towns[i % len(towns)],
                    "level": LEVELS[1 + i % 2],
                    "aliases": [],
                }
            )
    session.execute(insert(Body), rows)
    body_rows = session.execute(select(Body.id, Body.name, Body.region_code)).all()
    sources = [{"url": f"http://{c}.gov.cn/ndbg/", "region_code": c} for c in counties]
    session.execute(insert(Source), sources)
    source_ids = dict(session.execute(select(Source.region_code, Source.id)).all())

    # The archive started in June 2024: one crawl then, and three around the 2024 deadlines.
    crawls = [datetime(2024, 6, 1, 4, tzinfo=UTC)] + [
        datetime(2025, m, d, 4, tzinfo=UTC) for m, d in ((1, 15), (2, 15), (6, 1))
    ]
    run_ids = []
    for when in crawls:
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
        run_ids.append((run.id, when, health))
    last_run, last_when, last_health = run_ids[-1]
    captures = []
    for region, sid in source_ids.items():
        blocked = last_health[str(sid)]["health"] != "ok"
        captures.append(
            {
                "run_id": last_run,
                "source_id": sid,
                "requested_url": f"http://{region}.gov.cn/ndbg/",
                "final_url": f"http://{region}.gov.cn/ndbg/",
                "role": "list",
                "outcome": FetchOutcome.BLOCKED if blocked else FetchOutcome.OK,
                "fetched_at": last_when,
                "context": {},
                "headers": {},
            }
        )
    session.execute(insert(Capture), captures)

    reports, versions = [], []
    rid = 0
    for body_id, name, region in body_rows:
        for year in YEARS:
            if rnd.random() > 0.9:
                continue
            rid += 1
            due = date(year + 1, 1, 31)
            claimed = due + timedelta(days=rnd.randint(-45, 10)) if rnd.random() > 0.3 else None
            if year < 2024:
                seen = crawls[0]  # found by the first crawl, long after the deadline
            else:
                seen = crawls[1 if rnd.random() < 0.7 else 2 if rnd.random() < 0.67 else 3]
            reports.append(
                {
                    "id": rid,
                    "body_id": body_id,
                    "body_name": name,
                    "region_code": region,
                    "year": year,
                    "first_seen": seen,
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


def best(fn: Callable[[], object], repeat: int) -> tuple[float, object]:
    times, result = [], None
    for _ in range(repeat):
        started = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - started)
    return min(times), result


def bench(size: int, folder: Path, repeat: int) -> dict[str, object]:
    url = f"sqlite:///{folder / f'bench-{size}.sqlite'}"
    upgrade(url)
    engine = make_engine(url)
    sessions = session_factory(engine)
    started = time.perf_counter()
    with sessions.begin() as session:
        build(session, size)
    built = time.perf_counter() - started
    with engine.connect() as conn:
        conn.execute(text("ANALYZE"))
    with sessions() as session:
        count_t, count = best(
            lambda: session.scalar(select(func.count()).select_from(Report)), repeat
        )
        missing_t, result = best(lambda: missing(session, YEARS), repeat)
        overdue_t, rows = best(lambda: overdue(session, AS_OF, YEARS), repeat)
    engine.dispose()
    late = sum(1 for r in rows if r["status"] == "late")  # type: ignore[union-attr]
    return {
        "bodies": size,
        "reports": count,
        "build_s": built,
        "count_s": count_t,
        "missing_s": missing_t,
        "missing_rows": len(result.missing),  # type: ignore[union-attr]
        "unknown_rows": len(result.unknown),  # type: ignore[union-attr]
        "overdue_s": overdue_t,
        "overdue_rows": len(rows),  # type: ignore[arg-type]
        "late_rows": late,
    }


def bench_import(folder: Path, bodies: int = 50_000) -> float:
    url = f"sqlite:///{folder / 'import.sqlite'}"
    upgrade(url)
    engine = make_engine(url)
    counties = [f"41{a:02d}{b:02d}" for a in range(1, 11) for b in range(1, 51)]
    with session_factory(engine).begin() as session:
        session.execute(
            insert(Region),
            [{"code": c, "name": c, "parent_code": "410000", "level": "county"} for c in counties],
        )
    registry = RegistryFile(
        bodies=[
            BodyEntry(
                "bench", f"机关{i}", counties[i % 500], BodyLevel.COUNTY_DEPARTMENT, (f"别名{i}",)
            )
            for i in range(bodies)
        ]
    )
    started = time.perf_counter()
    with session_factory(engine).begin() as session:
        import_registry(session, registry)
    took = time.perf_counter() - started
    engine.dispose()
    return took


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="5000,50000", help="body counts, comma separated")
    parser.add_argument("--repeat", type=int, default=3, help="runs per query; the best counts")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    with tempfile.TemporaryDirectory() as tmp:
        results = [bench(size, Path(tmp), args.repeat) for size in sizes]
        import_s = bench_import(Path(tmp))
    print(f"missing --years 2019-2024 and overdue --as-of {AS_OF} (SQLite, best of {args.repeat})")
    print()
    print(
        "| bodies | reports | COUNT(*) | missing | ×count | overdue | ×count "
        "| missing rows (unknown) | overdue rows (late) |"
    )
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for r in results:
        print(
            f"| {r['bodies']:,} | {r['reports']:,} | {r['count_s'] * 1000:.1f} ms"
            f" | {r['missing_s'] * 1000:.0f} ms | {r['missing_s'] / r['count_s']:.0f}"
            f" | {r['overdue_s'] * 1000:.0f} ms | {r['overdue_s'] / r['count_s']:.0f}"
            f" | {r['missing_rows']:,} ({r['unknown_rows']:,}) | {r['overdue_rows']:,}"
            f" ({r['late_rows']:,}) |"
        )
    if len(results) > 1:
        a, b = results[0], results[-1]
        grow = b["bodies"] / a["bodies"]
        print()
        print(
            f"{grow:.0f}× the bodies: COUNT(*) {b['count_s'] / a['count_s']:.1f}×,"
            f" missing {b['missing_s'] / a['missing_s']:.1f}×,"
            f" overdue {b['overdue_s'] / a['overdue_s']:.1f}×"
        )
    print(f"registry import of 50,000 bodies (one transaction): {import_s:.2f} s")


if __name__ == "__main__":
    main()
