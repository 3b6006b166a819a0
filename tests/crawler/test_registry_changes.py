"""The registry can change at any time: a body registered, renamed or moved after its
reports were archived takes them over on the next crawl, which never fails for it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.crawler.conftest import Archive

pytestmark = pytest.mark.slow

UNREGISTERED = ("民权县人民防空办公室", 2023)  # published on the sample portal, not registered


def _reports(archive: Archive) -> dict[tuple[str, int], dict]:
    result = archive.run("reports", "--json")
    assert result.returncode == 0, result.stderr
    return {(r["body"], r["year"]): r for r in json.loads(result.stdout)}


def _import(archive: Archive, tmp_path: Path, yaml: str) -> str:
    path = tmp_path / "more.yaml"
    path.write_text(yaml, "utf-8")
    result = archive.run("sources", "import", str(path))
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_registering_and_aliasing_a_body_after_a_crawl(archive: Archive, tmp_path: Path) -> None:
    first = archive.crawl()
    assert first.returncode == 0, first.stderr
    assert _reports(archive)[UNREGISTERED]["body_id"] is None

    # registered afterwards under a short name the report does not use: still apart
    _import(
        archive,
        tmp_path,
        "bodies:\n  - {name: 民权县人防办, region: '411421', level: county_department}\n",
    )
    assert _reports(archive)[UNREGISTERED]["body_id"] is None
    # its alias added: the import itself attaches the archived report to the body
    out = _import(
        archive,
        tmp_path,
        "bodies:\n  - {name: 民权县人防办, region: '411421', level: county_department,"
        " aliases: [民权县人民防空办公室]}\n",
    )
    assert "1 attached" in out
    rows = _reports(archive)
    assert UNREGISTERED not in rows
    attached = rows[("民权县人防办", 2023)]
    assert attached["body_id"] is not None
    missing = json.loads(archive.run("missing", "--years", "2023", "--json").stdout)
    assert ("民权县人防办", 2023) not in {(m["body"], m["year"]) for m in missing}

    # a crawl after the change exits 0 and keeps one report per body and year
    second = archive.crawl()
    assert second.returncode == 0, second.stdout + second.stderr
    assert archive.query(
        "SELECT count(*), min(body_id) FROM reports WHERE year = 2023 "
        "AND body_name IN ('民权县人防办', '民权县人民防空办公室')"
    ) == [(1, attached["body_id"])]
