"""A newer edition: divisions it no longer lists (merged, renamed) make their bodies inactive
from its date; ``missing``, ``overdue`` and the grid leave them out for the years after."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from archive.coverage import coverage
from archive.divisions.edition import save
from archive.models import Body
from archive.overdue import missing, overdue
from tests.archive import builders as b
from tests.conftest import Nianbao

OLD = [
    ("41", "河南省"),
    ("4114", "商丘市"),
    ("411421", "民权县"),
    ("411421101", "人和镇"),
    ("411421103", "北关镇"),
    ("411421104", "程庄镇"),
    ("411422", "睢县"),
    ("411422105", "城关镇"),
]


def _edition(folder: Path, rows: list[tuple[str, str]], as_of: str) -> str:
    save(folder, rows, {"package": "synthetic", "version": as_of[:4], "as_of": as_of})
    return str(folder)


def _import(nianbao: Nianbao, data: str) -> dict:
    result = nianbao("regions", "import-divisions", "--province", "41", "--data", data, "--json")
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def _state(session: Session) -> dict[str, date | None]:
    return dict(session.execute(select(Body.name, Body.inactive_from)).all())


def test_a_newer_edition_makes_gone_and_renamed_divisions_inactive(
    nianbao: Nianbao, sessions: sessionmaker[Session], tmp_path: Path
) -> None:
    old = _edition(tmp_path / "2022", OLD, "2022-06-30")
    # 2023: 程庄镇 merged away, 人和镇 renamed 和平镇 in place, 城关镇 renumbered as a 街道
    rows = [r for r in OLD if r[0] not in ("411421104", "411422105")]
    rows = [(c, "和平镇" if c == "411421101" else n) for c, n in rows]
    new = _edition(tmp_path / "2023", [*rows, ("411422001", "城关街道")], "2023-06-30")

    first = _import(nianbao, old)
    assert first["bodies"]["township"]["created"] == 4 and first["inactive"] == {}
    with sessions.begin() as s:
        bodies = {x.name: x for x in s.scalars(select(Body))}
        b.report(s, bodies["程庄镇人民政府"], 2021)
        b.report(s, bodies["人和镇人民政府"], 2022)

    second = _import(nianbao, new)
    assert second["inactive"] == {"township": 3}  # 程庄镇, 人和镇, 城关镇
    assert second["bodies"]["township"]["created"] == 1  # 和平镇
    assert second["bodies"]["street"]["created"] == 1  # 城关街道
    with sessions() as s:
        state = _state(s)
        gone = date(2023, 6, 30)
        assert state["程庄镇人民政府"] == state["人和镇人民政府"] == state["城关镇人民政府"] == gone
        assert state["和平镇人民政府"] is None and state["北关镇人民政府"] is None
        assert state["城关街道办事处"] is None

        result = missing(s, [2021, 2022, 2023, 2024], "411421")
        listed = {(r["body"], r["year"]) for r in result.missing}
        assert ("程庄镇人民政府", 2022) in listed  # before the edition that dropped it
        assert not {y for n, y in listed if n == "程庄镇人民政府"} & {2021, 2023, 2024}
        assert {y for n, y in listed if n == "人和镇人民政府"} == {2021}
        assert {y for n, y in listed if n == "和平镇人民政府"} == {2021, 2022, 2023, 2024}

        due = overdue(s, date(2025, 6, 30), [2022, 2023, 2024], "411421")
        overdue_rows = {(r["body"], r["year"]) for r in due}
        assert ("程庄镇人民政府", 2022) in overdue_rows
        assert ("程庄镇人民政府", 2023) not in overdue_rows

        grid = {row.body: row.years for row in coverage(s, [2021, 2022, 2023], "411421")}
        assert grid["程庄镇人民政府"] == {2021: "found", 2022: "missing", 2023: "inactive"}

    again = _import(nianbao, new)
    assert again["inactive"] == {}
    assert all(c["created"] == c["updated"] == 0 for c in again["bodies"].values())

    refused = nianbao("regions", "import-divisions", "--province", "41", "--data", old)
    assert refused.exit_code == 65 and "newer edition" in refused.output

    # 2024: 程庄镇 is listed again (a merger undone): its body is active again, the same row
    back = _edition(tmp_path / "2024", [*rows, ("411422001", "城关街道"),
                                         ("411421104", "程庄镇")], "2024-06-30")  # fmt: skip
    third = _import(nianbao, back)
    with sessions() as s:
        state = _state(s)
        assert state["程庄镇人民政府"] is None and state["人和镇人民政府"] == date(2023, 6, 30)
        assert len(s.scalars(select(Body).where(Body.name == "程庄镇人民政府")).all()) == 1
    assert third["bodies"]["township"]["updated"] == 1


def test_a_folder_that_is_not_an_edition_is_one_line_error(
    nianbao: Nianbao, engine, tmp_path: Path
) -> None:
    result = nianbao("regions", "import-divisions", "--data", str(tmp_path))
    assert result.exit_code == 65 and "not a divisions data folder" in result.output
