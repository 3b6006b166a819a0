"""A real crawl of the three sample counties, checked against their truth.

TRS (GBK, script paging), Hanweb jcms (dataproxy POST) and a generic portal, with
attachments, noise pages, a broken link and a Ruishu-blocked page.
"""

from __future__ import annotations

import json
import signal
import time
from typing import Any

import pytest

from tests.crawler.conftest import Archive

pytestmark = pytest.mark.slow


def _reports(archive: Archive) -> dict[tuple[str, int], dict[str, Any]]:
    result = archive.run("reports", "--json")
    assert result.returncode == 0, result.stderr
    return {(r["body"], r["year"]): r for r in json.loads(result.stdout)}


def _figures(archive: Archive, body: str, year: int) -> dict[str, Any]:
    (figures,) = archive.query(
        "SELECT v.figures FROM report_versions v JOIN reports r ON r.id = v.report_id "
        "WHERE r.body_name = ? AND r.year = ? ORDER BY v.number DESC LIMIT 1",
        body,
        year,
    )[0]
    return json.loads(figures)


def test_every_expected_report_is_found_with_its_figures(archive: Archive, truth) -> None:
    result = archive.crawl()
    assert result.returncode == 0, result.stdout + result.stderr
    found = _reports(archive)
    expected = [r for r in truth["reports"] if r["status"] == "found"]
    assert expected
    missing = [(r["body"], r["year"]) for r in expected if (r["body"], r["year"]) not in found]
    assert missing == []
    wrong = []
    for r in expected:
        row = found[(r["body"], r["year"])]
        figures = _figures(archive, r["body"], r["year"])
        figures.pop("checks")
        if figures != r["report"]:
            wrong.append((r["body"], r["year"]))
        assert row["template"] == r["template"]
        assert row["url"].endswith(r["url_path"])
        assert row["document_url"].endswith(r["document_path"])
        assert row["format"] == r["format"]
        assert row["published"] == r["published"]
        assert (row["body_id"] is not None) == r["registered"]
    assert wrong == []
    # Nothing else became a report: noise pages, missing years, blocked and broken ones.
    assert len(found) == len(expected)


def test_failed_checks_are_findings(archive: Archive, truth) -> None:
    archive.crawl()
    findings = archive.query(
        "SELECT r.body_name, r.year, f.detail FROM findings f JOIN reports r ON r.id = f.report_id "
        "WHERE f.kind = 'check_failed'"
    )
    got = sorted((b, y, json.loads(d)["rule"]) for b, y, d in findings)
    want = sorted(
        [
            (r["body"], r["year"], c["rule"])
            for r in truth["reports"]
            if r["status"] == "found"
            for c in r.get("failed_checks", [])
        ]
        + [
            (r["body"], r["year"], "cell.not_a_number")
            for r in truth["reports"]
            if r.get("not_a_number")
            for _ in range(r["not_a_number"]["cells"])
        ]
    )
    assert got == want


def test_noise_broken_and_blocked_are_recorded_as_such(archive: Archive, truth) -> None:
    archive.crawl()
    outcome = dict(archive.query("SELECT requested_url, outcome FROM captures"))
    base = archive.portals.base_url
    for path in truth["broken_paths"]:
        assert outcome[base + path] == "broken"
    for path in truth["blocked_paths"]:
        assert outcome[base + path] == "blocked"
    noise = {
        u
        for (u,) in archive.query(
            "SELECT c.requested_url FROM findings f JOIN captures c ON c.id = f.capture_id "
            "WHERE f.kind = 'not_a_report'"
        )
    }
    fetched_noise = [p for p in truth["noise_paths"] if base + p in outcome]
    assert fetched_noise  # noise titles that mention 年度报告 are fetched, then recognised
    for path in fetched_noise:
        assert base + path in noise, path
    report_urls = {u for (u,) in archive.query("SELECT url FROM report_versions")}
    assert not {base + p for p in truth["noise_paths"]} & report_urls
    for path in truth["wap_paths"]:
        assert base + path not in outcome  # mobile duplicates are not fetched


def test_the_grid_shows_blocked_and_broken_as_unknown_not_missing(archive: Archive, truth) -> None:
    archive.crawl()
    from archive.config import load_settings
    from archive.coverage import coverage
    from archive.db import make_engine, session_factory

    engine = make_engine(load_settings(None, archive.data).db_url)
    with session_factory(engine)() as session:
        cells = {
            (row.body, y): s
            for row in coverage(session, truth["years"])
            for y, s in row.years.items()
        }
    engine.dispose()
    for r in truth["reports"]:
        if r["registered"]:
            assert cells[(r["body"], r["year"])] == r["status"], (r["body"], r["year"])


def test_gbk_pages_are_archived_byte_for_byte(archive: Archive, truth) -> None:
    archive.crawl()
    path = truth["charset_lie_paths"][0]
    from archive.blobstore import BlobStore

    (sha,) = archive.query(
        "SELECT blob_sha256 FROM captures WHERE requested_url = ?", archive.portals.base_url + path
    )[0]
    body = BlobStore(archive.data / "blobs").get(sha)
    text = body.decode("gbk")  # raises if a byte was re-encoded
    assert "政府信息公开工作年度报告" in text


def test_an_unchanged_recrawl_sends_conditional_requests_and_stores_nothing_new(
    archive: Archive,
) -> None:
    assert archive.crawl().returncode == 0
    blobs = archive.blob_files()
    versions = archive.query("SELECT COUNT(*) FROM report_versions")[0][0]
    first_findings = archive.query("SELECT kind, COUNT(*) FROM findings GROUP BY kind")
    requests_before = len(archive.portals.requests)
    result = archive.crawl("--json")
    assert result.returncode == 0, result.stderr
    second = archive.portals.requests[requests_before:]
    gets = [r for r in second if r.method == "GET" and not r.path.endswith("robots.txt")]
    conditional = [r for r in gets if r.had_conditional_headers]
    assert len(conditional) >= 0.8 * len(gets)
    assert sum(1 for r in second if r.status == 304) >= 0.8 * len(gets)
    assert archive.blob_files() == blobs
    assert archive.query("SELECT COUNT(*) FROM report_versions")[0][0] == versions
    summary = json.loads(result.stdout)
    assert summary["versions_new"] == 0 and summary["reports_new"] == 0
    # findings are facts about content: none is said again of the same bytes
    assert archive.query("SELECT kind, COUNT(*) FROM findings GROUP BY kind") == first_findings
    # every 304 is a compact revisit record of the capture that brought the bytes
    revisits = archive.query(
        "SELECT c.headers, c.blob_sha256 = o.blob_sha256, o.revisit_of IS NULL "
        "FROM captures c LEFT JOIN captures o ON o.id = c.revisit_of "
        "WHERE c.run_id = ? AND c.outcome = 'not_modified'",
        summary["run"],
    )
    assert len(revisits) >= 0.8 * len(gets)
    assert set(revisits) == {("{}", 1, 1)}


def test_ctrl_c_keeps_what_was_fetched_and_resume_finishes_without_duplicates(
    archive: Archive, truth
) -> None:
    slow = [
        "--set",
        "CONCURRENT_REQUESTS_PER_DOMAIN=1",
        "--set",
        "AUTOTHROTTLE_ENABLED=False",
        "--set",
        "DOWNLOAD_DELAY=0.15",
        "--set",
        "RANDOMIZE_DOWNLOAD_DELAY=False",
    ]
    proc = archive.popen("crawl", *slow)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        time.sleep(0.3)
        if (archive.data / "archive.sqlite").exists() and archive.query(
            "SELECT COUNT(*) FROM captures"
        )[0][0] >= 15:
            break
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, out + err
    assert "nianbao crawl --resume" in err
    assert "stopping: waiting for" in err  # said at once, not after the wait
    (status,) = archive.query("SELECT status FROM crawl_runs")[0]
    assert status == "interrupted"
    kept = archive.query("SELECT COUNT(*) FROM captures")[0][0]
    assert kept >= 15

    result = archive.crawl("--resume")
    assert result.returncode == 0, result.stdout + result.stderr
    assert archive.query("SELECT id, status FROM crawl_runs") == [(1, "finished")]
    duplicates = archive.query(
        "SELECT requested_url, COUNT(*) FROM captures GROUP BY run_id, requested_url HAVING COUNT(*) > 1"
    )
    assert duplicates == []
    repeated = archive.query(
        "SELECT kind, capture_id, message, COUNT(*) FROM findings WHERE capture_id IS NOT NULL "
        "GROUP BY kind, capture_id, message HAVING COUNT(*) > 1"
    )
    assert repeated == []
    found = _reports(archive)
    assert len(found) == sum(1 for r in truth["reports"] if r["status"] == "found")


def test_family_auto_recognises_trs_and_jcms_from_their_pages(tmp_path, portals, truth) -> None:
    from crawler.sample_portals.server import PACKAGE_DIR

    arch = Archive(tmp_path / "auto", portals)
    assert arch.run("init").returncode == 0
    registry = (PACKAGE_DIR / "registry.yaml").read_text("utf-8")
    for family in ("trs", "jcms", "generic"):
        registry = registry.replace(f"family: {family}", "family: auto")
    path = tmp_path / "auto.yaml"
    path.write_text(registry.replace("{base}", portals.base_url), "utf-8")
    assert arch.run("sources", "import", str(path)).returncode == 0
    assert arch.crawl().returncode == 0
    found = _reports(arch)
    assert len(found) == sum(1 for r in truth["reports"] if r["status"] == "found")
