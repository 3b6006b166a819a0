"""Re-crawling an unchanged portal: what it costs and what it (must not) store.

    .venv/bin/python bench/recrawl.py                       # 10,000 pages, 3 crawls
    .venv/bin/python bench/recrawl.py --pages 2000 --rounds 2
    .venv/bin/python bench/recrawl.py --sample              # the bundled sample portals

Crawls a synthetic TRS column (``bench/synthetic_portal.py``, ``--pages`` article pages
of which ``--reports`` are real report pages from the test fixtures, the rest pages
that are not reports) into a fresh archive, then crawls it again unchanged, in the same
run of this script. Prints per crawl: pages fetched (captures), the share of GETs sent
conditional and of answers that were 304, new blobs, versions, findings and sightings
(goal: 0 blobs, 0 versions, 0 findings after the first crawl), and the bytes the archive
grew by per page fetched: the database file (with its WAL) plus the blob store, then
the database's growth split by table (SQLite's ``dbstat``: rows and their indexes).
Time is shown relative to the first crawl (the machine is shared: compare ratios).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.synthetic_portal import Portal  # noqa: E402
from crawler.sample_portals import registry_yaml  # noqa: E402
from crawler.sample_portals.server import SamplePortals  # noqa: E402

FAST = [
    "--set",
    "DOWNLOAD_DELAY=0",
    "--set",
    "AUTOTHROTTLE_ENABLED=False",
    "--set",
    "CONCURRENT_REQUESTS=16",
    "--set",
    "CONCURRENT_REQUESTS_PER_DOMAIN=16",
]
FIXTURES = ROOT / "tests" / "fixtures" / "reports"
# report pages served in place of the first synthetic articles (one body and year each)
REPORT_PAGES = sorted(p for p in FIXTURES.glob("*.html") if not p.name.startswith("notareport"))
TABLES = ("captures", "findings", "sightings", "crawl_runs", "blobs", "report_versions")


class MixedPortal(Portal):
    """The synthetic column, with real report pages as its first ``reports`` articles."""

    def __init__(self, pages: int, reports: int) -> None:
        super().__init__(pages)
        self.reports = [p.read_bytes() for p in REPORT_PAGES[:reports]]

    def page(self, path: str) -> bytes | None:
        if path.startswith("/bench/ndbg/2023/t2024_"):
            n = int(path.rsplit("_", 1)[1].removesuffix(".html"))
            if n < len(self.reports):
                return self.reports[n]
        return super().page(path)


@contextmanager
def portal_registry(args: argparse.Namespace) -> Iterator[str]:
    """The portal, started, and the registry YAML that lists it."""
    if args.sample:
        with SamplePortals() as portals:
            yield registry_yaml(portals.base_url)
        return
    with MixedPortal(args.pages, args.reports) as portal:
        yield (
            "regions:\n  - {code: '411421', name: 民权县}\nsources:\n"
            f"  - {{url: '{portal.url}', region: '411421', family: trs}}\n"
        )


def archive_bytes(data: Path) -> tuple[int, int]:
    """(database file, blob store) in bytes, the WAL checkpointed into the file first:
    a WAL's size is how much was written lately, not what the archive holds."""
    with sqlite3.connect(data / "archive.sqlite") as db:
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db_size = sum(p.stat().st_size for p in data.glob("archive.sqlite*") if p.is_file())
    blobs = sum(p.stat().st_size for p in (data / "blobs").rglob("*") if p.is_file())
    return db_size, blobs


def table_bytes(db: sqlite3.Connection) -> dict[str, int]:
    """Bytes of each table with its indexes (SQLite pages in use)."""
    sizes = dict.fromkeys(TABLES, 0)
    rows = db.execute(
        "SELECT s.name, m.tbl_name, SUM(s.pgsize - s.unused) FROM dbstat s "
        "JOIN sqlite_schema m ON m.name = s.name GROUP BY s.name"
    )
    for _, table, used in rows:
        if table in sizes:
            sizes[table] += used
    return sizes


def counts(db: sqlite3.Connection) -> dict[str, int]:
    return {t: db.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0] for t in TABLES}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=10_000, help="article pages (synthetic)")
    parser.add_argument(
        "--reports", type=int, default=len(REPORT_PAGES), help="of them real report pages"
    )
    parser.add_argument("--rounds", type=int, default=3, help="crawls in all (first included)")
    parser.add_argument("--sample", action="store_true", help="crawl the sample portals")
    parser.add_argument("--keep", type=Path, help="archive into this new folder and keep it")
    args = parser.parse_args()
    if not 1 <= args.pages <= 200_000 or not 1 <= args.rounds <= 10:
        parser.error("--pages 1..200000, --rounds 1..10")
    exe = shutil.which("nianbao", path=os.path.dirname(sys.executable)) or "nianbao"
    rows = []
    parts = []
    with tempfile.TemporaryDirectory() as tmp, portal_registry(args) as registry:
        data = Path(tmp)
        if args.keep:
            args.keep.mkdir(parents=True)
            data = args.keep
        env = {**os.environ, "NIANBAO_DATA": str(data)}
        env.pop("NIANBAO_DB", None)
        subprocess.run([exe, "-q", "init"], env=env, check=True, capture_output=True)
        (data / "sources.yaml").write_text(registry, "utf-8")
        subprocess.run(
            [exe, "-q", "sources", "import", str(data / "sources.yaml")],
            env=env,
            check=True,
            capture_output=True,
        )
        first_time = None
        for n in range(1, args.rounds + 1):
            with sqlite3.connect(data / "archive.sqlite") as db:
                before, sizes_before = counts(db), table_bytes(db)
            bytes_before = archive_bytes(data)
            started = time.perf_counter()
            out = subprocess.run(
                [exe, "-q", "crawl", "--json", *FAST], env=env, capture_output=True, text=True
            )
            elapsed = time.perf_counter() - started
            if out.returncode != 0:
                sys.exit(f"crawl {n} failed: {out.stderr[-2000:]}")
            run = json.loads(out.stdout)["run"]
            first_time = first_time or elapsed
            db_grew, blobs_grew = (
                a - b for a, b in zip(archive_bytes(data), bytes_before, strict=True)
            )
            with sqlite3.connect(data / "archive.sqlite") as db:
                after, sizes_after = counts(db), table_bytes(db)
                (stats,) = db.execute(
                    "SELECT stats FROM crawl_runs WHERE id = ?", (run,)
                ).fetchone()
                (fetched,) = db.execute(
                    "SELECT COUNT(*) FROM captures WHERE run_id = ?", (run,)
                ).fetchone()
            scrapy = json.loads(stats).get("scrapy", {})
            gets = scrapy.get("downloader/request_method_count/GET", 0)
            responses = scrapy.get("downloader/response_count", 0)
            new = {t: after[t] - before[t] for t in TABLES}
            pages = max(fetched, 1)
            rows.append(
                (
                    n,
                    fetched,
                    scrapy.get("nianbao/conditional/sent", 0) / max(gets, 1),
                    scrapy.get("downloader/response_status_count/304", 0) / max(responses, 1),
                    new["blobs"],
                    new["report_versions"],
                    new["findings"],
                    new["sightings"],
                    (db_grew + blobs_grew) / pages,
                    db_grew / pages,
                    blobs_grew / pages,
                    elapsed,
                    elapsed / first_time,
                )
            )
            parts.append((n, {t: (sizes_after[t] - sizes_before[t]) / pages for t in TABLES}))
    header = (
        "crawl",
        "pages",
        "conditional",
        "304",
        "new blobs",
        "new versions",
        "new findings",
        "new sightings",
        "bytes/page",
        "db bytes/page",
        "blob bytes/page",
        "seconds",
        "vs first",
    )
    print(" | ".join(header))
    print(" | ".join("---" for _ in header))
    for r in rows:
        print(
            f"{r[0]} | {r[1]} | {r[2]:.0%} | {r[3]:.0%} | {r[4]} | {r[5]} | {r[6]} | {r[7]} | "
            f"{r[8]:,.0f} | {r[9]:,.0f} | {r[10]:,.0f} | {r[11]:.1f} | {r[12]:.2f}"
        )
    print()
    print("database growth per page fetched, by table (rows and their indexes, bytes)")
    print()
    print(" | ".join(("crawl", *TABLES)))
    print(" | ".join("---" for _ in range(len(TABLES) + 1)))
    for n, split in parts:
        print(" | ".join((str(n), *(f"{split[t]:,.0f}" for t in TABLES))))


if __name__ == "__main__":
    main()
