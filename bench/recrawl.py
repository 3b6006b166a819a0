"""Re-crawling an unchanged portal: what it costs and what it (must not) store.

    .venv/bin/python bench/recrawl.py [--rounds 3]

Crawls the bundled sample portals into a fresh archive, then crawls them again
unchanged, in the same run of this script. Prints per round: pages fetched, the share
of requests that were conditional and of answers that were 304, new blobs and new
versions (goal: 0 and 0 after the first round), and the time relative to the first
crawl.
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
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from crawler.sample_portals import registry_yaml  # noqa: E402
from crawler.sample_portals.server import SamplePortals  # noqa: E402

FAST = ["--set", "DOWNLOAD_DELAY=0", "--set", "AUTOTHROTTLE_START_DELAY=0"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3, help="crawls in all (first included)")
    args = parser.parse_args()
    exe = shutil.which("nianbao", path=os.path.dirname(sys.executable)) or "nianbao"
    with tempfile.TemporaryDirectory() as tmp, SamplePortals() as portals:
        env = {**os.environ, "NIANBAO_DATA": tmp}
        env.pop("NIANBAO_DB", None)
        subprocess.run([exe, "-q", "init"], env=env, check=True, capture_output=True)
        registry = Path(tmp) / "sources.yaml"
        registry.write_text(registry_yaml(portals.base_url), "utf-8")
        subprocess.run(
            [exe, "-q", "sources", "import", str(registry)],
            env=env,
            check=True,
            capture_output=True,
        )
        rows = []
        first_time = None
        for n in range(1, args.rounds + 1):
            blobs_before = sum(1 for _ in Path(tmp, "blobs").rglob("*.zst"))
            seen = len(portals.requests)
            started = time.perf_counter()
            out = subprocess.run(
                [exe, "-q", "crawl", "--json", *FAST], env=env, capture_output=True, text=True
            )
            elapsed = time.perf_counter() - started
            summary = json.loads(out.stdout)
            first_time = first_time or elapsed
            requests = [r for r in portals.requests[seen:] if not r.path.endswith("robots.txt")]
            gets = [r for r in requests if r.method == "GET"]
            conditional = sum(1 for r in gets if r.had_conditional_headers)
            not_modified = sum(1 for r in requests if r.status == 304)
            blobs_after = sum(1 for _ in Path(tmp, "blobs").rglob("*.zst"))
            with sqlite3.connect(Path(tmp, "archive.sqlite")) as db:
                (versions,) = db.execute("SELECT COUNT(*) FROM report_versions").fetchone()
            rows.append(
                (
                    n,
                    len(requests),
                    conditional / max(len(gets), 1),
                    not_modified / max(len(requests), 1),
                    blobs_after - blobs_before,
                    summary["versions_new"],
                    versions,
                    elapsed,
                    elapsed / first_time,
                )
            )
    header = (
        "crawl",
        "requests",
        "conditional",
        "304",
        "new blobs",
        "new versions",
        "versions",
        "seconds",
        "vs first",
    )
    print(" | ".join(header))
    print(" | ".join("---" for _ in header))
    for r in rows:
        print(
            f"{r[0]} | {r[1]} | {r[2]:.0%} | {r[3]:.0%} | {r[4]} | {r[5]} | {r[6]} | "
            f"{r[7]:.1f} | {r[8]:.2f}"
        )


if __name__ == "__main__":
    main()
