"""How fast the dashboard's coverage and body pages answer, beside a plain SELECT of the
same rows, at 5,000 and 50,000 bodies; and how fast 50,000 report versions export.

Builds the synthetic archive of ``bench/queries.py`` per size (every version given a
full set of figures), starts the app in-process (Starlette's test client: the whole
request, routing, queries and template, without a socket) and times, best of
``--repeat``:

- the coverage page (``/``, 50 bodies × 2019-2024, page 1 and a page in the middle)
  against ``SELECT`` of the same 50 bodies and their reports;
- a body page against ``SELECT`` of that body's reports and versions;
- ``nianbao export`` of 50,000 versions to each format against a plain ``SELECT`` of the
  same rows (the figures' JSON decoded, as any reader must).

    .venv/bin/python bench/serve.py                  # 5,000 and 50,000 bodies
    .venv/bin/python bench/serve.py --sizes 5000     # quicker
"""

from __future__ import annotations

import argparse
import itertools
import random
import sys
import tempfile
import time
import warnings
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import select, text, update

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from archive.config import load_settings
from archive.db import make_engine, session_factory, upgrade
from archive.export import export_columns, version_rows, write_table
from archive.figure_labels import paths
from archive.models import Body, Report, ReportVersion
from bench.queries import YEARS, build

AS_OF = date(2025, 6, 1)
PER_PAGE = 50
EXPORT_ROWS = 50_000


def figures(seed: int) -> dict[str, Any]:
    """A full report of the 2021 template with made-up numbers."""
    rnd = random.Random(seed)
    out: dict[str, Any] = {"schema": 1, "template": "2021", "checks": []}
    for path in paths("2021"):
        section, row, column = path.split(".")
        out.setdefault(section, {}).setdefault(row, {})[column] = rnd.randint(0, 300)
    return out


def best(fn: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return min(times)


def bench(size: int, folder: Path, repeat: int, export: bool) -> dict[str, Any]:
    data = folder / f"serve-{size}"
    settings = load_settings(f"sqlite:///{data / 'archive.sqlite'}", data)
    upgrade(settings.db_url)
    engine = make_engine(settings.db_url)
    sessions = session_factory(engine)
    with sessions.begin() as session:
        build(session, size)
        variants = [figures(i) for i in range(8)]
        for k, fig in enumerate(variants):
            session.execute(
                update(ReportVersion).where(ReportVersion.id % 8 == k).values(figures=fig)
            )
    with engine.connect() as conn:
        conn.execute(text("ANALYZE"))

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from starlette.testclient import TestClient

        from web.app import create_app

        client = TestClient(create_app(settings, as_of=AS_OF))
    years = f"{YEARS[0]}-{YEARS[-1]}"
    middle = max(1, size // PER_PAGE // 2)
    out: dict[str, Any] = {"bodies": size}

    def page(n: int) -> None:
        r = client.get("/", params={"years": years, "page": n})
        assert r.status_code == 200 and "共" in r.text

    with sessions() as session:
        body_ids_all = session.scalars(select(Body.id).order_by(Body.id)).all()
        some_body = body_ids_all[len(body_ids_all) // 2]

        def plain_page(n: int) -> None:
            bodies = session.execute(
                select(Body.id, Body.name, Body.region_code, Body.level)
                .order_by(Body.region_code, Body.name, Body.id)
                .limit(PER_PAGE)
                .offset((n - 1) * PER_PAGE)
            ).all()
            session.execute(
                select(Report.body_id, Report.year, Report.first_seen).where(
                    Report.body_id.in_([b[0] for b in bodies]), Report.year.in_(YEARS)
                )
            ).all()

        def plain_body() -> None:
            session.execute(
                select(Report, ReportVersion)
                .join(ReportVersion, ReportVersion.report_id == Report.id)
                .where(Report.body_id == some_body)
            ).all()

        out["page1_s"] = best(lambda: page(1), repeat)
        out["page_mid_s"] = best(lambda: page(middle), repeat)
        out["select1_s"] = best(lambda: plain_page(1), repeat)
        out["select_mid_s"] = best(lambda: plain_page(middle), repeat)
        out["body_s"] = best(lambda: client.get(f"/body/{some_body}").raise_for_status(), repeat)
        out["body_select_s"] = best(plain_body, repeat)
        if export:
            columns = export_columns()
            plain = (
                select(Report, ReportVersion)
                .join(ReportVersion, ReportVersion.report_id == Report.id)
                .order_by(Report.region_code, Report.body_name, Report.year, ReportVersion.number)
                .limit(EXPORT_ROWS)
            )
            out["read_s"] = best(lambda: session.execute(plain).all(), 1)
            session.expunge_all()
            for fmt in ("csv", "jsonl", "xlsx", "parquet"):
                target = folder / f"export.{fmt}"

                def run(fmt: str = fmt, target: Path = target) -> None:
                    rows = itertools.islice(version_rows(session), EXPORT_ROWS)
                    if fmt in ("csv", "jsonl"):
                        with target.open("w", encoding="utf-8", newline="") as fh:
                            out["export_rows"] = write_table(rows, columns, fmt, fh)
                    else:
                        with target.open("wb") as fh:
                            out["export_rows"] = write_table(rows, columns, fmt, fh)

                out[f"{fmt}_s"] = best(run, 1)
                out[f"{fmt}_mb"] = target.stat().st_size / 1e6
    engine.dispose()
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="5000,50000", help="body counts, comma separated")
    parser.add_argument("--repeat", type=int, default=5, help="runs per page; the best counts")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    with tempfile.TemporaryDirectory() as tmp:
        results = [bench(size, Path(tmp), args.repeat, export=size == sizes[-1]) for size in sizes]
    print(f"dashboard pages (SQLite, in-process, best of {args.repeat}, as of {AS_OF})")
    print()
    print("| bodies | page | dashboard | plain SELECT | ratio |")
    print("|---:|---|---:|---:|---:|")
    for r in results:
        for name, key, base in (
            ("coverage, page 1", "page1_s", "select1_s"),
            ("coverage, middle page", "page_mid_s", "select_mid_s"),
            ("body", "body_s", "body_select_s"),
        ):
            print(
                f"| {r['bodies']:,} | {name} | {r[key] * 1000:.1f} ms"
                f" | {r[base] * 1000:.1f} ms | {r[key] / r[base]:.1f}× |"
            )
    if len(results) > 1:
        a, b = results[0], results[-1]
        print()
        print(
            f"{b['bodies'] / a['bodies']:.0f}× the bodies: coverage page 1"
            f" {b['page1_s'] / a['page1_s']:.2f}×,"
            f" middle page {b['page_mid_s'] / a['page_mid_s']:.2f}×,"
            f" body page {b['body_s'] / a['body_s']:.2f}×"
        )
    last = results[-1]
    if "read_s" in last:
        print()
        print(
            f"export of {last['export_rows']:,} report versions ({len(export_columns())} columns)"
        )
        print()
        print("| format | time | size | × plain SELECT of the rows |")
        print("|---|---:|---:|---:|")
        print(f"| plain SELECT (figures decoded) | {last['read_s']:.2f} s | | 1.0× |")
        for fmt in ("csv", "jsonl", "xlsx", "parquet"):
            print(
                f"| {fmt} | {last[f'{fmt}_s']:.2f} s | {last[f'{fmt}_mb']:.1f} MB"
                f" | {last[f'{fmt}_s'] / last['read_s']:.1f}× |"
            )


if __name__ == "__main__":
    main()
