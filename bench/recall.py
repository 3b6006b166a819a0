"""Recall and attribution on a generated portal farm: found, right year, right body.

    .venv/bin/python bench/recall.py                      # seed 1, 10 counties
    .venv/bin/python bench/recall.py --seed 7 --counties 3 --misses /tmp/misses.json
    .venv/bin/python bench/recall.py --keep /tmp/farm     # keep data folder + truth

Builds the farm of ``tests/support/portalgen`` (counties × ~15 bodies × 2019–2024 over
seven CMS families, written from ``shared/real`` and not from the sample portals),
renders its PDF/DOCX attachments (LibreOffice, cached in ``~/.cache/nianbao-portalgen``),
serves it on 127.0.0.1 and runs the shared venv's ``nianbao`` in subprocesses: ``init``,
``sources import`` (every source ``family: auto``), ``crawl`` (loopback politeness off,
as ``tests/crawler/conftest.py`` FAST), then ``reports``, ``missing --years 2019-2024``
and ``overdue --as-of DATE --years 2019-2024``, and compares them with the truth.

Printed: a table per family — reports expected, found, right year, right body, false
reports (rows that are not a truth report: 解读 pages, news, wrong year or body), wrong
``missing`` rows and wrong ``overdue`` rows — with a total row, then the causes of the
misses. The goal is found = right year = right body = expected and zeros elsewhere.

``--as-of`` defaults to today in China: ``overdue`` answers a past date from what the
archive had then, and a fresh crawl had nothing before today. Every miss is written to
``--misses`` (JSON) with the truth record, the row, and what the crawl fetched, for
diagnosis. Exit status 0 whatever the score (this measures; the goal is asserted by
``tests/crawler/test_recall.py``).
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
from collections import Counter
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.support.portalgen import FarmServer, build_farm  # noqa: E402
from tests.support.portalgen.score import Score, score  # noqa: E402
from tests.support.portalgen.site import key  # noqa: E402

NIANBAO = shutil.which("nianbao", path=os.path.dirname(sys.executable)) or "nianbao"
FAST = ["--set", "DOWNLOAD_DELAY=0", "--set", "AUTOTHROTTLE_START_DELAY=0",
        "--set", "NIANBAO_RETRY_BACKOFF=0.05"]
YEARS = "2019-2024"


def today_in_china() -> date:
    return (datetime.now(UTC) + timedelta(hours=8)).date()


def _run(env: dict[str, str], *args: str, timeout: float = 600, ok: tuple[int, ...] = (0,)
         ) -> str:
    proc = subprocess.run([NIANBAO, *args], env=env, capture_output=True, text=True,
                          timeout=timeout)
    if proc.returncode not in ok:
        raise RuntimeError(f"nianbao {' '.join(args[:2])} exited {proc.returncode}:\n"
                           f"{proc.stderr[-3000:]}")
    return proc.stdout


def captured(db: Path, base: str) -> set[str]:
    """Every URL the crawl fetched (requested or landed), as resource keys."""
    with sqlite3.connect(db) as conn:
        rows = conn.execute("SELECT requested_url, final_url FROM captures").fetchall()
    out = set()
    for urls in rows:
        for u in urls:
            if u and u.startswith(base):
                out.add(key(u[len(base):]))
    return out


def landed(db: Path, base: str) -> dict[str, tuple[str, int, str | None]]:
    """Where each fetched URL ended up: (body as found, year, year basis) of the report
    whose version or sighting names it."""
    sql = ("SELECT u, r.body_name, r.year, v.year_basis FROM ("
           " SELECT id AS vid, url AS u FROM report_versions UNION"
           " SELECT id, document_url FROM report_versions UNION"
           " SELECT version_id, url FROM sightings) AS x"
           " JOIN report_versions v ON v.id = x.vid JOIN reports r ON r.id = v.report_id")
    out: dict[str, tuple[str, int, str | None]] = {}
    with sqlite3.connect(db) as conn:
        try:
            rows = conn.execute(sql).fetchall()
        except sqlite3.OperationalError:  # an archive without year_basis
            rows = conn.execute(sql.replace("v.year_basis", "NULL")).fetchall()
    for url, body, year, basis in rows:
        if url and url.startswith(base):
            out[key(url[len(base):])] = (body, year, basis)
    return out


def cause(miss: dict[str, Any], fetched: set[str],
          where: dict[str, tuple[str, int, str | None]] | None = None,
          unknown: set[tuple[str, int]] | None = None) -> str:
    """A short reason for one miss, from the truth and what the crawl fetched."""
    where = where or {}
    unknown = unknown or set()
    problem = miss["problem"]
    t = miss.get("truth")
    if problem == "not found" and t is not None:
        lists = [key(p) for p in t["listed_on"]]
        if not any(p in fetched for p in lists):
            return f"list page never fetched ({t['family']})"
        article_urls = [u for u in t["urls"] if not u.endswith((".pdf", ".docx"))
                        and "filename=" not in u]
        if not any(key(u) in fetched for u in article_urls):
            folder = t["listed_on"][0].split("?")[0].rsplit("/", 1)[0] + "/"
            outside = not any(u.startswith(folder) for u in article_urls)
            tail = " (article outside the list's folder)" if outside else ""
            return ("listed, not fetched: title without a year" if t["yearless_title"]
                    else f"listed, not fetched: title shape {t['shape']}") + tail
        if t["format"] != "html" and not any(key(u) in fetched for u in t["urls"]
                                             if u not in article_urls):
            return f"article fetched, {t['format']} attachment not fetched"
        for u in t["urls"]:
            if key(u) in where:
                body, year, basis = where[key(u)]
                flags = [f for f in ("stale_year", "pubyear_named") if t.get(f)]
                tail = f" [{', '.join(flags)}]" if flags else ""
                if body == t["body"]:
                    return f"fetched, filed under year {year - t['year']:+d} (basis {basis}){tail}"
                return f"fetched, filed under another body{tail}"
        return "fetched, no report row"
    if "wrong year" in problem and t is not None:
        got = miss["row"].get("year")
        pub = date.fromisoformat(t["published"]).year
        flags = [f for f in ("stale_year", "pubyear_named", "url_year") if t.get(f)]
        tail = f" [{', '.join(flags)}]" if flags else ""
        basis = where.get(key(t["urls"][0]), (None, None, None))[2]
        tail += f" (basis {basis})" if basis else ""
        if got is None:
            return "year unknown" + tail
        if got == pub and got != t["year"]:
            how = "title without a year" if t["yearless_title"] else "title with the year"
            return f"year read as the publication year ({how}){tail}"
        return f"year off by {got - t['year']:+d}{tail}"
    if "wrong body" in problem and t is not None:
        row = miss["row"]
        return ("body not attributed" if row.get("body_id") is None
                else "attributed to another body")
    if problem == "false report":
        return f"false report: {miss['why']}"
    if problem == "wrong missing row":
        if miss["listed"]:
            return "missing lists a published body-year"
        if (miss["body"], miss["year"]) in unknown:
            return "missing leaves out an unpublished body-year (unknown: source failed)"
        return "missing leaves out an unpublished body-year"
    if problem == "wrong overdue row":
        found = "report found" if miss.get("report_found") else "report not found"
        return (f"overdue lists {miss['status']} wrongly ({found})" if miss["listed"]
                else f"overdue leaves out a {miss['status']} row ({found})")
    return problem


def run(seed: int, counties: int, as_of: date | None, work: Path,
        misses_path: Path | None = None) -> tuple[Score, dict[str, Any]]:
    """Build, serve, crawl and score one farm in ``work``; returns the score and facts."""
    started = time.monotonic()
    farm = build_farm(seed, counties)
    farm.render_documents()
    truth = farm.truth()
    built = time.monotonic() - started
    data = work / "data"
    env = {**os.environ, "NIANBAO_DATA": str(data)}
    env.pop("NIANBAO_DB", None)
    as_of = as_of or today_in_china()
    with FarmServer(farm) as server:
        base = server.base_url
        registry = work / "sources.yaml"
        registry.write_text(farm.registry_yaml(base), "utf-8")
        (work / "truth.json").write_text(json.dumps(truth, ensure_ascii=False, indent=1), "utf-8")
        _run(env, "init")
        _run(env, "sources", "import", str(registry))
        t0 = time.monotonic()
        # 3: the run finished but a source looks broken (e.g. a column read as empty)
        crawl_out = _run(env, "crawl", *FAST, timeout=3600, ok=(0, 3))
        crawl_s = time.monotonic() - t0
        requests = len(server.requests)
    reports = json.loads(_run(env, "reports", "--json"))
    missing = json.loads(_run(env, "missing", "--years", YEARS, "--json"))
    overdue = json.loads(_run(env, "overdue", "--as-of", as_of.isoformat(), "--years", YEARS,
                              "--json"))
    unknown = {(m["body"], m["year"]) for m in json.loads(_run(
        env, "missing", "--years", YEARS, "--with-unknown", "--json"))
        if m.get("status") != "missing"}  # unknown: unreachable, blocked or broken
    result = score(truth, base, reports, missing, overdue, as_of)
    fetched = captured(data / "archive.sqlite", base)
    where = landed(data / "archive.sqlite", base)
    for miss in result.misses:
        miss["cause"] = cause(miss, fetched, where, unknown)
    if misses_path is not None:
        misses_path.write_text(json.dumps(result.misses, ensure_ascii=False, indent=1,
                                          default=str), "utf-8")
    facts = {"base": base, "build_s": built, "crawl_s": crawl_s, "requests": requests,
             "resources": len(farm.site.files), "as_of": as_of.isoformat(),
             "crawl_summary": crawl_out[-2000:]}
    return result, facts


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--counties", type=int, default=10)
    parser.add_argument("--as-of", type=date.fromisoformat, default=None,
                        help="date for overdue (default: today in China)")
    parser.add_argument("--misses", type=Path, default=None,
                        help="write every miss here as JSON (default: in the work folder)")
    parser.add_argument("--keep", type=Path, default=None,
                        help="work in this folder and keep it (data, registry, truth)")
    args = parser.parse_args(argv)
    if args.keep:
        args.keep.mkdir(parents=True, exist_ok=True)
        work = args.keep
        tmp = None
    else:
        tmp = tempfile.TemporaryDirectory(prefix="nianbao-recall-")
        work = Path(tmp.name)
    misses_path = args.misses or Path(tempfile.gettempdir()) / (
        f"nianbao-recall-misses-s{args.seed}-c{args.counties}.json")
    try:
        result, facts = run(args.seed, args.counties, args.as_of, work, misses_path)
    finally:
        if tmp is not None:
            tmp.cleanup()
    t = result.total
    print(f"portal farm: seed {args.seed}, {args.counties} counties, {facts['resources']} "
          f"resources; {facts['requests']} requests; build {facts['build_s']:.0f} s, crawl "
          f"{facts['crawl_s']:.0f} s; overdue as of {facts['as_of']}")
    print()
    print(result.render())
    print()
    print(f"goal: {t['expected']} found, right year and body, 0 false, 0 wrong rows — "
          + ("met" if result.perfect() else "not met"))
    if result.year_bases:
        print("year decided by (found reports): " + ", ".join(
            f"{b} {n}" for b, n in result.year_bases.most_common()))
    causes = Counter(m["cause"] for m in result.misses)
    if causes:
        print()
        print("causes (count):")
        for c, n in causes.most_common():
            print(f"  {n:5d}  {c}")
    print(f"\nmisses: {misses_path}")
    if "broken" in facts["crawl_summary"].lower():
        print("\ncrawl summary (tail):\n" + facts["crawl_summary"])
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
