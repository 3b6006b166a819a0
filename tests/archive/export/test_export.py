"""``nianbao export`` in every format, read back; WARC out, indexed by warcio, and in
again with ``nianbao import-warc``."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.orm import Session, sessionmaker

from archive.blobstore import BlobStore
from archive.config import Settings, load_settings
from archive.db import make_engine, session_factory, upgrade
from archive.figure_labels import dictionary, label
from archive.models import Blob, Capture, FetchOutcome, ReportVersion
from tests.archive import builders as b

FIGURES_2021 = {
    "template": "2021",
    "active": {
        "regulations": {"issued": 1, "repealed": 0, "in_force": 12},
        "fees": {"amount": 25.1},
    },
    "applications": {"new": {"natural_person": 5, "enterprise": 1, "total": 6}},
    "appeals": {"review": {"upheld": 1, "corrected": None, "total": 1}},
    "checks": [{"rule": "applications.balance.total", "ok": False, "expected": 6, "found": 5}],
}
FIGURES_2019 = {
    "template": "2019",
    "active": {"procurement": {"projects": 3, "amount": 120.5}},
    "applications": {"new": {"total": 2}},
    "checks": [],
}


@pytest.fixture
def filled(sessions: sessionmaker[Session]) -> dict[str, Any]:
    with sessions.begin() as session:
        bodies = b.registry(session)
        r1 = b.report(session, bodies["county"], 2022, figures=FIGURES_2021, versions=2)
        r2 = b.report(session, bodies["town"], 2019, figures=FIGURES_2019)
        b.report(session, bodies["other"], 2022, figures=FIGURES_2021)
        for v in session.query(ReportVersion).filter_by(report_id=r1.id):
            v.template = "2021"
        session.query(ReportVersion).filter_by(report_id=r2.id).update({"template": "2019"})
        return {"county": bodies["county"].id, "r1": r1.id}


def _export(nianbao, *args: str) -> Any:  # type: ignore[no-untyped-def]
    result = nianbao("export", *args)
    assert result.exit_code == 0, result.output
    return result


def test_csv_to_stdout_has_one_row_per_version_and_every_figure_path(nianbao, filled) -> None:  # type: ignore[no-untyped-def]
    out = _export(nianbao, "--format", "csv").stdout
    rows = list(csv.DictReader(io.StringIO(out)))
    assert len(rows) == 4  # 2 versions + 1 + 1
    header = next(csv.reader(io.StringIO(out)))
    assert {e.path for e in dictionary()} <= set(header)
    county = [r for r in rows if r["body"] == "民权县人民政府"]
    assert [r["version"] for r in county] == ["1", "2"]
    assert county[0]["active.fees.amount"] == "25.1"
    assert county[0]["appeals.review.corrected"] == ""  # blank stays blank, not 0
    assert county[0]["checks_failed"] == "1"
    assert county[0]["level"] == "county"


def test_filters_region_years_level(nianbao, filled) -> None:  # type: ignore[no-untyped-def]
    def bodies(*args: str) -> list[str]:
        out = _export(nianbao, "--format", "jsonl", *args).stdout
        return sorted({json.loads(line)["body"] for line in out.splitlines()})

    assert bodies("--region", "411421") == ["北关镇人民政府", "民权县人民政府"]
    assert bodies("--years", "2019") == ["北关镇人民政府"]
    assert bodies("--level", "county") == ["民权县人民政府", "淮阴区人民政府"]
    assert bodies("--region", "411421", "--years", "2022", "--level", "township") == []


def test_jsonl_xlsx_parquet_read_back_the_same_values(nianbao, filled, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    import pyarrow.parquet as pq
    from openpyxl import load_workbook

    lines = _export(nianbao, "--format", "jsonl").stdout.splitlines()
    records = [json.loads(line) for line in lines]
    _export(nianbao, "--format", "xlsx", "--output", str(tmp_path / "a.xlsx"))
    _export(nianbao, "--format", "parquet", "--output", str(tmp_path / "a.parquet"))

    book = load_workbook(tmp_path / "a.xlsx", read_only=True)
    sheet = list(book["versions"].iter_rows(values_only=True))
    header, data = list(sheet[0]), sheet[1:]
    # a read-only sheet stops a row at its last filled cell: pad with blanks
    from_xlsx = [
        dict(zip(header, [*row, *[None] * (len(header) - len(row))], strict=True)) for row in data
    ]
    table = pq.read_table(tmp_path / "a.parquet")
    from_parquet = table.to_pylist()
    assert len(records) == len(from_xlsx) == len(from_parquet) == 4
    for a, x, p in zip(records, from_xlsx, from_parquet, strict=True):
        for path in (
            "active.fees.amount",
            "applications.new.total",
            "active.procurement.amount",
            "appeals.review.corrected",
        ):
            assert a[path] == x[path] == p[path]
        assert a["body"] == x["body"] == p["body"]
        assert a["year"] == x["year"] == p["year"]
    dict_sheet = list(book["dictionary"].iter_rows(values_only=True))
    assert dict_sheet[0] == ("path", "label", "unit", "template")
    assert ("active.fees.amount", label("active.fees.amount", "2021"), "万元", "2021") in dict_sheet
    meta = json.loads(table.schema.metadata[b"nianbao.dictionary"])
    assert {
        "path": "appeals.review.total",
        "label": label("appeals.review.total"),
        "unit": "件",
        "template": "2019",
    } in meta


def test_dictionary_file_lists_every_path_with_its_chinese_label(
    nianbao, filled, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    _export(
        nianbao,
        "--format",
        "csv",
        "--output",
        str(tmp_path / "a.csv"),
        "--dictionary",
        str(tmp_path / "d.csv"),
    )
    rows = list(csv.DictReader((tmp_path / "d.csv").open(encoding="utf-8")))
    by = {(r["path"], r["template"]): r for r in rows}
    assert (
        by[("applications.granted.enterprise", "2021")]["label"]
        == "三、申请 · 三（一）予以公开 · 商业企业"
    )
    assert by[("active.procurement.amount", "2019")]["unit"] == "万元"
    assert ("active.procurement.amount", "2021") not in by  # the 2021 template has no such row
    assert all(r["label"] != r["path"] for r in rows)


def test_binary_formats_refuse_a_terminal_and_bad_input_is_one_line(
    nianbao, filled, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    result = nianbao("export", "--years", "19-20")
    assert result.exit_code == 65
    assert result.output.strip().splitlines()[-1].startswith("error: --years")


def _capture(
    session: Session,
    blobs: BlobStore,
    url: str,
    body: bytes,
    run_id: int | None,
    source_id: int | None,
) -> Capture:
    stored = blobs.put(body)
    if session.get(Blob, stored.sha256) is None:
        session.add(Blob(sha256=stored.sha256, size=stored.size, stored_size=stored.stored_size))
    c = Capture(
        run_id=run_id,
        source_id=source_id,
        requested_url=url,
        final_url=url,
        status=200,
        outcome=FetchOutcome.OK,
        headers={
            "Content-Type": ["text/html; charset=utf-8"],
            "Content-Encoding": ["gzip"],
            "ETag": ['"abc"'],
        },
        content_type="text/html; charset=utf-8",
        blob_sha256=stored.sha256,
        fetched_at=b.at("2025-03-01"),
    )
    session.add(c)
    session.flush()
    return c


def test_warc_export_is_indexed_by_warcio_and_imports_into_a_fresh_archive(
    nianbao, sessions: sessionmaker[Session], settings: Settings, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    blobs = BlobStore(settings.blob_dir)
    pages = {
        "http://127.0.0.1:9/a/ndbg/1.html": "<html><body>民权县2023年报告 甲</body></html>".encode(),
        "http://127.0.0.1:9/a/ndbg/2.html": "<html><body>民权县2023年报告 乙</body></html>".encode(),
    }
    with sessions.begin() as session:
        b.registry(session)
        src = b.source(session, "411421")
        other = b.source(session, "320804")
        run = b.run(session, b.at("2025-03-01"), {src: "ok"})
        for url, body in pages.items():
            _capture(session, blobs, url, body, run.id, src.id)
        _capture(session, blobs, "http://127.0.0.1:9/b/other.html", b"<p>other</p>", None, other.id)

    warc = tmp_path / "out.warc.gz"
    _export(nianbao, "--format", "warc", "--region", "411400", "--output", str(warc))
    warcio = Path(sys.executable).with_name("warcio")
    index = subprocess.run(
        [str(warcio), "index", str(warc)], capture_output=True, text=True, check=True
    )
    entries = [json.loads(line) for line in index.stdout.splitlines()]
    assert [e["warc-type"] for e in entries] == ["warcinfo", "response", "response"]
    assert sorted(e["warc-target-uri"] for e in entries[1:]) == sorted(pages)
    check = subprocess.run([str(warcio), "check", str(warc)], capture_output=True, text=True)
    assert check.returncode == 0, check.stdout + check.stderr
    from warcio.archiveiterator import ArchiveIterator

    with warc.open("rb") as fh:
        first = next(iter(ArchiveIterator(fh)))
        assert first.rec_headers.get_header("WARC-Type") == "warcinfo"
        assert first.rec_headers.protocol == "WARC/1.1"

    fresh = load_settings(f"sqlite:///{tmp_path / 'fresh' / 'archive.sqlite'}", tmp_path / "fresh")
    upgrade(fresh.db_url)
    env = {**os.environ, "NIANBAO_DB": fresh.db_url, "NIANBAO_DATA": str(fresh.data_dir)}
    from click.testing import CliRunner

    from archive.cli.main import cli

    for expected in (
        {"records": 2, "imported": 2, "skipped": 0},
        {"records": 2, "imported": 0, "skipped": 2},
    ):
        result = CliRunner().invoke(cli, ["import-warc", str(warc), "--json"], env=env)
        assert result.exit_code == 0, result.output
        assert json.loads(result.stdout) == expected
    engine = make_engine(fresh.db_url)
    with session_factory(engine)() as session:
        got = {c.final_url: c for c in session.query(Capture)}
        assert set(got) == set(pages)
        for url, body in pages.items():
            assert BlobStore(fresh.blob_dir).get(got[url].blob_sha256) == body
            assert got[url].status == 200
            assert got[url].fetched_at == b.at("2025-03-01")
            assert "Content-Encoding" not in got[url].headers  # the stored bytes are decoded
            assert got[url].headers["ETag"] == ['"abc"']
    engine.dispose()


def test_import_warc_of_a_file_that_is_not_a_warc_is_one_line(
    nianbao, engine, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    bad = tmp_path / "x.warc"
    bad.write_bytes(b"this is not a web archive\n")
    result = nianbao("import-warc", str(bad))
    assert result.exit_code == 65
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"error: {bad}: not a readable WARC file")
