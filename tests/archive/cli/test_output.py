"""The terminal speaks the users' language: --csv beside --json, Chinese words and China
time in tables (JSON unchanged), ``findings``, ``show``, labelled diffs."""

from __future__ import annotations

import csv
import io
import json
from datetime import date

import pytest
from sqlalchemy.orm import Session, sessionmaker

from archive.blobstore import BlobStore
from archive.config import Settings
from archive.models import Blob, Capture, FetchOutcome, Finding, ReportVersion, Severity
from tests.archive import builders as b
from tests.conftest import Nianbao


@pytest.fixture
def filled(sessions: sessionmaker[Session], settings: Settings) -> dict[str, int]:
    with sessions.begin() as s:
        bodies = b.registry(s)
        r = b.report(
            s,
            bodies["county"],
            2023,
            first_seen=b.at("2024-02-01", hour=20),  # 2024-02-02 04:00 in China
            claimed=date(2024, 1, 30),
            figures={"applications": {"granted": {"enterprise": 3}}},
            versions=2,
        )
        v2 = s.query(ReportVersion).filter_by(report_id=r.id, number=2).one()
        v2.figures = {"applications": {"granted": {"enterprise": 5}}}
        s.add(Finding(kind="continuity", severity=Severity.WARNING, message="乙", report_id=r.id))
        s.add(
            Finding(
                kind="check_failed",
                severity=Severity.ERROR,
                message="甲",
                detail={"rule": "applications.balance.total"},
            )
        )
        stored = BlobStore(settings.blob_dir).put(b"<html>\xe5\xb9\xb4\xe6\x8a\xa5</html>")
        s.add(Blob(sha256=stored.sha256, size=stored.size, stored_size=stored.stored_size))
        c = Capture(
            requested_url="http://127.0.0.1:9/a.html",
            final_url="http://127.0.0.1:9/a.html",
            status=200,
            outcome=FetchOutcome.OK,
            content_type="text/html",
            blob_sha256=stored.sha256,
            fetched_at=b.at("2025-01-01"),
        )
        s.add(c)
        s.flush()
        return {"capture": c.id, "report": r.id}


def test_csv_beside_json_on_row_commands(nianbao: Nianbao, filled) -> None:  # type: ignore[no-untyped-def]
    for args in (
        ["reports"],
        ["missing", "--years", "2023"],
        ["findings"],
        ["runs"],
        ["sources", "list"],
    ):
        as_json = json.loads(nianbao(*args, "--json").stdout)
        result = nianbao(*args, "--csv")
        assert result.exit_code == 0, (args, result.output)
        rows = list(csv.DictReader(io.StringIO(result.stdout)))
        assert len(rows) == len(as_json), args
        for row, obj in zip(rows, as_json, strict=True):
            for key, value in obj.items():
                expected = "" if value is None else value
                if isinstance(value, dict | list):
                    assert json.loads(row[key]) == value
                else:
                    assert row[key] == str(expected), (args, key)


def test_tables_show_chinese_words_and_china_time_json_stays_english(
    nianbao: Nianbao, filled
) -> None:  # type: ignore[no-untyped-def]
    table = nianbao("missing", "--years", "2023").stdout
    assert "县级部门" in table and "county_department" not in table
    data = json.loads(nianbao("missing", "--years", "2023", "--json").stdout)
    assert {r["level"] for r in data} >= {"county_department"}
    table = nianbao("findings").stdout
    assert "跨年度不衔接" in table and "勾稽关系不符" in table
    reports = nianbao("reports", "--json").stdout
    assert json.loads(reports)[0]["first_seen"].startswith("2024-02-01T20:00:00")


def test_findings_by_kind_and_unknown_kind(nianbao: Nianbao, filled) -> None:  # type: ignore[no-untyped-def]
    rows = json.loads(nianbao("findings", "--kind", "continuity", "--json").stdout)
    assert [r["message"] for r in rows] == ["乙"]
    assert rows[0]["body"] == "民权县人民政府" and rows[0]["year"] == 2023
    kinds = json.loads(nianbao("findings", "--kinds", "--json").stdout)
    assert {k["kind"]: k["count"] for k in kinds} == {"check_failed": 1, "continuity": 1}
    bad = nianbao("findings", "--kind", "nonsense")
    assert bad.exit_code == 65
    assert "check_failed, continuity" in bad.output


def test_show_prints_the_bytes_by_id_and_url(nianbao: Nianbao, filled, tmp_path) -> None:  # type: ignore[no-untyped-def]
    by_id = nianbao("show", str(filled["capture"]))
    assert by_id.exit_code == 0
    assert by_id.stdout_bytes == b"<html>\xe5\xb9\xb4\xe6\x8a\xa5</html>"
    assert "2025-01-01 20:00" in by_id.stderr  # noon UTC is 20:00 in China
    out = tmp_path / "x.html"
    by_url = nianbao("show", "http://127.0.0.1:9/a.html", "--output", str(out))
    assert by_url.exit_code == 0 and out.read_bytes() == by_id.stdout_bytes
    missing = nianbao("show", "http://nowhere/")
    assert missing.exit_code == 65 and "no archived capture" in missing.output


def test_diff_and_revisions_name_figures_in_chinese(nianbao: Nianbao, filled, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("COLUMNS", "200")  # a wide terminal: no label wrapped
    out = nianbao("diff", str(filled["report"])).stdout
    assert "三（一）予以公开 · 商业企业" in out
    assert "applications.granted.enterprise" in out
    revisions = nianbao("revisions").stdout
    assert (
        "三（一）予以公开 · 商业企业 3→5" in revisions.replace("\n", "").replace("│", "")
        or "3→5" in revisions
    )
    assert (
        json.loads(nianbao("diff", str(filled["report"]), "--json").stdout)["figures"][0]["path"]
        == "applications.granted.enterprise"
    )
