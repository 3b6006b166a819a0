"""The dashboard's HTML pages: coverage (home), body, diff, and the lists of findings,
alerts, runs and sources."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from archive.alerts.listing import alert_rows
from archive.errors import InputError
from archive.figure_labels import (
    ACTIVE_FIELDS,
    ACTIVE_ROWS,
    APPEAL_FIELDS,
    APPEAL_GROUPS,
    APPLICANT_COLUMNS,
    APPLICATION_ROWS,
    SECTION_TITLES,
    label,
)
from archive.models import Body, CrawlRun, Report, ReportVersion
from archive.overdue import FIRST_YEAR, parse_years
from archive.queries import finding_kinds, finding_rows, run_rows, source_rows
from archive.revisions import report_diff

from .app import Web
from .grid import STATUSES, UNKNOWN, grid

LEVELS = (
    "province",
    "province_department",
    "city",
    "city_department",
    "county",
    "county_department",
    "township",
    "street",
)
PER_PAGE = 50
SECTION_NAMES = {
    "head": "标题与前言",
    "一": "一、总体情况",
    "二": "二、主动公开政府信息情况",
    "三": "三、收到和处理政府信息公开申请情况",
    "四": "四、政府信息公开行政复议、行政诉讼情况",
    "五": "五、存在的主要问题及改进情况",
    "六": "六、其他需要报告的事项",
}


def _int(value: str | None, default: int, low: int = 1, high: int = 10**9) -> int:
    try:
        return min(high, max(low, int(value))) if value else default
    except ValueError:
        return default


def years_param(web: Web, text: str | None) -> list[int]:
    """``?years=2019-2024``; default: 2019 to last year (in China)."""
    if text:
        try:
            return parse_years(text)
        except InputError:
            pass
    return list(range(FIRST_YEAR, web.as_of.year))


def routes(web: Web) -> list[Route]:
    def coverage_page(request: Request) -> Response:
        q = request.query_params
        region = q.get("region") or None
        level = q.get("level") if q.get("level") in LEVELS else None
        status = q.get("status") if q.get("status") in (*STATUSES, *UNKNOWN) else None
        years = years_param(web, q.get("years"))
        page_no = _int(q.get("page"), 1)
        with web.session() as session:
            state = web.state.get(session)
            tree = state.tree
            page = grid(
                session,
                years,
                web.as_of,
                region=region,
                level=level,
                status=status,
                page=page_no,
                per_page=PER_PAGE,
                state=state,
            )
            names = {row.region: tree.name(row.region) for row in page.rows}
        return web.render(
            request,
            "coverage.html",
            title="覆盖情况",
            page=page,
            tree_path=tree.ancestors(region),
            tree_below=tree.below(region),
            region=region,
            region_names=names,
            level=level,
            status=status,
            years_text=q.get("years") or f"{years[0]}-{years[-1]}" if years else "",
            levels=LEVELS,
            statuses=(*STATUSES, *UNKNOWN),
            as_of=web.as_of,
            query=dict(q),
        )

    def body_page(request: Request) -> Response:
        body_id = _int(request.path_params["body_id"], 0, 0)
        with web.session() as session:
            body = session.get(Body, body_id)
            if body is None:
                return web.not_found(request, f"没有编号为 {body_id} 的机关")
            reports = list(
                session.scalars(
                    select(Report).where(Report.body_id == body.id).order_by(Report.year.desc())
                )
            )
            report_years = [r.year for r in reports]
            wanted = _int(request.query_params.get("year"), 0, 0)
            shown = wanted if wanted in report_years else (report_years[0] if reports else None)
            years = sorted(set(range(FIRST_YEAR, web.as_of.year)) | set(report_years))
            state = web.state.get(session)
            row = grid(session, years, web.as_of, body_ids=[body.id], state=state).rows
            cells = row[0].cells if row else []
            findings = finding_rows(session, report_ids=[r.id for r in reports]) if reports else []
            tree = state.tree
            context = {
                "body": body,
                "region_path": tree.ancestors(body.region_code),
                "cells": cells,
                # the figure tables of one report at a time (?year=, default the newest):
                # a body with ten years would otherwise render thousands of cells
                "reports": [_report_view(r, r.year == shown) for r in reports],
                "shown": shown,
                "findings": findings,
            }
        return web.render(request, "body.html", title=body.name, **context)

    def diff_page(request: Request) -> Response:
        report_id = _int(request.path_params["report_id"], 0, 0)
        q = request.query_params
        with web.session() as session:
            report = session.get(Report, report_id)
            if report is None:
                return web.not_found(request, f"没有编号为 {report_id} 的报告")
            try:
                result = report_diff(
                    session,
                    report,
                    _int(q.get("from"), 0, 0) or None,
                    _int(q.get("to"), 0, 0) or None,
                )
            except InputError as exc:
                return web.render(request, "error.html", 400, title="无法比较", message=str(exc))
            numbers = [v.number for v in report.versions]
            template = report.versions[-1].template if report.versions else None
        for change in result["figures"]:
            change["label"] = label(change["path"], template)
        return web.render(
            request,
            "diff.html",
            title=f"{result['body']} {result['year']}年 版本比较",
            d=result,
            report=report,
            numbers=numbers,
            section_names=SECTION_NAMES,
        )

    def findings_page(request: Request) -> Response:
        q = request.query_params
        kind = q.get("kind") or None
        page_no = _int(q.get("page"), 1)
        with web.session() as session:
            kinds = finding_kinds(session)
            rows = finding_rows(session, kind, limit=PER_PAGE + 1, offset=(page_no - 1) * PER_PAGE)
        return web.render(
            request,
            "findings.html",
            title="发现的问题",
            rows=rows[:PER_PAGE],
            more=len(rows) > PER_PAGE,
            kinds=kinds,
            kind=kind,
            page_no=page_no,
        )

    def alerts_page(request: Request) -> Response:
        q = request.query_params
        status = q.get("status") if q.get("status") in ("pending", "sent", "resolved") else None
        with web.session() as session:
            rows = alert_rows(session, status, q.get("kind") or None, limit=500)
        return web.render(request, "alerts.html", title="提醒", rows=rows, status=status)

    def runs_page(request: Request) -> Response:
        with web.session() as session:
            rows = run_rows(session, _int(request.query_params.get("limit"), 50, 1, 1000))
        return web.render(request, "runs.html", title="抓取记录", rows=rows)

    def sources_page(request: Request) -> Response:
        with web.session() as session:
            rows = source_rows(session)
            history = _source_health(session)
        for row in rows:
            row["history"] = history.get(str(row["id"]), [])
        return web.render(request, "sources.html", title="来源", rows=rows)

    return [
        Route("/", coverage_page, name="coverage"),
        Route("/body/{body_id:int}", body_page, name="body"),
        Route("/report/{report_id:int}/diff", diff_page, name="diff"),
        Route("/findings", findings_page, name="findings"),
        Route("/alerts", alerts_page, name="alerts"),
        Route("/runs", runs_page, name="runs"),
        Route("/sources", sources_page, name="sources"),
    ]


def _source_health(session: Any, runs: int = 20) -> dict[str, list[dict[str, Any]]]:
    """Per source id: its health in the last ``runs`` runs that read it, oldest first."""
    out: dict[str, list[dict[str, Any]]] = {}
    query = select(CrawlRun.id, CrawlRun.started_at, CrawlRun.stats).order_by(CrawlRun.id.desc())
    for run_id, started, stats in session.execute(query.limit(500)):
        for sid, s in ((stats or {}).get("sources") or {}).items():
            if isinstance(s, dict) and len(out.setdefault(sid, [])) < runs:
                out[sid].append({"run": run_id, "started": started, **s})
    return {sid: items[::-1] for sid, items in out.items()}


def _report_view(report: Report, tables: bool = True) -> dict[str, Any]:
    versions = list(report.versions)
    newest: ReportVersion | None = versions[-1] if versions else None
    figures = (newest.figures or {}) if newest else {}
    template = (newest.template if newest else None) or figures.get("template") or "2021"
    return {
        "report": report,
        "versions": versions,
        "newest": newest,
        "template": template,
        "tables": figure_tables(figures, template) if tables else None,
        "failed": [c for c in figures.get("checks", []) if not c.get("ok")],
    }


def figure_tables(figures: dict[str, Any], template: str) -> list[dict[str, Any]]:
    """The three tables of the template with the report's figures, in its own labels."""
    t = template if template in ACTIVE_ROWS else "2021"
    active = figures.get("active") or {}
    apps = figures.get("applications") or {}
    appeals = figures.get("appeals") or {}
    active_rows = []
    for key, (row_label, fields) in ACTIVE_ROWS[t].items():
        values = active.get(key) or {}
        active_rows.append(
            {
                "label": row_label,
                "present": key in active,
                "cells": [
                    {"label": ACTIVE_FIELDS[f], "value": values.get(f), "path": f"active.{key}.{f}"}
                    for f in fields
                ],
            }
        )
    app_rows = [
        {
            "label": row_label,
            "present": key in apps,
            "cells": [
                {"value": (apps.get(key) or {}).get(c), "path": f"applications.{key}.{c}"}
                for c in APPLICANT_COLUMNS
            ],
        }
        for key, row_label in APPLICATION_ROWS[t].items()
    ]
    appeal_rows = [
        {
            "label": group_label,
            "present": key in appeals,
            "cells": [
                {"value": (appeals.get(key) or {}).get(f), "path": f"appeals.{key}.{f}"}
                for f in APPEAL_FIELDS
            ],
        }
        for key, group_label in APPEAL_GROUPS.items()
    ]
    return [
        {"key": "active", "title": SECTION_TITLES["active"], "rows": active_rows, "columns": None},
        {
            "key": "applications",
            "title": SECTION_TITLES["applications"],
            "rows": app_rows,
            "columns": list(APPLICANT_COLUMNS.values()),
        },
        {
            "key": "appeals",
            "title": SECTION_TITLES["appeals"],
            "rows": appeal_rows,
            "columns": list(APPEAL_FIELDS.values()),
        },
    ]


__all__ = ["LEVELS", "figure_tables", "routes", "years_param"]
