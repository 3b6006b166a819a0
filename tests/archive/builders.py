"""Building archive states directly with the models: regions, bodies, reports, runs."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy.orm import Session

from archive.models import (
    Body,
    BodyLevel,
    Capture,
    CrawlRun,
    DeadlineRule,
    FetchOutcome,
    Region,
    Report,
    ReportVersion,
    RunStatus,
    Source,
)


def at(day: str, hour: int = 12) -> datetime:
    """A UTC time on ``day`` (YYYY-MM-DD)."""
    return datetime.fromisoformat(day).replace(hour=hour, tzinfo=UTC)


def registry(session: Session) -> dict[str, Body]:
    """民权县 with a county government, a department, a township and a street."""
    session.add_all(
        [
            Region(code="411400", name="商丘市", parent_code="410000", level="city"),
            Region(code="411421", name="民权县", parent_code="411400", level="county"),
            Region(code="411421101", name="北关镇", parent_code="411421", level="township"),
            Region(code="411421001", name="绿洲街道", parent_code="411421", level="township"),
            Region(code="320804", name="淮阴区", parent_code="320800", level="county"),
        ]
    )
    bodies = {
        "county": Body(name="民权县人民政府", region_code="411421", level=BodyLevel.COUNTY),
        "dept": Body(name="民权县教育局", region_code="411421", level=BodyLevel.COUNTY_DEPARTMENT),
        "town": Body(name="北关镇人民政府", region_code="411421101", level=BodyLevel.TOWNSHIP),
        "street": Body(name="绿洲街道办事处", region_code="411421001", level=BodyLevel.STREET),
        "other": Body(name="淮阴区人民政府", region_code="320804", level=BodyLevel.COUNTY),
    }
    session.add_all(bodies.values())
    session.flush()
    return bodies


def source(session: Session, region: str = "411421", url: str | None = None) -> Source:
    s = Source(url=url or f"http://127.0.0.1:8765/{region}/ndbg/index.html", region_code=region)
    session.add(s)
    session.flush()
    return s


def rule(
    session: Session, month: int, day: int, level: str | None = None, region: str | None = None
) -> DeadlineRule:
    r = DeadlineRule(level=level, region_code=region, month=month, day=day)
    session.add(r)
    session.flush()
    return r


def report(
    session: Session,
    body: Body,
    year: int,
    *,
    first_seen: datetime | None = None,
    claimed: date | None = None,
    figures: dict[str, Any] | None = None,
    versions: int = 1,
) -> Report:
    seen = first_seen or at(f"{year + 1}-01-10")
    r = Report(
        body_id=body.id,
        body_name=body.name,
        region_code=body.region_code,
        year=year,
        first_seen=seen,
        claimed_published=claimed if versions else None,  # version 1's
    )
    session.add(r)
    session.flush()
    for n in range(1, versions + 1):
        session.add(
            ReportVersion(
                report_id=r.id,
                number=n,
                figures=figures or {},
                first_seen=seen,
                last_seen=seen,
                claimed_published=claimed if n == 1 else None,
            )
        )
    session.flush()
    return r


def run(
    session: Session,
    finished: datetime,
    health: dict[Source, str],
    *,
    status: RunStatus = RunStatus.FINISHED,
    region: str | None = None,
) -> CrawlRun:
    r = CrawlRun(
        started_at=finished.replace(hour=max(0, finished.hour - 1)),
        finished_at=finished,
        status=status,
        region_code=region,
        stats={"sources": {str(s.id): {"url": s.url, "health": h} for s, h in health.items()}},
    )
    session.add(r)
    session.flush()
    return r


def capture(
    session: Session,
    run: CrawlRun,
    src: Source,
    outcome: FetchOutcome,
    *,
    url: str | None = None,
    role: str = "list",
    title: str | None = None,
) -> Capture:
    c = Capture(
        run_id=run.id,
        source_id=src.id,
        requested_url=url or src.url,
        final_url=url or src.url,
        outcome=outcome,
        role=role,
        context={"title": title} if title else {},
        fetched_at=run.finished_at,
    )
    session.add(c)
    session.flush()
    return c


def applications(
    carried_over: dict[str, int] | None = None, carried_forward: dict[str, int] | None = None
) -> dict[str, Any]:
    apps: dict[str, Any] = {}
    if carried_over is not None:
        apps["carried_over"] = carried_over
    if carried_forward is not None:
        apps["carried_forward"] = carried_forward
    return {"applications": apps}
