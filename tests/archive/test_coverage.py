"""Unknown cells for a region come from the sources that can list its bodies: in it, below
it or above it (a city's portal lists its townships), and no others."""

from __future__ import annotations

from sqlalchemy.orm import Session, sessionmaker

from archive.coverage import unknown_cells
from archive.models import FetchOutcome, Region
from archive.overdue import missing
from tests.archive import builders as b


def test_a_blocked_source_above_a_region_hides_its_bodies_and_one_beside_it_does_not(
    sessions: sessionmaker[Session],
) -> None:
    with sessions.begin() as s:
        bodies = b.registry(s)
        s.add(Region(code="410000", name="河南省", parent_code=None, level="province"))
        city = b.source(s, "411400")  # 商丘市: above 民权县
        other = b.source(s, "320804")  # 淮阴区: beside it
        run = b.run(s, b.at("2024-02-01"), {city: "blocked", other: "blocked"})
        b.capture(s, run, city, FetchOutcome.BLOCKED)
        b.capture(s, run, other, FetchOutcome.BLOCKED)
    with sessions() as s:
        everywhere = unknown_cells(s)
        minquan = unknown_cells(s, "411421")
        town = unknown_cells(s, "411421101")
        assert (bodies["town"].id, None) in everywhere and (bodies["other"].id, None) in everywhere
        assert (bodies["town"].id, None) in minquan and (bodies["county"].id, None) in minquan
        assert (bodies["other"].id, None) not in minquan  # 淮阴区's source cannot list 民权县
        assert (bodies["town"].id, None) in town  # the walk up reaches 商丘市 from a township
        result = missing(s, [2023], "411421")
        assert result.missing == [] and len(result.unknown) == 4
