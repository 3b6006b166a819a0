"""``nianbao bodies list``: filters by region (and below), level and activity."""

from __future__ import annotations

import json
from datetime import date

from sqlalchemy.orm import Session, sessionmaker

from archive.models import Body, BodyLevel
from tests.archive import builders as b
from tests.conftest import Nianbao


def _names(nianbao: Nianbao, *args: str) -> list[str]:
    result = nianbao("bodies", "list", *args, "--json")
    assert result.exit_code == 0, result.output
    return [row["name"] for row in json.loads(result.output)]


def test_bodies_list_filters(nianbao: Nianbao, sessions: sessionmaker[Session]) -> None:
    with sessions.begin() as s:
        b.registry(s)
        s.add(
            Body(
                name="程庄镇人民政府",
                region_code="411421101",
                level=BodyLevel.TOWNSHIP,
                inactive_from=date(2023, 6, 30),
            )
        )
    everything = _names(nianbao)
    assert len(everything) == 6
    assert set(_names(nianbao, "--region", "411421")) == set(everything) - {"淮阴区人民政府"}
    assert _names(nianbao, "--region", "411421101") == ["北关镇人民政府", "程庄镇人民政府"]
    assert _names(nianbao, "--level", "township") == ["北关镇人民政府", "程庄镇人民政府"]
    assert set(_names(nianbao, "--level", "county", "--level", "street")) == {
        "民权县人民政府",
        "淮阴区人民政府",
        "绿洲街道办事处",
    }
    assert "程庄镇人民政府" not in _names(nianbao, "--active")
    assert len(_names(nianbao, "--active")) == 5
    rows = json.loads(nianbao("bodies", "list", "--region", "411421101", "--json").output)
    assert rows[1]["inactive_from"] == "2023-06-30" and rows[1]["region_name"] == "北关镇"
    table = nianbao("bodies", "list", "--level", "street")
    assert table.exit_code == 0 and "绿洲街道办事处" in table.output
    assert nianbao("bodies", "list", "--level", "village").exit_code == 2
