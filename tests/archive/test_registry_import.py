"""``nianbao sources import``: idempotent, updating, and all-or-nothing on bad input."""

from __future__ import annotations

import json
import re
import textwrap
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from archive.models import Body, DeadlineRule, Region, Source
from tests.conftest import Nianbao

REGISTRY = """\
regions:
  - {code: "411421", name: 民权县, parent: "411400"}
  - {code: "411421101", name: 北关镇, parent: "411421"}
bodies:
  - name: 民权县人民政府
    region: "411421"
    level: county
  - name: 北关镇人民政府
    region: "411421101"
    level: township
    aliases: [北关镇]
sources:
  - url: http://127.0.0.1:8765/county-a/xxgk/ndbg/index.html
    region: "411421"
    family: auto
deadlines:
  - {level: township, region: "411421", month: 2, day: 20}
"""


def _write(tmp_path: Path, text: str, name: str = "sources.yaml") -> Path:
    path = tmp_path / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def _counts(sessions: sessionmaker[Session]) -> dict[str, int]:
    with sessions() as s:
        return {
            m.__tablename__: s.scalar(select(func.count()).select_from(m)) or 0
            for m in (Region, Body, Source, DeadlineRule)
        }


def test_import_registers_every_section(nianbao: Nianbao, sessions, tmp_path: Path) -> None:
    result = nianbao("sources", "import", str(_write(tmp_path, REGISTRY)), "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["bodies"] == {"created": 2, "updated": 0, "unchanged": 0}
    assert _counts(sessions) == {"regions": 2, "bodies": 2, "sources": 1, "deadline_rules": 1}
    with sessions() as s:
        town = s.scalars(select(Body).where(Body.name == "北关镇人民政府")).one()
        assert (town.level, town.aliases, town.region.name) == ("township", ["北关镇"], "北关镇")
        assert s.get(Region, "411421").level == "county"
        assert s.get(Region, "411421101").level == "township"


def test_importing_twice_changes_nothing(nianbao: Nianbao, sessions, tmp_path: Path) -> None:
    path = _write(tmp_path, REGISTRY)
    nianbao("sources", "import", str(path))
    result = nianbao("sources", "import", str(path), "--json")
    assert _counts(sessions) == {"regions": 2, "bodies": 2, "sources": 1, "deadline_rules": 1}
    assert all(c["created"] == c["updated"] == 0 for c in json.loads(result.output).values())


def test_a_changed_entry_is_updated_not_duplicated(
    nianbao: Nianbao, sessions, tmp_path: Path
) -> None:
    nianbao("sources", "import", str(_write(tmp_path, REGISTRY)))
    changed = REGISTRY.replace("aliases: [北关镇]", "aliases: [北关镇, 北关]").replace(
        "family: auto", "family: trs"
    )
    result = nianbao("sources", "import", str(_write(tmp_path, changed)), "--json")
    counts = json.loads(result.output)
    assert counts["bodies"] == {"created": 0, "updated": 1, "unchanged": 1}
    assert counts["sources"] == {"created": 0, "updated": 1, "unchanged": 0}
    with sessions() as s:
        assert s.scalars(select(Body.aliases).where(Body.name == "北关镇人民政府")).one() == [
            "北关镇",
            "北关",
        ]
        assert s.scalars(select(Source.family)).one() == "trs"
    assert _counts(sessions)["bodies"] == 2


def test_csv_files_one_section_each(nianbao: Nianbao, sessions, tmp_path: Path) -> None:
    regions = _write(tmp_path, "code,name,parent\n411421,民权县,411400\n", "regions.csv")
    bodies = _write(
        tmp_path,
        "name,region,level,aliases\n民权县人民政府,411421,county,民权县政府;民权县\n"
        "民权县教育局,411421,county_department,\n",
        "bodies.csv",
    )
    for path in (regions, bodies, regions, bodies):
        assert nianbao("sources", "import", str(path)).exit_code == 0
    assert _counts(sessions)["bodies"] == 2
    with sessions() as s:
        assert s.scalars(select(Body.aliases).where(Body.level == "county")).one() == [
            "民权县政府",
            "民权县",
        ]


BAD_INPUTS = {
    "unknown level": (
        REGISTRY.replace("level: township", "level: town"),
        r"sources.yaml line 8 \(bodies\[1\]\): unknown level 'town'",
    ),
    "duplicate code": (
        REGISTRY.replace('"411421101", name: 北关镇', '"411421", name: 北关镇'),
        r"line 3 \(regions\[1\]\): duplicate region code '411421' \(first at .*line 2",
    ),
    "body in unknown region": (
        REGISTRY.replace('region: "411421101"', 'region: "411422101"'),
        r"bodies\[1\]\): unknown region 411422101",
    ),
    "malformed URL": (
        REGISTRY.replace("http://127.0.0.1:8765", "htp//127.0.0.1:8765"),
        r"sources\[0\]\): malformed URL 'htp//127",
    ),
    "YAML syntax error": (
        REGISTRY.replace("  - name: 北关镇人民政府", "  - name: [北关镇人民政府"),
        r"sources.yaml line \d+: YAML syntax error",
    ),
    "bad region code": (
        REGISTRY.replace('code: "411421101"', 'code: "41142"'),
        r"code '41142' is not a 6, 9 or 12-digit region code",
    ),
    "impossible deadline": (
        REGISTRY.replace("month: 2, day: 20", "month: 2, day: 30"),
        r"deadlines\[0\]\): day 30 is out of range 1-29",
    ),
    "unknown field": (REGISTRY.replace("family: auto", "famly: auto"), r"unknown field 'famly'"),
}


@pytest.mark.parametrize("case", sorted(BAD_INPUTS))
def test_bad_input_is_one_line_and_writes_nothing(
    case: str, nianbao: Nianbao, sessions, tmp_path: Path
) -> None:
    text, message = BAD_INPUTS[case]
    result = nianbao("sources", "import", str(_write(tmp_path, text)))
    assert result.exit_code == 65
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), result.stderr

    assert re.search(message, lines[0]), lines[0]
    assert "Traceback" not in result.output
    assert _counts(sessions) == {"regions": 0, "bodies": 0, "sources": 0, "deadline_rules": 0}


def test_a_bad_entry_late_in_the_file_leaves_earlier_changes_unwritten(
    nianbao: Nianbao, sessions, tmp_path: Path
) -> None:
    nianbao("sources", "import", str(_write(tmp_path, REGISTRY)))
    broken = REGISTRY.replace("民权县人民政府", "民权县人民政府（新）") + (
        '  - {level: street, region: "999999", month: 1, day: 31}\n'
    )
    result = nianbao("sources", "import", str(_write(tmp_path, broken)))
    assert result.exit_code == 65 and "unknown region 999999" in result.stderr
    with sessions() as s:
        assert "民权县人民政府（新）" not in set(s.scalars(select(Body.name)))
    assert _counts(sessions)["bodies"] == 2


def test_a_database_not_at_head_says_run_init(settings, tmp_path: Path) -> None:
    nianbao = Nianbao(settings)  # no init
    result = nianbao("sources", "import", str(_write(tmp_path, REGISTRY)))
    assert result.exit_code == 69
    assert result.stderr.strip().endswith("run nianbao init")


def _big_registry(tmp_path: Path, bodies: int) -> tuple[Path, Path]:
    counties = [f"41{a:02d}{b:02d}" for a in range(1, 11) for b in range(1, 51)]
    towns = [f"{c}{t:03d}" for c in counties for t in range(101, 121)]  # 10,000 townships
    regions = ["code,name,parent", "410000,河南省,"]
    regions += [f"{c},县{i},410000" for i, c in enumerate(counties)]
    regions += [f"{t},镇{i},{t[:6]}" for i, t in enumerate(towns)]
    levels = ("county_department", "township", "street")
    rows = ["name,region,level,aliases"]
    for i in range(bodies):
        region = towns[i % len(towns)] if i % 5 else counties[i % len(counties)]
        rows.append(f"机关{i},{region},{levels[i % 3] if i % 5 else 'county'},别名{i};简称{i}")
    regions_csv = _write(tmp_path, "\n".join(regions) + "\n", "regions.csv")
    return regions_csv, _write(tmp_path, "\n".join(rows) + "\n", "bodies.csv")


def test_import_scales_in_bulk_and_updates_only_what_changed(
    nianbao: Nianbao, sessions, tmp_path: Path
) -> None:
    regions, bodies = _big_registry(tmp_path, 3000)
    assert nianbao("sources", "import", str(regions)).exit_code == 0
    first = json.loads(nianbao("sources", "import", str(bodies), "--json").stdout)
    assert first["bodies"] == {"created": 3000, "updated": 0, "unchanged": 0}
    changed = bodies.read_text(encoding="utf-8").replace("别名7;", "新别名7;")
    result = nianbao("sources", "import", str(_write(tmp_path, changed, "bodies.csv")), "--json")
    assert json.loads(result.stdout)["bodies"] == {"created": 0, "updated": 1, "unchanged": 2999}
    with sessions() as s:
        assert s.scalars(select(Body.aliases).where(Body.name == "机关7")).one() == [
            "新别名7",
            "简称7",
        ]
        assert s.scalar(select(func.count()).select_from(Body)) == 3000


@pytest.mark.slow
def test_a_50000_body_csv_imports_correctly(nianbao: Nianbao, sessions, tmp_path: Path) -> None:
    import time

    regions, bodies = _big_registry(tmp_path, 50_000)
    assert nianbao("sources", "import", str(regions)).exit_code == 0
    started = time.perf_counter()
    result = nianbao("sources", "import", str(bodies), "--json")
    took = time.perf_counter() - started
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["bodies"]["created"] == 50_000
    again = json.loads(nianbao("sources", "import", str(bodies), "--json").stdout)
    assert again["bodies"] == {"created": 0, "updated": 0, "unchanged": 50_000}
    with sessions() as s:
        assert s.scalar(select(func.count()).select_from(Body)) == 50_000
        assert s.scalar(select(func.count()).select_from(Region)) == 10_501
    print(f"\n50,000-body CSV imported in {took:.1f} s")
