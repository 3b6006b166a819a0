"""Process faults during a crawl: the archive locked, the crawl killed, the writer killed.

Each crawl is a real ``nianbao crawl`` subprocess against the sample portals; the
faults are real (an exclusive SQLite lock from this process, ``kill -9``). What must
hold: the crawl exits within seconds with one line, and ``--resume`` ends with every
report archived, nothing captured twice.
"""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import time
from pathlib import Path

import pytest

from .conftest import FAST, NIANBAO, Archive

pytestmark = pytest.mark.slow

SLOW = [
    "--set",
    "CONCURRENT_REQUESTS_PER_DOMAIN=1",
    "--set",
    "AUTOTHROTTLE_ENABLED=False",
    "--set",
    "DOWNLOAD_DELAY=0.1",
    "--set",
    "RANDOMIZE_DOWNLOAD_DELAY=False",
]


def _popen(archive: Archive, *args: str, **env: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [NIANBAO, "crawl", *FAST, *SLOW, *args],
        env={**archive.env, **env},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _wait_for_captures(archive: Archive, n: int, proc: subprocess.Popen[str]) -> None:
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.2)
        if (archive.data / "archive.sqlite").exists() and archive.query(
            "SELECT COUNT(*) FROM captures"
        )[0][0] >= n:
            return
    pytest.fail("the crawl never reached the captures the fault needs")


def _writers(pid: int) -> list[int]:
    """The crawl's spawned children (the archive writer), not its resource tracker."""
    out = subprocess.run(["pgrep", "-P", str(pid)], capture_output=True, text=True).stdout
    found = []
    for child in out.split():
        cmdline = Path(f"/proc/{child}/cmdline").read_bytes() if _alive(int(child)) else b""
        if b"spawn_main" in cmdline:
            found.append(int(child))
    return found


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    stat = Path(f"/proc/{pid}/stat")
    return stat.exists() and stat.read_text().split()[2] != "Z"


def _reports_found(archive: Archive) -> int:
    result = archive.run("reports", "--json")
    assert result.returncode == 0, result.stderr
    return len(json.loads(result.stdout))


def _expected(truth: dict) -> int:
    return sum(1 for r in truth["reports"] if r["status"] == "found")


def _no_duplicates(archive: Archive) -> None:
    assert (
        archive.query(
            "SELECT requested_url FROM captures GROUP BY run_id, requested_url HAVING COUNT(*) > 1"
        )
        == []
    )


def test_a_locked_archive_stops_the_crawl_in_seconds_and_resume_loses_nothing(
    archive: Archive, truth
) -> None:
    proc = _popen(archive, NIANBAO_BUSY_TIMEOUT="2")
    _wait_for_captures(archive, 8, proc)
    lock = sqlite3.connect(archive.data / "archive.sqlite", timeout=10, isolation_level=None)
    lock.execute("BEGIN EXCLUSIVE")
    started = time.monotonic()
    try:
        out, err = proc.communicate(timeout=40)
        took = time.monotonic() - started
    finally:
        lock.execute("ROLLBACK")
        lock.close()
    assert proc.returncode == 74, out + err
    assert took < 30
    errors = [line for line in err.splitlines() if line.startswith("error:")]
    assert len(errors) == 1 and "locked" in errors[0] and "--resume --run 1" in errors[0]
    assert "Traceback" not in err

    result = archive.crawl("--resume", "--run", "1", "--json")
    assert result.returncode in (0, 3), result.stdout + result.stderr
    summary = json.loads(result.stdout)
    assert summary["status"] == "finished"
    assert _reports_found(archive) == _expected(truth)
    _no_duplicates(archive)


def test_kill_9_of_the_crawl_does_not_orphan_the_writer_and_resume_loses_nothing(
    archive: Archive, truth
) -> None:
    proc = _popen(archive)
    _wait_for_captures(archive, 10, proc)
    writers = _writers(proc.pid)
    assert writers, "the crawl runs its archive writer as a child process"
    proc.kill()
    proc.communicate(timeout=10)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and any(_alive(p) for p in writers):
        time.sleep(0.2)
    assert not any(_alive(p) for p in writers), "the writer outlived the crawl"

    result = archive.crawl("--resume", "--run", "1", "--json")
    assert result.returncode in (0, 3), result.stdout + result.stderr
    assert json.loads(result.stdout)["status"] == "finished"
    assert _reports_found(archive) == _expected(truth)
    _no_duplicates(archive)


def test_kill_9_of_the_writer_stops_the_crawl_and_resume_recovers(archive: Archive, truth) -> None:
    proc = _popen(archive)
    _wait_for_captures(archive, 10, proc)
    (writer,) = _writers(proc.pid)[:1]
    os.kill(writer, signal.SIGKILL)
    started = time.monotonic()
    out, err = proc.communicate(timeout=60)
    assert time.monotonic() - started < 30
    assert proc.returncode == 74, out + err
    assert [line for line in err.splitlines() if line.startswith("error:")] != []
    assert "Traceback" not in err

    result = archive.crawl("--resume", "--json")  # the failed run is the one resumed
    assert result.returncode in (0, 3), result.stdout + result.stderr
    summary = json.loads(result.stdout)
    assert summary["status"] == "finished" and summary["run"] == 1
    assert _reports_found(archive) == _expected(truth)
    _no_duplicates(archive)


def test_corrupt_blobs_are_found_and_a_recrawl_answered_304_fetches_them_again(
    archive: Archive,
) -> None:
    assert archive.crawl().returncode in (0, 3)
    rows = archive.query(
        "SELECT DISTINCT blob_sha256 FROM captures WHERE outcome = 'ok' AND role = 'article' "
        "AND blob_sha256 IS NOT NULL AND (etag IS NOT NULL OR last_modified IS NOT NULL) "
        "ORDER BY blob_sha256 LIMIT 3"
    )
    assert len(rows) == 3
    for (sha,) in rows:
        path = archive.data / "blobs" / sha[:2] / sha[2:4] / f"{sha}.zst"
        data = bytearray(path.read_bytes())
        data[len(data) // 2] ^= 0xFF
        path.write_bytes(bytes(data))

    fsck = archive.run("fsck", "--json")
    assert fsck.returncode == 74
    assert {c["sha256"] for c in json.loads(fsck.stdout)["corrupt"]} == {sha for (sha,) in rows}
    assert archive.run("reextract", "--all").returncode == 74

    result = archive.crawl("--json")
    assert result.returncode in (0, 3), result.stderr
    failed = json.loads(result.stdout)["failed_fetches"]
    assert not [f for f in failed if f["outcome"] == "unreachable"], failed
    refetched = archive.query(
        "SELECT c.status, c.outcome FROM captures c JOIN captures old "
        "ON old.requested_url = c.requested_url AND old.run_id = 1 "
        "WHERE c.run_id = 2 AND old.blob_sha256 IN (?, ?, ?)",
        *(sha for (sha,) in rows),
    )
    assert sorted(refetched) == [(200, "ok")] * 3  # asked again without validators

    repaired = archive.run("fsck", "--repair")
    assert repaired.returncode == 74 and "quarantined 3 blob(s)" in repaired.stdout
    after = archive.run("fsck")
    assert after.returncode == 0 and after.stdout.count("quarantined by an earlier repair") == 3


def test_a_full_disk_stops_the_crawl_with_one_line_and_resume_loses_nothing(
    archive: Archive, truth
) -> None:
    """Files may not grow past 256 KB in the crawl (RLIMIT_FSIZE, as a full disk): the
    writer's first write past it fails (EFBIG), the crawl exits 74 in seconds."""
    import resource

    def small_disk() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (256 * 1024, 256 * 1024))

    proc = subprocess.Popen(
        [NIANBAO, "crawl", *FAST],
        env=archive.env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        preexec_fn=small_disk,
    )
    out, err = proc.communicate(timeout=120)
    assert proc.returncode == 74, out + err
    errors = [line for line in err.splitlines() if line.startswith("error:")]
    # the writer's blob or capture write, or the run's own first write, meets the limit
    assert len(errors) == 1 and ("could not be written" in errors[0] or "disk" in errors[0])
    assert "Traceback" not in err

    result = archive.crawl(
        *(["--resume"] if archive.query("SELECT id FROM crawl_runs") else []), "--json"
    )
    assert result.returncode in (0, 3), result.stdout + result.stderr
    assert json.loads(result.stdout)["status"] == "finished"
    assert _reports_found(archive) == _expected(truth)
    _no_duplicates(archive)
