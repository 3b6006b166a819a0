"""The coverage heatmap: a page of registered bodies × years, each cell with its status
and the evidence for it.

A cell is ``on_time`` (claimed or first seen by the deadline), ``late`` (the evidence of
``archive.overdue``), ``found`` (archived, but nothing shows when it came out),
``missing`` (the deadline passed with none archived), ``blocked`` / ``broken`` /
``unreachable`` (the crawler could not see: unknown, never missing) or ``not_due``.
Deadlines come from ``archive.deadlines``, unknown cells from ``archive.coverage`` and
lateness from ``archive.overdue.late``: this module only puts them side by side, for the
bodies of one page, so a page costs the same at 5,000 bodies as at 50,000.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import String, func, select, type_coerce
from sqlalchemy.orm import Session

from archive.attribution import region_scope
from archive.coverage import unknown_cells
from archive.deadlines import Deadline, DeadlineResolver
from archive.models import Body, Report
from archive.overdue import CrawlEvidence, china_date
from archive.overdue.absent import unknown_reason
from archive.overdue.late import late_reports
from archive.words import china_time, zh

STATUSES = ("on_time", "late", "found", "missing", "unknown", "not_due")
UNKNOWN = ("blocked", "broken", "unreachable")
_CHUNK = 900  # bodies per IN list: below every backend's bound on parameters


@dataclass
class Cell:
    year: int
    status: str
    title: str
    report_id: int | None = None
    deadline: str | None = None

    @property
    def group(self) -> str:
        """The filter group: the three ways of not seeing are all ``unknown``."""
        return "unknown" if self.status in UNKNOWN else self.status

    def as_dict(self) -> dict[str, Any]:
        return {
            "year": self.year,
            "status": self.status,
            "deadline": self.deadline,
            "report_id": self.report_id,
            "evidence": self.title,
        }


@dataclass
class GridRow:
    body_id: int
    body: str
    region: str
    level: str
    cells: list[Cell] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "body": self.body,
            "body_id": self.body_id,
            "region": self.region,
            "level": self.level,
            "cells": [c.as_dict() for c in self.cells],
        }


@dataclass
class GridPage:
    rows: list[GridRow]
    years: list[int]
    total: int
    page: int
    per_page: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))


def rule_zh(deadline: Deadline, level: str) -> str:
    """The rule that set a deadline, in Chinese (``内置规则：次年3月31日，条例第四十九条``)."""
    rule = deadline.rule
    after = "次年" if rule.year_offset == 1 else f"{rule.year_offset}年后"
    when = f"{after}{rule.month}月{rule.day}日"
    if rule.rule_id is None:
        basis = "默认，各省规定不一" if level in ("township", "street") else "条例第四十九条"
        text = f"内置规则（{zh(level)}）：{when}，{basis}"
    else:
        scope = "，".join(
            p
            for p in (
                f"级别 {zh(rule.level)}" if rule.level else "",
                f"地区 {rule.region_code}" if rule.region_code else "",
            )
            if p
        )
        text = f"覆盖规则 #{rule.rule_id}（{scope}）：{when}"
    return f"{text}；{deadline.note}" if deadline.note else text


def body_query(region: str | None, level: str | None, body_ids: Sequence[int] | None = None):
    query = select(Body.id, Body.name, Body.region_code, type_coerce(Body.level, String))
    if region:
        query = query.where(Body.region_code.in_(region_scope(region)))
    if level:
        query = query.where(Body.level == level)
    if body_ids is not None:
        query = query.where(Body.id.in_(list(body_ids)))
    return query.order_by(Body.region_code, Body.name)  # unique: the index gives the order


def grid(
    session: Session,
    years: Sequence[int],
    as_of: date,
    *,
    region: str | None = None,
    level: str | None = None,
    status: str | None = None,
    body_ids: Sequence[int] | None = None,
    page: int = 1,
    per_page: int = 50,
    state: Any = None,
) -> GridPage:
    """One page of the heatmap. With ``status`` only bodies with such a cell are listed
    (every body in scope is assessed then, a page at a time). ``state`` (deadline rules,
    crawl evidence, unknown cells: ``web/state.py``) is loaded here when not given."""
    years = sorted(set(years))
    page = max(1, page)
    query = body_query(region, level, body_ids)
    builder = _CellBuilder(session, years, as_of, state)
    if status is None:
        counts = state.counts if state is not None and body_ids is None else {}
        total = counts.get((region, level))
        if total is None:
            total = session.scalar(select(func.count()).select_from(query.subquery())) or 0
            counts[(region, level)] = total
        bodies = session.execute(query.limit(per_page).offset((page - 1) * per_page)).all()
        return GridPage(builder.rows(bodies), years, total, page, per_page)
    kept: list[GridRow] = []
    bodies = session.execute(query).all()
    for start in range(0, len(bodies), _CHUNK):
        for row in builder.rows(bodies[start : start + _CHUNK]):
            if any(c.group == status or c.status == status for c in row.cells):
                kept.append(row)
    first = (page - 1) * per_page
    return GridPage(kept[first : first + per_page], years, len(kept), page, per_page)


class _CellBuilder:
    """What a page needs loaded once: deadlines, crawl evidence, unknown cells."""

    def __init__(self, session: Session, years: list[int], as_of: date, state: Any) -> None:
        self.session = session
        self.years = years
        self.as_of = as_of
        if state is None:
            self.resolver = DeadlineResolver.load(session)
            self.evidence = CrawlEvidence(session, self.resolver)
            self.unknown = unknown_cells(session)
        else:
            self.resolver, self.evidence, self.unknown = (
                state.resolver,
                state.evidence,
                state.unknown,
            )
        self._rules: dict[tuple[Deadline, str], str] = {}

    def rows(self, bodies: Sequence[Any]) -> list[GridRow]:
        ids = [b[0] for b in bodies]
        if not ids or not self.years:
            return [GridRow(*b) for b in bodies]
        reports = {
            (body_id, year): (rid, first_seen, claimed)
            for body_id, year, rid, first_seen, claimed in self.session.execute(
                select(
                    Report.body_id,
                    Report.year,
                    Report.id,
                    Report.first_seen,
                    Report.claimed_published,  # version 1's
                ).where(Report.body_id.in_(ids), Report.year.in_(self.years))
            )
        }
        due = [y for y in self.years if self.resolver.earliest(y) < self.as_of]
        late = {
            (r["body_id"], r["year"]): r["evidence"]
            for r in late_reports(
                self.session, self.resolver, self.evidence, due, None, self.as_of, None, ids
            )
        }
        out = []
        for body_id, name, region_code, level in bodies:
            row = GridRow(body_id, name, region_code, level)
            for year in self.years:
                row.cells.append(self._cell(body_id, level, region_code, year, reports, late))
            out.append(row)
        return out

    def _cell(
        self,
        body_id: int,
        level: str,
        region_code: str,
        year: int,
        reports: dict[tuple[int, int], Any],
        late: dict[tuple[int, int], dict[str, Any]],
    ) -> Cell:
        deadline = self.resolver.deadline(level, region_code, year)
        rule = self._rules.get((deadline, level))
        if rule is None:
            rule = self._rules[(deadline, level)] = (
                f"截止：{deadline.iso}（{rule_zh(deadline, level)}）"
            )
        lines = [rule]
        found = reports.get((body_id, year))
        if found is not None:
            rid, first_seen, claimed = found
            lines.append(f"自称发布：{claimed.isoformat() if claimed else '未写明'}")
            lines.append(f"首次发现：{china_time(first_seen)}")
            evidence = late.get((body_id, year))
            if evidence is not None:
                status = "late"
                if evidence["basis"] == "claimed":
                    lines.append("依据：报告自称的发布日期晚于截止日")
                else:
                    lines.append(
                        f"依据：第 {evidence['absent_in_run']} 次抓取"
                        f"（{china_time(evidence['absent_at'])}）未见此报告"
                    )
            elif (claimed is not None and claimed <= deadline.date) or china_date(
                first_seen
            ) <= deadline.date:
                status = "on_time"
            else:
                status = "found"
                lines.append("截止前无人查看，无法判断是否按时")
            return Cell(year, status, _title(year, status, lines), rid, deadline.iso)
        if deadline.date >= self.as_of:
            status = "not_due"
        else:
            status = unknown_reason(self.unknown, body_id, year) or "missing"
            if status in UNKNOWN:
                lines.append("最近一次抓取无法看到该栏目或链接，不能算作未发布")
            else:
                lines.append("截止日已过，未存档任何报告")
        return Cell(year, status, _title(year, status, lines), None, deadline.iso)


def _title(year: int, status: str, lines: list[str]) -> str:
    return "\n".join([f"{year}年：{zh(status)}", *lines])


def status_filter(status: str | None) -> Any:
    """Validate a status filter value (None when absent or unknown)."""
    return status if status in (*STATUSES, *UNKNOWN) else None
