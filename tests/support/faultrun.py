"""Crawling the fault farm and measuring what each fault came to: one row per fault.

Used by the slow test (``tests/crawler/test_fault_farm.py``) and by ``bench/faults.py``.
Every crawl is the real ``nianbao`` console script in a subprocess. A row says the
fault, what its capture came to, how many captures it has, whether anything fetched
was lost (served by the farm, no capture in the archive), duplicate captures in a run,
false versions (new versions on an unchanged re-crawl), false withdrawals, and seconds.

Process faults (SIGINT, ``kill -9`` of the crawl or of its writer, the database locked
by another writer, blobs corrupted afterwards) run the same portal and then
``--resume``; their row counts the same things over the whole column.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .faultfarm import FAULTS, FaultFarm, registry_yaml

FAST = [
    "--set",
    "DOWNLOAD_DELAY=0",
    "--set",
    "AUTOTHROTTLE_START_DELAY=0",
    "--set",
    "NIANBAO_RETRY_BACKOFF=0.05",
    "--set",
    "DOWNLOAD_TIMEOUT=4",
]
# For process faults: slow enough to be interrupted half-way.
PACED = [
    "--set",
    "CONCURRENT_REQUESTS_PER_DOMAIN=1",
    "--set",
    "AUTOTHROTTLE_ENABLED=False",
    "--set",
    "DOWNLOAD_DELAY=0.3",
    "--set",
    "RANDOMIZE_DOWNLOAD_DELAY=False",
]
EXE = shutil.which("nianbao", path=os.path.dirname(sys.executable)) or "nianbao"


@dataclass
class Row:
    fault: str
    expected: str
    outcome: str
    captures: int
    lost: int
    duplicates: int
    false_versions: int
    withdrawn: int = 0
    seconds: float = 0.0
    reason: str = ""
    ok: bool = field(default=True)


class FarmArchive:
    """A data folder with the farm's registry imported, and the CLI bound to it."""

    def __init__(self, folder: Path, farm: FaultFarm) -> None:
        self.data = folder / "data"
        self.farm = farm
        self.env = {**os.environ, "NIANBAO_DATA": str(self.data)}
        self.env.pop("NIANBAO_DB", None)
        assert self.run("init").returncode == 0
        registry = folder / "faults.yaml"
        registry.write_text(registry_yaml(farm.base_url), "utf-8")
        imported = self.run("sources", "import", str(registry))
        assert imported.returncode == 0, imported.stderr

    def run(self, *args: str, timeout: float = 300, **env: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [EXE, *args], env={**self.env, **env}, capture_output=True, text=True, timeout=timeout
        )

    def popen(self, *args: str, **env: str) -> subprocess.Popen[str]:
        return subprocess.Popen(
            [EXE, *args],
            env={**self.env, **env},
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )

    def query(self, sql: str, *params: Any) -> list[tuple[Any, ...]]:
        with sqlite3.connect(self.data / "archive.sqlite", timeout=60) as db:
            return db.execute(sql, params).fetchall()

    def captures_of(self, path: str) -> list[tuple[Any, ...]]:
        return self.query(
            "SELECT run_id, outcome, error FROM captures WHERE requested_url = ? ORDER BY id",
            self.farm.base_url + path,
        )

    def duplicates(self) -> int:
        return len(
            self.query("SELECT 1 FROM captures GROUP BY run_id, requested_url HAVING COUNT(*) > 1")
        )

    def lost(self) -> list[str]:
        """Fault URLs the farm served with no capture in the archive."""
        return [f.path for f in FAULTS if self.farm.hits[f.path] and not self.captures_of(f.path)]


def _reason(error: str | None) -> str:
    from crawler.classify import failure_reason

    return failure_reason(error) or ""


def fault_rows(folder: Path, farm: FaultFarm) -> list[Row]:
    """Crawl the farm, crawl it again unchanged; one row per URL fault."""
    archive = FarmArchive(folder / "urls", farm)
    first = archive.run("crawl", *FAST, "--json")
    assert first.returncode in (0, 3), first.stderr[-2000:]
    spans = {p: farm.last[p] - farm.first[p] for p in farm.first}
    again = archive.run("crawl", *FAST, "--json")
    assert again.returncode in (0, 3), again.stderr[-2000:]
    versions_after = dict(
        archive.query(
            "SELECT r.body_name, MAX(v.number) FROM reports r "
            "JOIN report_versions v ON v.report_id = r.id GROUP BY r.body_name"
        )
    )
    withdrawn = {
        name
        for (name,) in archive.query(
            "SELECT body_name FROM reports WHERE withdrawn_run_id IS NOT NULL"
        )
    }
    duplicates = archive.query(
        "SELECT requested_url FROM captures GROUP BY run_id, requested_url HAVING COUNT(*) > 1"
    )
    lost = set(archive.lost())
    rows = []
    from .faultfarm import body_name

    for fault in FAULTS:
        caps = archive.captures_of(fault.path)
        outcome = caps[0][1] if caps else "(none)"
        name = body_name(fault)
        false_versions = max(0, (versions_after.get(name) or 1) - 1)
        has_report = name in versions_after
        row = Row(
            fault=fault.name,
            expected=fault.outcome + (" +report" if fault.report else ""),
            outcome=outcome + (" +report" if has_report else ""),
            captures=len(caps),
            lost=int(fault.path in lost),
            duplicates=sum(1 for (u,) in duplicates if u == farm.base_url + fault.path),
            false_versions=false_versions,
            withdrawn=int(name in withdrawn),
            seconds=round(spans.get(fault.path, 0.0), 2),
            reason=_reason(caps[0][2]) if caps else "",
        )
        row.ok = (
            outcome == fault.outcome
            and has_report == fault.report
            and not row.lost
            and not row.duplicates
            and not row.false_versions
            and not row.withdrawn
        )
        rows.append(row)
    return rows


def _wait_for_captures(archive: FarmArchive, n: int, proc: subprocess.Popen[str]) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.2)
        if archive.query("SELECT COUNT(*) FROM captures")[0][0] >= n:
            return


def _writer_pid(pid: int) -> int | None:
    out = subprocess.run(["pgrep", "-P", str(pid)], capture_output=True, text=True).stdout
    for child in out.split():
        cmdline = Path(f"/proc/{child}/cmdline")
        if cmdline.exists() and b"spawn_main" in cmdline.read_bytes():
            return int(child)
    return None


def _settle(archive: FarmArchive, fault: str, started: float, exits: list[int]) -> Row:
    """After the fault: resume until finished (bounded), then count over the column."""
    for _ in range(3):
        if exits and exits[-1] in (0, 3):
            break  # finished: nothing to resume
        resumed = archive.run("crawl", *FAST, "--resume", "--json")
        exits.append(resumed.returncode)
    expected = {f.path: f for f in FAULTS}
    wrong = [
        p
        for p, f in expected.items()
        if (caps := archive.captures_of(p)) and caps[-1][1] != f.outcome
    ]
    lost = archive.lost()
    duplicates = archive.duplicates()
    versions = archive.query("SELECT COUNT(*) FROM report_versions WHERE number > 1")[0][0]
    versions += archive.query("SELECT COUNT(*) FROM reports WHERE withdrawn_run_id IS NOT NULL")[0][
        0
    ]
    row = Row(
        fault=fault,
        expected="resumed: every capture",
        outcome="exits " + "/".join(str(e) for e in exits),
        captures=archive.query("SELECT COUNT(*) FROM captures")[0][0],
        lost=len(lost),
        duplicates=duplicates,
        false_versions=versions,
        seconds=round(time.monotonic() - started, 1),
        reason=", ".join(wrong)[:80],
    )
    row.ok = not lost and not duplicates and not versions and exits[-1] in (0, 3)
    return row


def process_rows(folder: Path, farm: FaultFarm) -> list[Row]:
    rows = []

    def fresh(name: str) -> FarmArchive:
        farm.hits.clear()
        return FarmArchive(folder / name, farm)

    # SIGINT half-way, then --resume.
    archive = fresh("sigint")
    started = time.monotonic()
    proc = archive.popen("crawl", *FAST, *PACED)
    _wait_for_captures(archive, 6, proc)
    proc.send_signal(signal.SIGINT)
    proc.communicate(timeout=120)
    rows.append(_settle(archive, "sigint_then_resume", started, [proc.returncode]))

    # kill -9 of the crawl: the writer must not outlive it.
    archive = fresh("kill_crawl")
    started = time.monotonic()
    proc = archive.popen("crawl", *FAST, *PACED)
    _wait_for_captures(archive, 6, proc)
    writer = _writer_pid(proc.pid)
    proc.kill()
    proc.communicate(timeout=30)
    deadline = time.monotonic() + 10
    while writer and Path(f"/proc/{writer}").exists() and time.monotonic() < deadline:
        time.sleep(0.1)
    orphan = bool(writer and Path(f"/proc/{writer}").exists())
    row = _settle(archive, "kill9_crawl_then_resume", started, [-9])
    row.reason = ("writer orphaned " if orphan else "") + row.reason
    row.ok = row.ok and not orphan
    rows.append(row)

    # kill -9 of the writer: the crawl stops in seconds with one line.
    archive = fresh("kill_writer")
    started = time.monotonic()
    proc = archive.popen("crawl", *FAST, *PACED)
    _wait_for_captures(archive, 6, proc)
    writer = _writer_pid(proc.pid)
    if writer:
        os.kill(writer, signal.SIGKILL)
    _, err = proc.communicate(timeout=60)
    one_line = sum(1 for line in err.splitlines() if line.startswith("error:")) == 1
    row = _settle(archive, "kill9_writer_then_resume", started, [proc.returncode])
    row.ok = row.ok and one_line and proc.returncode == 74
    rows.append(row)

    # The database locked by another writer during the fetching (busy timeout 2 s here).
    archive = fresh("locked_during")
    started = time.monotonic()
    proc = archive.popen("crawl", *FAST, *PACED, NIANBAO_BUSY_TIMEOUT="2")
    _wait_for_captures(archive, 6, proc)
    lock = sqlite3.connect(archive.data / "archive.sqlite", isolation_level=None, timeout=30)
    lock.execute("BEGIN EXCLUSIVE")
    try:
        _, err = proc.communicate(timeout=60)
    finally:
        lock.execute("ROLLBACK")
        lock.close()
    row = _settle(archive, "db_locked_during_fetch", started, [proc.returncode])
    row.ok = row.ok and proc.returncode == 74 and "Traceback" not in err
    rows.append(row)

    # The database locked before the crawl starts: one line, nothing written.
    archive = fresh("locked_before")
    started = time.monotonic()
    lock = sqlite3.connect(archive.data / "archive.sqlite", isolation_level=None, timeout=30)
    lock.execute("BEGIN EXCLUSIVE")
    try:
        refused = archive.run("crawl", *FAST, NIANBAO_BUSY_TIMEOUT="2")
    finally:
        lock.execute("ROLLBACK")
        lock.close()
    runs = archive.query("SELECT COUNT(*) FROM crawl_runs")[0][0]
    after = archive.run("crawl", *FAST, "--json")
    row = _settle(
        archive, "db_locked_before_start", started, [refused.returncode, after.returncode]
    )
    row.ok = row.ok and refused.returncode == 75 and runs == 0 and "Traceback" not in refused.stderr
    rows.append(row)

    # Blobs corrupted on disk afterwards: fsck finds them, a re-crawl is not fooled.
    archive = fresh("corrupt")
    started = time.monotonic()
    archive.run("crawl", *FAST)
    shas = [
        sha
        for (sha,) in archive.query(
            "SELECT DISTINCT blob_sha256 FROM captures WHERE outcome = 'ok' "
            "AND blob_sha256 IS NOT NULL ORDER BY blob_sha256 LIMIT 3"
        )
    ]
    for sha in shas:
        path = archive.data / "blobs" / sha[:2] / sha[2:4] / f"{sha}.zst"
        data = bytearray(path.read_bytes())
        data[len(data) // 2] ^= 0xFF
        path.write_bytes(bytes(data))
    found = archive.run("fsck", "--json")
    named = {c["sha256"] for c in json.loads(found.stdout)["corrupt"]} if found.stdout else set()
    recrawl = archive.run("crawl", *FAST)
    repaired = archive.run("fsck", "--repair")
    clean = archive.run("fsck")
    row = _settle(
        archive,
        "blobs_corrupted_afterwards",
        started,
        [found.returncode, recrawl.returncode, repaired.returncode, clean.returncode],
    )
    row.ok = row.ok and found.returncode == 74 and named == set(shas) and clean.returncode == 0
    rows.append(row)
    return rows


def table(rows: list[Row]) -> str:
    head = (
        "fault",
        "expected",
        "outcome",
        "captures",
        "lost",
        "dups",
        "false_v",
        "secs",
        "ok",
        "reason",
    )
    lines = [head]
    for r in rows:
        lines.append(
            (
                r.fault,
                r.expected,
                r.outcome,
                str(r.captures),
                str(r.lost),
                str(r.duplicates),
                str(r.false_versions),
                f"{r.seconds:g}",
                "yes" if r.ok else "NO",
                r.reason,
            )
        )
    widths = [max(len(line[i]) for line in lines) for i in range(len(head))]
    return "\n".join(
        "  ".join(cell.ljust(w) for cell, w in zip(line, widths, strict=True)).rstrip()
        for line in lines
    )
