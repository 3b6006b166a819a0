"""The national registry: import time, and ``missing`` / ``overdue`` per province and for
the whole country, beside a plain count in the same run.

Imports the shipped administrative divisions into fresh SQLite archives (one province,
then the whole country, then the country again: all unchanged), adds reports for ~90% of
body-years 2019-2024, a source per county and four crawl runs (``bench/query_archive.py``,
as ``bench/queries.py`` does), and times ``missing --years 2019-2024`` and ``overdue
--as-of 2025-06-01`` (best of ``--repeat``, wall and CPU time) for provinces of
different sizes and the country, with the time per answer row. The same province is
also timed in an archive that holds only that province, so a growing registry shows in
the ratio.

    .venv/bin/python bench/divisions.py                       # 41 (河南), 11, 44 and the country
    .venv/bin/python bench/divisions.py --provinces 41 --repeat 1
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, func, select, text
from sqlalchemy.orm import Session

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from archive.db import make_engine, session_factory, upgrade
from archive.divisions import edition as divisions
from archive.divisions.importer import import_divisions
from archive.models import Body, Region, RegionLevel, Report
from archive.overdue import missing, overdue
from bench.query_archive import AS_OF, YEARS, add_crawls_and_reports, best


def add_reports(session: Session, seed: int = 1) -> None:
    """A source per county, four crawl runs and reports (``bench/query_archive.py``)."""
    counties = list(session.scalars(select(Region.code).where(Region.level == RegionLevel.COUNTY)))
    add_crawls_and_reports(session, counties, seed)


def archive(folder: Path, name: str) -> Engine:
    url = f"sqlite:///{folder / f'{name}.sqlite'}"
    upgrade(url)
    return make_engine(url)


def timed_import(engine: Engine, provinces: list[str]) -> tuple[float, int, int]:
    """Seconds, bodies created, bodies unchanged."""
    edition = divisions.load()
    started = time.perf_counter()
    with session_factory(engine).begin() as session:
        result = import_divisions(session, edition, provinces)
    took = time.perf_counter() - started
    counts = result.bodies.as_dict().values()
    return took, sum(c["created"] for c in counts), sum(c["unchanged"] for c in counts)


def queries(engine: Engine, region: str | None, repeat: int) -> dict[str, Any]:
    with session_factory(engine)() as session:
        count_t, _, _ = best(
            lambda: session.scalar(select(func.count()).select_from(Report)), repeat
        )
        missing_t, missing_cpu, result = best(lambda: missing(session, YEARS, region), repeat)
        m_rows = len(result.missing) + len(result.unknown)  # type: ignore[union-attr]
        result = None
        overdue_t, overdue_cpu, rows = best(
            lambda: overdue(session, AS_OF, YEARS, region), repeat
        )
        bodies = session.scalar(select(func.count()).select_from(Body))
    return {
        "scope": region or "country",
        "registry": bodies,
        "count_s": count_t,
        "missing_s": missing_t,
        "missing_cpu": missing_cpu,
        "missing_rows": m_rows,
        "overdue_s": overdue_t,
        "overdue_cpu": overdue_cpu,
        "overdue_rows": len(rows),  # type: ignore[arg-type]
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--provinces", default="41,11,44", help="2-digit codes, comma separated")
    parser.add_argument("--repeat", type=int, default=3, help="runs per query; the best counts")
    args = parser.parse_args()
    provinces = [p.strip() for p in args.provinces.split(",") if p.strip()]
    imports, results = [], []
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        one = archive(folder, "province")
        took, created, _ = timed_import(one, provinces[:1])
        imports.append((f"province {provinces[0]}, empty archive", took, created, "created"))
        with session_factory(one).begin() as session:
            add_reports(session)
        with one.connect() as conn:
            conn.execute(text("ANALYZE"))
        results.append(queries(one, provinces[0] + "0000", args.repeat))
        one.dispose()

        country = archive(folder, "country")
        took, created, _ = timed_import(country, [])
        imports.append(("the country, empty archive", took, created, "created"))
        took, _, unchanged = timed_import(country, [])
        imports.append(("the country again", took, unchanged, "unchanged"))
        took, _, unchanged = timed_import(country, provinces[:1])
        imports.append((f"province {provinces[0]} again", took, unchanged, "unchanged"))
        with session_factory(country).begin() as session:
            add_reports(session)
        with country.connect() as conn:
            conn.execute(text("ANALYZE"))
        for p in provinces:
            results.append(queries(country, p + "0000", args.repeat))
        results.append(queries(country, None, args.repeat))
        country.dispose()

    print("regions import-divisions (SQLite, one transaction)")
    print()
    print("| import | seconds | bodies |")
    print("|---|---:|---:|")
    for what, took, n, how in imports:
        print(f"| {what} | {took:.2f} | {n:,} {how} |")
    print()
    print(
        f"missing --years 2019-2024 and overdue --as-of {AS_OF} (best of {args.repeat};"
        " wall time, CPU time of the process in brackets)"
    )
    print()
    print(
        "| scope | registry bodies | COUNT(*) | missing | rows | µs/row | ×count"
        " | overdue | rows | µs/row | ×count |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for r in results:
        m_us = r["missing_s"] / max(r["missing_rows"], 1) * 1e6
        o_us = r["overdue_s"] / max(r["overdue_rows"], 1) * 1e6
        print(
            f"| {r['scope']} | {r['registry']:,} | {r['count_s'] * 1000:.1f} ms"
            f" | {r['missing_s'] * 1000:.0f} ms ({r['missing_cpu'] * 1000:.0f})"
            f" | {r['missing_rows']:,} | {m_us:.1f} | {r['missing_s'] / r['count_s']:.0f}"
            f" | {r['overdue_s'] * 1000:.0f} ms ({r['overdue_cpu'] * 1000:.0f})"
            f" | {r['overdue_rows']:,} | {o_us:.1f} | {r['overdue_s'] / r['count_s']:.0f} |"
        )


if __name__ == "__main__":
    main()
