"""Charts drawn on the server as SVG (no script, no CDN).

- ``/charts``: the share of due reports published on time, per region below the chosen
  one and per year (a grouped bar chart);
- ``/charts/body/{id}``: one figure across the years for a body against the P25, P50
  and P75 of the bodies of its region and level.
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from typing import Any

from sqlalchemy import select
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from archive.attribution import region_scope
from archive.figure_labels import all_paths, label
from archive.models import Body, Region, Report, ReportVersion

from .app import Web
from .grid import grid
from .pages import years_param

PALETTE = ("#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2")
DEFAULT_FIGURE = "applications.new.total"


def on_time_rates(web: Web, session: Any, region: str | None, years: list[int]) -> dict[str, Any]:
    """Per child region of ``region`` and year: (on time, due) counts of report cells."""
    state = web.state.get(session)
    tree = state.tree
    groups = tree.below(region) or ([tree.node(region)] if region else [])
    out: dict[str, Any] = {"years": years, "regions": []}
    for node in groups:
        counts: dict[int, list[int]] = defaultdict(lambda: [0, 0])
        page_no, pages = 1, 1
        while page_no <= pages:
            page = grid(
                session,
                years,
                web.as_of,
                region=node.code,
                page=page_no,
                per_page=1000,
                state=state,
            )
            pages = page.pages
            for row in page.rows:
                for cell in row.cells:
                    if cell.status == "not_due":
                        continue
                    counts[cell.year][1] += 1
                    counts[cell.year][0] += cell.status == "on_time"
            page_no += 1
        out["regions"].append(
            {"code": node.code, "name": node.name, "counts": {y: counts[y] for y in years}}
        )
    return out


def bar_chart(data: dict[str, Any]) -> dict[str, Any]:
    """Geometry of a grouped bar chart: one group per region, one bar per year."""
    years = data["years"]
    width, height, left, bottom, top = 760, 300, 50, 60, 20
    groups = data["regions"]
    slot = (width - left - 10) / max(1, len(groups))
    bar = max(2.0, min(18.0, (slot - 10) / max(1, len(years))))
    bars, labels = [], []
    for g, region in enumerate(groups):
        x0 = left + g * slot + 5
        labels.append(
            {"x": x0 + bar * len(years) / 2, "y": height - bottom + 16, "text": region["name"]}
        )
        for i, year in enumerate(years):
            on_time, due = region["counts"][year]
            rate = on_time / due if due else None
            h = (height - bottom - top) * (rate or 0)
            bars.append(
                {
                    "x": round(x0 + i * bar, 1),
                    "y": round(height - bottom - h, 1),
                    "w": round(bar - 1, 1),
                    "h": round(h, 1),
                    "fill": PALETTE[i % len(PALETTE)],
                    "title": f"{region['name']} {year}年：按时 {on_time}/{due}"
                    + (f"（{rate:.0%}）" if rate is not None else "（无到期报告）"),
                }
            )
    ticks = [
        {"y": round(height - bottom - (height - bottom - top) * t, 1), "text": f"{t:.0%}"}
        for t in (0, 0.25, 0.5, 0.75, 1)
    ]
    legend = [
        {"x": left + i * 60, "color": PALETTE[i % len(PALETTE)], "text": str(y)}
        for i, y in enumerate(years)
    ]
    return {
        "width": width,
        "height": height,
        "left": left,
        "bars": bars,
        "labels": labels,
        "ticks": ticks,
        "legend": legend,
        "axis_y": height - bottom,
    }


def _value(figures: dict[str, Any], path: str) -> float | None:
    node: Any = figures
    for part in path.split("."):
        if not isinstance(node, dict):
            return None
        node = node.get(part)
    return float(node) if isinstance(node, int | float) and not isinstance(node, bool) else None


def peer_region(session: Any, body: Body) -> Region:
    """The region a body is compared within: the one above its own (a county's city, a
    township's county), or its own when none is registered above it."""
    own = session.get(Region, body.region_code)
    parent = session.get(Region, own.parent_code) if own and own.parent_code else None
    return parent or own


def figure_series(session: Any, body: Body, path: str, scope: str) -> list[dict[str, Any]]:
    """Per year: the body's value (newest version) and the P25/P50/P75 among bodies of
    the same level in region ``scope`` and below."""
    newest = (
        select(ReportVersion.report_id, ReportVersion.figures, ReportVersion.number)
        .order_by(ReportVersion.report_id, ReportVersion.number)
        .subquery()
    )
    peers = session.execute(
        select(Report.body_id, Report.year, newest.c.figures)
        .join(newest, newest.c.report_id == Report.id)
        .join(Body, Body.id == Report.body_id)
        .where(Body.region_code.in_(region_scope(scope)), Body.level == body.level)
    ).all()
    per_year: dict[int, dict[int, float]] = defaultdict(dict)
    for body_id, year, figures in peers:  # later versions overwrite earlier ones
        value = _value(figures or {}, path)
        if value is not None:
            per_year[year][body_id] = value
        else:
            per_year[year].pop(body_id, None)
    out = []
    for year in sorted(per_year):
        values = sorted(per_year[year].values())
        quartiles = (
            statistics.quantiles(values, n=4, method="inclusive")
            if len(values) >= 2
            else [values[0]] * 3
            if values
            else [None] * 3
        )
        out.append(
            {
                "year": year,
                "value": per_year[year].get(body.id),
                "p25": quartiles[0],
                "p50": quartiles[1],
                "p75": quartiles[2],
                "n": len(values),
            }
        )
    return out


def line_chart(series: list[dict[str, Any]]) -> dict[str, Any]:
    width, height, left, bottom, top = 760, 300, 60, 40, 20
    values = [v for row in series for v in (row["value"], row["p25"], row["p75"]) if v is not None]
    high = max(values, default=1.0) or 1.0
    n = max(1, len(series) - 1)

    def x(i: int) -> float:
        return round(left + (width - left - 20) * (i / n if len(series) > 1 else 0.5), 1)

    def y(v: float) -> float:
        return round(height - bottom - (height - bottom - top) * v / high, 1)

    band_top = [(x(i), y(r["p75"])) for i, r in enumerate(series) if r["p75"] is not None]
    band_bottom = [(x(i), y(r["p25"])) for i, r in enumerate(series) if r["p25"] is not None]
    band = " ".join(f"{a},{b}" for a, b in band_top + band_bottom[::-1])
    median = " ".join(f"{x(i)},{y(r['p50'])}" for i, r in enumerate(series) if r["p50"] is not None)
    own = [
        {"x": x(i), "y": y(r["value"]), "title": f"{r['year']}年：{r['value']:g}"}
        for i, r in enumerate(series)
        if r["value"] is not None
    ]
    return {
        "width": width,
        "height": height,
        "band": band,
        "median": median,
        "own": own,
        "own_line": " ".join(f"{p['x']},{p['y']}" for p in own),
        "xlabels": [{"x": x(i), "text": str(r["year"])} for i, r in enumerate(series)],
        "ticks": [{"y": y(high * t), "text": f"{high * t:g}"} for t in (0, 0.5, 1)],
        "axis_y": height - bottom,
        "left": left,
    }


def routes(web: Web) -> list[Route]:
    def rates_page(request: Request) -> Response:
        region = request.query_params.get("region") or None
        years = years_param(web, request.query_params.get("years"))
        with web.session() as session:
            data = on_time_rates(web, session, region, years)
            path = web.state.get(session).tree.ancestors(region)
        return web.render(
            request,
            "charts.html",
            title="按时发布率",
            chart=bar_chart(data),
            data=data,
            region_path=path,
        )

    def body_chart(request: Request) -> Response:
        path = request.query_params.get("figure") or DEFAULT_FIGURE
        with web.session() as session:
            body = session.get(Body, int(request.path_params["body_id"]))
            if body is None:
                return web.not_found(request, "没有这个机关")
            region = peer_region(session, body)
            series = figure_series(session, body, path, region.code)
        return web.render(
            request,
            "body_chart.html",
            title=f"{body.name}：{label(path)}",
            body=body,
            region=region,
            figure=path,
            figures=[(p, label(p)) for p in all_paths()],
            series=series,
            chart=line_chart(series),
        )

    return [
        Route("/charts", rates_page, name="charts"),
        Route("/charts/body/{body_id:int}", body_chart, name="body_chart"),
    ]
