"""The fault farm's table: every fault, what it came to, and what was lost or duplicated.

    .venv/bin/python bench/faults.py [--no-process]

Serves the fault farm (``tests/support/faultfarm.py``) on 127.0.0.1, crawls it into a
fresh archive and again unchanged, then (unless ``--no-process``) runs each process
fault (SIGINT, kill -9 of the crawl and of the writer, the database locked during and
before the crawl, blobs corrupted afterwards) followed by ``--resume``. Prints one row
per fault: fault, outcome, captures, lost, duplicates, false versions, seconds. The
goal: 0 lost, 0 duplicates, 0 false versions, no hang (every row finishes).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.support.faultfarm import FaultFarm  # noqa: E402
from tests.support.faultrun import fault_rows, process_rows, table  # noqa: E402

RUISHU = Path("/work/shared/real/ruishu-challenge.html")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-process", action="store_true", help="only the URL faults")
    args = parser.parse_args()
    ruishu = (
        RUISHU.read_bytes()
        if RUISHU.exists()
        else (ROOT / "crawler" / "sample_portals" / "ruishu-challenge.html").read_bytes()
    )
    started = time.monotonic()
    with tempfile.TemporaryDirectory() as tmp, FaultFarm(ruishu) as farm:
        rows = fault_rows(Path(tmp), farm)
        if not args.no_process:
            rows += process_rows(Path(tmp), farm)
    print(table(rows))
    bad = [r.fault for r in rows if not r.ok]
    lost = sum(r.lost for r in rows)
    dups = sum(r.duplicates for r in rows)
    false = sum(r.false_versions for r in rows)
    print(
        f"\n{len(rows)} faults in {time.monotonic() - started:.0f} s: {lost} lost, {dups} "
        f"duplicates, {false} false versions; not as expected: {', '.join(bad) or 'none'}"
    )


if __name__ == "__main__":
    main()
