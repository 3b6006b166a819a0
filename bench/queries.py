"""How fast ``missing`` and ``overdue`` answer on a large archive, per answer row and
beside a plain count.

Builds a synthetic SQLite archive per size (regions, bodies, then what
``bench/query_archive.py`` adds: a source per county, four crawl runs, reports for ~90%
of body-years 2019-2024), then times each query (best of ``--repeat``, wall and CPU
time of this process) beside ``SELECT COUNT(*) FROM reports`` in the same run, and
prints the time per answer row: it should stay flat as the archive grows. Also times a
50,000-body registry import.

    .venv/bin/python bench/queries.py                 # 5,000 and 50,000 bodies
    .venv/bin/python bench/queries.py --sizes 5000    # quicker
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from sqlalchemy import func, insert, select, text
from sqlalchemy.orm import Session

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from archive.db import make_engine, session_factory, upgrade
from archive.models import Body, BodyLevel, Region, Report
from archive.overdue import missing, overdue
from archive.registry_file import BodyEntry, RegistryFile
from archive.registry_import import import_registry
from bench.query_archive import AS_OF, YEARS, add_crawls_and_reports, best

LEVELS = (BodyLevel.COUNTY_DEPARTMENT, BodyLevel.TOWNSHIP, BodyLevel.STREET)


def build(session: Session, bodies: int, seed: int = 1) -> None:
    """``bodies`` bodies in 100 per county (a county government, departments, townships
    and streets under 20 townships per county), then crawls and reports."""
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
            name, region, level = f"县政府{i}", counties[i % len(counties)], BodyLevel.COUNTY
        elif i % 3 == 0:
            name, region = f"部门{i}", counties[i % len(counties)]
            level = BodyLevel.COUNTY_DEPARTMENT
        else:
            name, region, level = f"镇{i}", towns[i % len(towns)], LEVELS[1 + i % 2]
        rows.append({"name": name, "region_code": region, "level": level, "aliases": []})
    session.execute(insert(Body), rows)
    add_crawls_and_reports(session, counties, seed)


def bench(size: int, folder: Path, repeat: int) -> dict[str, Any]:
    url = f"sqlite:///{folder / f'bench-{size}.sqlite'}"
    upgrade(url)
    engine = make_engine(url)
    started = time.perf_counter()
    with session_factory(engine).begin() as session:
        build(session, size)
    built = time.perf_counter() - started
    with engine.connect() as conn:
        conn.execute(text("ANALYZE"))
    with session_factory(engine)() as session:
        count_s, _, count = best(
            lambda: session.scalar(select(func.count()).select_from(Report)), repeat
        )
        missing_s, missing_cpu, result = best(lambda: missing(session, YEARS), repeat)
        missing_rows = len(result.missing) + len(result.unknown)  # type: ignore[union-attr]
        unknown_rows = len(result.unknown)  # type: ignore[union-attr]
        result = None
        overdue_s, overdue_cpu, rows = best(lambda: overdue(session, AS_OF, YEARS), repeat)
    engine.dispose()
    late = sum(1 for r in rows if r["status"] == "late")  # type: ignore[union-attr]
    return {
        "bodies": size,
        "reports": count,
        "build_s": built,
        "count_s": count_s,
        "missing_s": missing_s,
        "missing_cpu": missing_cpu,
        "missing_rows": missing_rows,
        "unknown_rows": unknown_rows,
        "overdue_s": overdue_s,
        "overdue_cpu": overdue_cpu,
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


def per_row(seconds: float, rows: int) -> float:
    return seconds / max(rows, 1) * 1e6


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="5000,50000", help="body counts, comma separated")
    parser.add_argument("--repeat", type=int, default=5, help="runs per query; the best counts")
    parser.add_argument("--no-import", action="store_true", help="skip the registry import")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    with tempfile.TemporaryDirectory() as tmp:
        results = [bench(size, Path(tmp), args.repeat) for size in sizes]
        import_s = None if args.no_import else bench_import(Path(tmp))
    print(
        f"missing --years 2019-2024 and overdue --as-of {AS_OF}"
        f" (SQLite, best of {args.repeat}; wall time, CPU time of the process in brackets)"
    )
    print()
    print(
        "| bodies | reports | COUNT(*) | missing | rows (unknown) | µs/row | ×count "
        "| overdue | rows (late) | µs/row | ×count |"
    )
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for r in results:
        print(
            f"| {r['bodies']:,} | {r['reports']:,} | {r['count_s'] * 1000:.1f} ms"
            f" | {r['missing_s'] * 1000:.0f} ms ({r['missing_cpu'] * 1000:.0f})"
            f" | {r['missing_rows']:,} ({r['unknown_rows']:,})"
            f" | {per_row(r['missing_s'], r['missing_rows']):.1f}"
            f" ({per_row(r['missing_cpu'], r['missing_rows']):.1f})"
            f" | {r['missing_s'] / r['count_s']:.0f}"
            f" | {r['overdue_s'] * 1000:.0f} ms ({r['overdue_cpu'] * 1000:.0f})"
            f" | {r['overdue_rows']:,} ({r['late_rows']:,})"
            f" | {per_row(r['overdue_s'], r['overdue_rows']):.1f}"
            f" ({per_row(r['overdue_cpu'], r['overdue_rows']):.1f})"
            f" | {r['overdue_s'] / r['count_s']:.0f} |"
        )
    if len(results) > 1:
        a, b = results[0], results[-1]

        def grew(key: str, rows: str) -> str:
            return f"{per_row(b[key], b[rows]) / per_row(a[key], a[rows]):.2f}×"

        count_grew = b["count_s"] / a["count_s"]
        print()
        print(
            f"{b['bodies'] / a['bodies']:.0f}× the bodies: COUNT(*) {count_grew:.1f}×;"
            f" time per answer row: missing {grew('missing_s', 'missing_rows')}"
            f" (CPU {grew('missing_cpu', 'missing_rows')}),"
            f" overdue {grew('overdue_s', 'overdue_rows')}"
            f" (CPU {grew('overdue_cpu', 'overdue_rows')})"
        )
    if import_s is not None:
        print(f"registry import of 50,000 bodies (one transaction): {import_s:.2f} s")


if __name__ == "__main__":
    main()
