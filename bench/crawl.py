"""Crawl speed and memory: nianbao's crawl beside a do-nothing Scrapy spider, same pages.

    .venv/bin/python bench/crawl.py                 # 2,000 and 10,000 pages
    .venv/bin/python bench/crawl.py --pages 10000,100000

Both crawl the same synthetic column (``bench/synthetic_portal.py``) on 127.0.0.1 with
the same concurrency and no politeness delays, each in its own process. Printed: pages
per second of each, their ratio (goal ≥ 0.75), and each process's peak memory (goal:
flat as pages grow). nianbao's time is its Scrapy stage (fetch + archive every page,
with JOBDIR for resuming); its extraction stage, which follows, is shown on its own.
Each size runs ``--rounds`` times alternating, and the best of each side counts: the
machine is noisy. Peak memory is the crawl process's own (the writer and extraction
processes are not in it).
"""

from __future__ import annotations

import argparse
import json
import os
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.synthetic_portal import Portal  # noqa: E402

SETTINGS = {
    "CONCURRENT_REQUESTS": 16,
    "CONCURRENT_REQUESTS_PER_DOMAIN": 16,
    "DOWNLOAD_DELAY": 0,
    "AUTOTHROTTLE_ENABLED": False,
    "ROBOTSTXT_OBEY": True,
    "LOG_LEVEL": "ERROR",
}


def _peak_kb(proc: subprocess.Popen[bytes]) -> int:
    _, _, usage = os.wait4(proc.pid, 0)
    proc.returncode = 0
    return usage.ru_maxrss


def run_baseline(url: str) -> tuple[int, float, int]:
    script = str(ROOT / "bench" / "bare_spider.py")
    out = subprocess.run(
        [sys.executable, script, url, json.dumps(SETTINGS)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    line = next(x for x in out.splitlines() if x.startswith("RESULT"))
    pages, elapsed, rss = line.split()[1:]
    return int(pages), float(elapsed), int(rss)


def run_nianbao(url: str, work: Path) -> tuple[int, float, float, float, int]:
    env = {**os.environ, "NIANBAO_DATA": str(work)}
    env.pop("NIANBAO_DB", None)
    exe = str(Path(sys.executable).with_name("nianbao"))
    subprocess.run([exe, "-q", "init"], env=env, check=True)
    registry = work / "sources.yaml"
    registry.write_text(
        "regions:\n  - {code: '411421', name: 民权县}\nsources:\n"
        f"  - {{url: '{url}', region: '411421', family: trs}}\n",
        "utf-8",
    )
    subprocess.run(
        [exe, "-q", "sources", "import", str(registry)], env=env, check=True, capture_output=True
    )
    args = [exe, "-q", "crawl", "--json"]
    for key, value in SETTINGS.items():
        args += ["--set", f"{key}={value}"]
    t = time.perf_counter()
    proc = subprocess.Popen(args, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    out = proc.stdout.read() if proc.stdout else b""
    rss = _peak_kb(proc)
    total = time.perf_counter() - t
    summary = json.loads(out)
    with sqlite3.connect(work / "archive.sqlite") as db:
        (stats,) = db.execute(
            "SELECT stats FROM crawl_runs WHERE id = ?", (summary["run"],)
        ).fetchone()
    scrapy_stats = json.loads(stats)["scrapy"]
    crawl_s = float(scrapy_stats.get("elapsed_time_seconds", total))
    pages = int(scrapy_stats.get("response_received_count", 0))
    return pages, crawl_s, total - crawl_s, total, rss


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", default="2000,10000", help="comma-separated page counts")
    parser.add_argument(
        "--rounds", type=int, default=2, help="alternating runs per size; the best of each counts"
    )
    args = parser.parse_args()
    rows = []
    for n in [int(x) for x in args.pages.split(",")]:
        best_b = best_n = None
        with Portal(n) as portal:
            for _ in range(args.rounds):  # alternate, so both see the same machine noise
                b = run_baseline(portal.url)
                with tempfile.TemporaryDirectory() as tmp:
                    r = run_nianbao(portal.url, Path(tmp))
                if best_b is None or b[0] / b[1] > best_b[0] / best_b[1]:
                    best_b = b
                if best_n is None or r[0] / r[1] > best_n[0] / best_n[1]:
                    best_n = r
        assert best_b is not None and best_n is not None
        b_pages, b_s, b_rss = best_b
        n_pages, n_crawl, n_extract, _total, n_rss = best_n
        rows.append(
            (
                n,
                b_pages,
                b_pages / b_s,
                n_pages,
                n_pages / n_crawl,
                (n_pages / n_crawl) / (b_pages / b_s),
                n_extract,
                b_rss / 1024,
                n_rss / 1024,
            )
        )
    header = (
        "pages",
        "bare fetched",
        "bare pages/s",
        "nianbao fetched",
        "nianbao pages/s",
        "ratio",
        "extract s",
        "bare MB",
        "nianbao MB",
    )
    print(" | ".join(header))
    print(" | ".join("---" for _ in header))
    for r in rows:
        print(
            f"{r[0]} | {r[1]} | {r[2]:.0f} | {r[3]} | {r[4]:.0f} | {r[5]:.2f} | {r[6]:.1f} | "
            f"{r[7]:.0f} | {r[8]:.0f}"
        )


if __name__ == "__main__":
    main()
