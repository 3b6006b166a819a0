"""Crawl speed and memory on real-size pages: ``nianbao crawl`` beside a bare Scrapy spider.

    .venv/bin/python bench/crawl.py                        # 2,000 and 10,000 articles
    .venv/bin/python bench/crawl.py --pages 10000,100000 --rounds 1
    .venv/bin/python bench/crawl.py --code /tmp/main-export   # another checkout's nianbao

Both crawl the same synthetic column (``bench/synthetic_portal.py``: list pages with
portal chrome, 30–120 KB articles with inline 年报 tables or PDF/DOCX attachments, and
other notices) on 127.0.0.1 with the same concurrency and no politeness delays, each in
its own process. Printed per size:

- **crawl ratio**: nianbao's Scrapy stage (fetch and archive every response) in
  responses per second, over the bare spider's (goal ≥ 0.8);
- **end-to-end ratio**: the whole ``nianbao crawl`` command until it returns (crawl,
  extraction, report writing, assessment, summary) over the bare spider's whole process,
  both from start to exit (goal ≥ 0.5);
- **peak memory** of the whole command: the largest sum of proportional set sizes
  (resident memory, pages shared between processes split among them) over its process
  tree (the crawl process, the archive writer, the extraction workers), polled every
  0.2 s (goal: at the largest size < 1.5× that at the smallest).

Each size runs ``--rounds`` times alternating, and the best of each side counts: the
machine is noisy.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import psutil

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


@dataclass
class Run:
    responses: int
    crawl_s: float  # the Scrapy stage
    total_s: float  # the whole process, start to exit
    peak_mb: float  # the largest PSS sum over the process tree


def _tree_pss(proc: psutil.Process) -> int:
    """The tree's memory: each process's proportional set size, so pages shared by a
    fork (the extraction workers) count once, not once a process as RSS would."""
    total = 0
    for p in [proc, *proc.children(recursive=True)]:
        with contextlib.suppress(psutil.Error):  # gone between listing and reading
            total += p.memory_full_info().pss
    return total


LIMIT_S = 3 * 3600  # a run that takes longer is stopped: every load here is bounded


def run_watched(args: list[str], env: dict[str, str] | None = None) -> tuple[str, float, float]:
    """Run a command to its end (at most ``LIMIT_S``): its stdout, wall seconds and peak
    tree PSS in MB."""
    started = time.perf_counter()
    proc = subprocess.Popen(args, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    watched = psutil.Process(proc.pid)
    peak = 0
    done = threading.Event()

    def poll() -> None:
        nonlocal peak
        while not done.is_set():
            try:
                peak = max(peak, _tree_pss(watched))
            except psutil.Error:
                return
            if time.perf_counter() - started > LIMIT_S:
                for p in [*watched.children(recursive=True), watched]:  # fail, not hang
                    with contextlib.suppress(psutil.Error):
                        p.kill()
                return
            done.wait(0.2)

    poller = threading.Thread(target=poll, daemon=True)
    poller.start()
    out = proc.stdout.read() if proc.stdout else b""
    proc.wait()
    elapsed = time.perf_counter() - started
    done.set()
    poller.join()
    if proc.returncode != 0:
        raise RuntimeError(f"{args[:3]} exited with {proc.returncode}")
    return out.decode(), elapsed, peak / 2**20


def run_baseline(url: str) -> Run:
    script = str(ROOT / "bench" / "bare_spider.py")
    out, total, peak = run_watched([sys.executable, script, url, json.dumps(SETTINGS)])
    line = next(x for x in out.splitlines() if x.startswith("RESULT"))
    pages, elapsed, _rss = line.split()[1:]
    return Run(int(pages), float(elapsed), total, peak)


def run_nianbao(url: str, work: Path, code: Path = ROOT) -> Run:
    env = {**os.environ, "NIANBAO_DATA": str(work), "PYTHONPATH": str(code)}
    env.pop("NIANBAO_DB", None)
    exe = str(Path(sys.executable).with_name("nianbao"))
    subprocess.run([exe, "-q", "init"], env=env, check=True, capture_output=True)
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
    out, total, peak = run_watched(args, env)
    summary = json.loads(out)
    with sqlite3.connect(work / "archive.sqlite") as db:
        (stats,) = db.execute(
            "SELECT stats FROM crawl_runs WHERE id = ?", (summary["run"],)
        ).fetchone()
    scrapy_stats = json.loads(stats)["scrapy"]
    crawl_s = float(scrapy_stats.get("elapsed_time_seconds", total))
    pages = int(scrapy_stats.get("response_received_count", 0))
    return Run(pages, crawl_s, total, peak)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", default="2000,10000", help="comma-separated article counts")
    parser.add_argument(
        "--rounds", type=int, default=2, help="alternating runs per size; the best of each counts"
    )
    parser.add_argument(
        "--code",
        type=Path,
        default=ROOT,
        help="the nianbao checkout to run (e.g. an export of main, for a before/after)",
    )
    args = parser.parse_args()
    header = (
        "articles",
        "responses bare/nianbao",
        "crawl/s bare",
        "crawl/s nianbao",
        "crawl ratio",
        "total s bare",
        "total s nianbao",
        "end-to-end ratio",
        "peak MB bare",
        "peak MB nianbao",
    )
    print(" | ".join(header), flush=True)
    print(" | ".join("---" for _ in header), flush=True)
    peaks: list[tuple[int, float]] = []
    for n in [int(x) for x in args.pages.split(",")]:
        best_b: Run | None = None
        best_n: Run | None = None
        with Portal(n) as portal:
            for _ in range(args.rounds):  # alternate, so both see the same machine noise
                b = run_baseline(portal.url)
                with tempfile.TemporaryDirectory() as tmp:
                    r = run_nianbao(portal.url, Path(tmp), args.code)
                if best_b is None or b.total_s < best_b.total_s:
                    best_b = b
                if best_n is None or r.total_s < best_n.total_s:
                    best_n = r
            expected = portal.expected()
        assert best_b is not None and best_n is not None
        if best_b.responses < expected or best_n.responses < expected:
            print(
                f"! {n}: expected {expected} responses, the ratios compare unequal work",
                file=sys.stderr,
            )
        b_rate, n_rate = best_b.responses / best_b.crawl_s, best_n.responses / best_n.crawl_s
        e2e = (best_n.responses / best_n.total_s) / (best_b.responses / best_b.total_s)
        peaks.append((n, best_n.peak_mb))
        print(
            f"{n} | {best_b.responses}/{best_n.responses} | {b_rate:.0f} | {n_rate:.0f} | "
            f"{n_rate / b_rate:.2f} | {best_b.total_s:.0f} | {best_n.total_s:.0f} | {e2e:.2f} | "
            f"{best_b.peak_mb:.0f} | {best_n.peak_mb:.0f}",
            flush=True,
        )
    if len(peaks) > 1:
        (n0, m0), (n1, m1) = peaks[0], peaks[-1]
        print(f"\nnianbao peak memory {n1} vs {n0} articles: {m1 / m0:.2f}x (goal < 1.5x)")


if __name__ == "__main__":
    main()
