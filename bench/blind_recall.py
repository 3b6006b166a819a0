"""Recall, attribution and overdue answers on the independent blind portal farm.

    PYTHONPATH=. .venv/bin/python bench/blind_recall.py                 # seed 1, all styles
    PYTHONPATH=. .venv/bin/python bench/blind_recall.py --seed 3 --depts 1 --towns 2
    PYTHONPATH=. .venv/bin/python bench/blind_recall.py --keep /tmp/blind --misses m.json

Builds ``tests/support/blindfarm`` (one county per portal style, written from
``shared/real`` only, sharing no code with ``tests/support/portalgen``), serves each
portal on its own 127.0.0.1 port, and runs this checkout's ``nianbao`` (``crawler.cli``)
in subprocesses: ``init``, ``sources import`` (every source ``family: auto``), ``crawl``
(loopback politeness off), ``reports``, ``missing --years 2019-2024`` (with and without
``--with-unknown``) and ``overdue --as-of D --years 2019-2024`` for each ``--as-of``
(default 2025-04-01 and 2025-06-30).

Prints a table per portal style — expected, found, right year, right body, false rows,
wrong ``missing`` rows, wrong ``overdue`` rows per date, and the challenged portal's
body-years read as unknown — then the causes of the misses. Exit status 0 whatever the
score; the goal is asserted by ``tests/crawler/test_blind_recall.py``.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from collections import Counter
from datetime import date
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.support.blindfarm import build_farm  # noqa: E402
from tests.support.blindfarm.score import Score, score  # noqa: E402
from tests.support.blindfarm.styles import STYLES  # noqa: E402

FAST = ["--set", "DOWNLOAD_DELAY=0", "--set", "AUTOTHROTTLE_START_DELAY=0",
        "--set", "NIANBAO_RETRY_BACKOFF=0.05"]
YEARS = "2019-2024"
AS_OF = (date(2025, 4, 1), date(2025, 6, 30))


def _nianbao(env: dict[str, str], *args: str, timeout: float = 900,
             ok: tuple[int, ...] = (0,)) -> str:
    cmd = [sys.executable, "-c", "from crawler.cli import cli; cli()", *args]
    proc = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=timeout,
                          cwd=env["NIANBAO_DATA"])
    if proc.returncode not in ok:
        raise RuntimeError(f"nianbao {' '.join(args[:2])} exited {proc.returncode}:\n"
                           f"{proc.stderr[-3000:]}")
    return proc.stdout


def cause(miss: dict[str, Any], requested: set[str]) -> str:
    t = miss.get("truth")
    p = miss["problem"]
    if p == "not found" and t is not None:
        got = [u for u in t["urls"] if u in requested]
        flags = f" [{','.join(t['flags'])}]" if t["flags"] else ""
        if not got:
            return f"{t['style']}: never requested ({t['format']}, {t['shape']}){flags}"
        if len(got) < len(t["urls"]):
            return f"{t['style']}: article fetched, document not ({t['format']}){flags}"
        return f"{t['style']}: fetched, no report row ({t['format']}, {t['shape']}){flags}"
    if t is not None:
        row = miss["row"]
        flags = f" [{','.join(t['flags'])}]" if t["flags"] else ""
        return (f"{t['style']}: {p} (got {row.get('body')!r} {row.get('year')}, "
                f"shape {t['shape']}){flags}")
    if p == "false report":
        return f"false report: {miss['why']}"
    if p.startswith("wrong overdue"):
        return (f"{p}: {'lists' if miss['listed'] else 'leaves out'} {miss['status']} "
                f"({'report found' if miss['found'] else 'report not found'})")
    return f"{p}: {'listed wrongly' if miss.get('listed') else 'left out'}"


def run(seed: int, work: Path, styles: tuple[str, ...] = STYLES, depts: int = 2,
        towns: int = 3, as_of: tuple[date, ...] = AS_OF) -> tuple[Score, dict[str, Any]]:
    t0 = time.monotonic()
    farm = build_farm(seed, styles, depts, towns)
    built = time.monotonic() - t0
    data = work / "data"
    data.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "NIANBAO_DATA": str(data), "PYTHONPATH": str(ROOT)}
    env.pop("NIANBAO_DB", None)
    with farm.serve() as servers:
        truth = farm.truth(servers.bases)
        (work / "truth.json").write_text(json.dumps(truth, ensure_ascii=False, indent=1), "utf-8")
        registry = work / "sources.yaml"
        registry.write_text(farm.registry_yaml(servers.bases), "utf-8")
        _nianbao(env, "init")
        _nianbao(env, "sources", "import", str(registry))
        t1 = time.monotonic()
        summary = _nianbao(env, "crawl", *FAST, timeout=3600, ok=(0, 3))
        crawl_s = time.monotonic() - t1
        requested = {servers.bases[name] + path for name, log in servers.log.items()
                     for _m, path in log}
        n_requests = servers.requests
    reports = json.loads(_nianbao(env, "reports", "--json"))
    missing = json.loads(_nianbao(env, "missing", "--years", YEARS, "--json"))
    unknown = json.loads(_nianbao(env, "missing", "--years", YEARS, "--with-unknown", "--json"))
    overdue = {d: json.loads(_nianbao(env, "overdue", "--as-of", d.isoformat(), "--years",
                                      YEARS, "--json")) for d in as_of}
    result = score(truth, reports, missing, unknown, overdue)
    for m in result.misses:
        m["cause"] = cause(m, requested)
    (work / "answers.json").write_text(json.dumps(
        {"reports": reports, "missing": missing, "unknown": unknown,
         "overdue": {d.isoformat(): v for d, v in overdue.items()}},
        ensure_ascii=False, indent=1), "utf-8")
    facts = {"build_s": built, "crawl_s": crawl_s, "requests": n_requests,
             "summary": summary[-1500:]}
    return result, facts


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--depts", type=int, default=2)
    ap.add_argument("--towns", type=int, default=3)
    ap.add_argument("--styles", default=",".join(STYLES))
    ap.add_argument("--as-of", default=",".join(d.isoformat() for d in AS_OF))
    ap.add_argument("--keep", type=Path, default=None, help="work folder to keep")
    ap.add_argument("--misses", type=Path, default=None, help="write misses here (JSON)")
    args = ap.parse_args(argv)
    tmp = None
    if args.keep:
        work = args.keep
        work.mkdir(parents=True, exist_ok=True)
    else:
        tmp = tempfile.TemporaryDirectory(prefix="nianbao-blind-")
        work = Path(tmp.name)
    try:
        result, facts = run(args.seed, work, tuple(args.styles.split(",")), args.depts,
                            args.towns, tuple(date.fromisoformat(d) for d in args.as_of.split(",")))
    finally:
        if tmp is not None:
            tmp.cleanup()
    print(f"blind farm: seed {args.seed}, {len(args.styles.split(','))} portals, "
          f"{args.depts} depts + {args.towns} towns each; {facts['requests']} requests; "
          f"build {facts['build_s']:.0f} s, crawl {facts['crawl_s']:.0f} s")
    print()
    print(result.render())
    print()
    print("goal: all found, right year and body, 0 false, 0 wrong rows, blocked = unknown — "
          + ("met" if result.perfect() else "not met"))
    causes = Counter(m["cause"] for m in result.misses)
    if causes:
        print("\ncauses (count):")
        for c, n in causes.most_common():
            print(f"  {n:4d}  {c}")
    if args.misses:
        args.misses.write_text(json.dumps(result.misses, ensure_ascii=False, indent=1,
                                          default=str), "utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
