"""Cross-year continuity: Y's carried_forward against Y+1's carried_over, per column."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from archive.continuity import check_all, check_continuity
from archive.models import Finding, ReportVersion
from tests.archive import builders as b


def _row(total: int, person: int | None = None) -> dict[str, int | None]:
    return {"natural_person": total if person is None else person, "enterprise": 0, "total": total}


def test_a_difference_becomes_one_finding_naming_both_reports(
    sessions: sessionmaker[Session],
) -> None:
    with sessions.begin() as s:
        town = b.registry(s)["town"]
        y21 = b.report(s, town, 2021, figures=b.applications(carried_forward=_row(3)))
        y22 = b.report(
            s,
            town,
            2022,
            figures=b.applications(carried_over=_row(2), carried_forward=_row(1)),
        )
        y23 = b.report(s, town, 2023, figures=b.applications(carried_over=_row(1)))
        findings = check_continuity(s, y22)
        assert len(findings) == 1  # 2021→2022 differs; 2022→2023 agrees
        f = findings[0]
        assert f.kind == "continuity" and f.report_id == y22.id
        assert f.detail["earlier"]["report_id"] == y21.id
        assert f.detail["later"]["year"] == 2022
        assert f.detail["differences"] == [
            {"column": "natural_person", "carried_forward": 3, "carried_over": 2},
            {"column": "total", "carried_forward": 3, "carried_over": 2},
        ]
        assert "结转下年度继续办理" in f.message and "上年结转" in f.message
        assert check_continuity(s, y23) == []


def test_an_identical_finding_is_not_added_twice(sessions: sessionmaker[Session]) -> None:
    with sessions.begin() as s:
        town = b.registry(s)["town"]
        b.report(s, town, 2021, figures=b.applications(carried_forward=_row(3)))
        y22 = b.report(s, town, 2022, figures=b.applications(carried_over=_row(2)))
        assert len(check_continuity(s, y22)) == 1
        assert check_continuity(s, y22) == []
        assert check_all(s) == []
    with sessions.begin() as s:
        # a new version of 2022 with other figures: a new finding for the new pair
        s.add(
            ReportVersion(report_id=y22.id, number=2, figures=b.applications(carried_over=_row(4)))
        )
        s.flush()
        again = check_all(s)
        assert len(again) == 1 and again[0].detail["differences"][0]["carried_over"] == 4
        assert len(list(s.scalars(select(Finding).where(Finding.kind == "continuity")))) == 2


def test_blank_cells_are_not_compared_and_newest_versions_are_used(
    sessions: sessionmaker[Session],
) -> None:
    with sessions.begin() as s:
        bodies = b.registry(s)
        b.report(
            s,
            bodies["dept"],
            2022,
            figures=b.applications(carried_forward={"total": None, "enterprise": 1}),
        )
        b.report(
            s,
            bodies["dept"],
            2023,
            figures=b.applications(carried_over={"total": 5, "enterprise": 1}),
        )
        b.report(s, bodies["county"], 2022, figures={})  # no applications section
        b.report(s, bodies["county"], 2023, figures=b.applications(carried_over=_row(1)))
        assert check_all(s) == []
