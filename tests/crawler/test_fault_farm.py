"""The fault farm, crawled for real: each fault comes to its expected outcome, and nothing
fetched is lost, duplicated, falsely versioned or withdrawn (issue 14's table)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support.faultfarm import FAULTS, FaultFarm
from tests.support.faultrun import fault_rows, process_rows, table

pytestmark = pytest.mark.slow

RUISHU = Path(__file__).resolve().parents[2] / "crawler" / "sample_portals" / "ruishu-challenge.html"


@pytest.fixture
def farm() -> FaultFarm:
    with FaultFarm(RUISHU.read_bytes()) as served:
        yield served


def test_every_url_fault_comes_to_its_expected_outcome(tmp_path: Path, farm: FaultFarm) -> None:
    rows = fault_rows(tmp_path, farm)
    assert [r.fault for r in rows] == [f.name for f in FAULTS]
    wrong = [r for r in rows if not r.ok]
    assert not wrong, "\n" + table(rows)
    reasons = {r.fault: r.reason for r in rows}
    assert reasons["redirect_loop"] == "redirect loop"
    assert reasons["gzip_cut"] == reasons["cut_without_length"] == "body cut short"
    assert reasons["gzip_bomb"] == reasons["body_200mb"] == "larger than the download size limit"
    assert reasons["one_byte_per_second"] == "timed out"


def test_process_faults_then_resume_lose_nothing(tmp_path: Path, farm: FaultFarm) -> None:
    rows = process_rows(tmp_path, farm)
    assert all(r.ok for r in rows), "\n" + table(rows)


def test_dns_and_tls_failures_are_unreachable_with_their_reason(
    tmp_path: Path, farm: FaultFarm
) -> None:
    from tests.support.faultrun import FAST, FarmArchive

    archive = FarmArchive(tmp_path, farm)
    registry = tmp_path / "bad-hosts.yaml"
    registry.write_text(
        "sources:\n"
        '  - url: "http://nianbao-test.invalid/ndbg/index.html"\n    region: "411499"\n'
        f'  - url: "https://127.0.0.1:{farm.port}/ndbg/index.html"\n    region: "411499"\n',
        "utf-8",
    )
    assert archive.run("sources", "import", str(registry)).returncode == 0
    result = archive.run("crawl", *FAST, "--set", "RETRY_TIMES=0", COLUMNS="250")
    # one line per failed fetch at most: no Twisted traceback, no exception chain
    assert "Traceback" not in result.stderr, result.stderr
    assert not [line for line in result.stderr.splitlines() if line.startswith((" ", "twisted."))]
    failed = archive.run("crawl", *FAST, "--set", "RETRY_TIMES=0", "--json")
    import json

    rows = {f["url"]: f for f in json.loads(failed.stdout)["failed_fetches"]}
    dns = rows["http://nianbao-test.invalid/ndbg/index.html"]
    tls = rows[f"https://127.0.0.1:{farm.port}/ndbg/index.html"]
    assert dns["outcome"] == tls["outcome"] == "unreachable"
    assert dns["reason"] == "the host name does not resolve (DNS)"
    assert tls["reason"] == "TLS handshake failed"
    assert "the host name does not resolve" in result.stdout  # the summary table shows it
