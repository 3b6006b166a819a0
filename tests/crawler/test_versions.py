"""Versions across real crawls: snapshot 1, then snapshot 2 of the same portals.

Snapshot 2 revises one inline report (figures and 发布日期), replaces one attachment,
moves one report to a new URL and withdraws one; every page's counters and dates
differ. Exactly those changes must be reported, with no false versions.
"""

from __future__ import annotations

import json

import pytest

from tests.crawler.conftest import Archive

pytestmark = pytest.mark.slow


def _crawl_both(archive: Archive) -> None:
    first = archive.crawl()
    assert first.returncode == 0, first.stdout + first.stderr
    archive.portals.set_snapshot(2)
    second = archive.crawl()
    assert second.returncode == 0, second.stdout + second.stderr


def test_exactly_the_real_changes_become_versions(archive: Archive, truth) -> None:
    _crawl_both(archive)
    changes = truth["snapshot2"]
    rows = json.loads(archive.run("revisions", "--json").stdout)
    got = {(r["body"], r["year"]): r for r in rows}
    want = {(c["body"], c["year"]) for c in changes["revised"] + changes["replaced"]}
    assert set(got) == want  # the moved report and every noisy page made no version
    for c in changes["revised"] + changes["replaced"]:
        row = got[(c["body"], c["year"])]
        assert (row["version"], row["previous_version"]) == (2, 1)
        key = lambda f: f["path"]  # noqa: E731
        assert sorted(row["figures"], key=key) == sorted(c["figures"], key=key)


def test_a_moved_date_is_a_finding_and_the_diff_shows_it(archive: Archive, truth) -> None:
    _crawl_both(archive)
    revised = truth["snapshot2"]["revised"][0]
    findings = archive.query("SELECT message FROM findings WHERE kind = 'claimed_date_changed'")
    assert len(findings) == 1
    assert revised["published_old"] in findings[0][0] and revised["published_new"] in findings[0][0]
    result = archive.run("diff", revised["body"], str(revised["year"]), "--json")
    assert result.returncode == 0, result.stderr
    diff = json.loads(result.stdout)
    assert sorted(diff["figures"], key=str) == sorted(revised["figures"], key=str)
    assert (diff["from"]["published"], diff["to"]["published"]) == (
        revised["published_old"],
        revised["published_new"],
    )
    readable = archive.run("diff", revised["body"], str(revised["year"]))
    for f in revised["figures"]:
        assert f["path"] in readable.stdout


def test_moved_reports_keep_every_url_and_withdrawn_ones_are_kept(archive: Archive, truth) -> None:
    _crawl_both(archive)
    moved = truth["snapshot2"]["moved"][0]
    urls = {
        u
        for (u,) in archive.query(
            "SELECT s.url FROM sightings s JOIN report_versions v ON v.id = s.version_id "
            "JOIN reports r ON r.id = v.report_id WHERE r.body_name = ? AND r.year = ?",
            moved["body"],
            moved["year"],
        )
    }
    assert any(u.endswith(moved["old_url_path"]) for u in urls)
    assert any(u.endswith(moved["new_url_path"]) for u in urls)
    withdrawn = truth["snapshot2"]["withdrawn"][0]
    rows = json.loads(archive.run("reports", "--json").stdout)
    row = next(r for r in rows if (r["body"], r["year"]) == (withdrawn["body"], withdrawn["year"]))
    assert row["status"] == "withdrawn"
    statuses = {
        r["status"]
        for r in rows
        if (r["body"], r["year"]) != (withdrawn["body"], withdrawn["year"])
    }
    assert statuses == {"active"}


def test_a_third_crawl_of_the_unchanged_snapshot_adds_nothing(archive: Archive) -> None:
    _crawl_both(archive)
    before = archive.query("SELECT COUNT(*) FROM report_versions")[0][0]
    findings = archive.query("SELECT kind, COUNT(*) FROM findings GROUP BY kind ORDER BY kind")
    blobs = archive.blob_files()
    third = archive.crawl("--json")
    assert third.returncode == 0, third.stderr
    summary = json.loads(third.stdout)
    assert (summary["versions_new"], summary["reports_new"]) == (0, 0)
    assert archive.query("SELECT COUNT(*) FROM report_versions")[0][0] == before
    assert archive.blob_files() == blobs
    # findings are facts about content: the same bytes say nothing new (not_a_report once)
    assert archive.query(
        "SELECT kind, COUNT(*) FROM findings GROUP BY kind ORDER BY kind"
    ) == findings
