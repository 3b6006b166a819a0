"""``/api/``: the archive as JSON, in the same shapes as the CLI's ``--json``.

``/api/reports``, ``/api/missing``, ``/api/overdue``, ``/api/runs``, ``/api/revisions``,
``/api/alerts``, ``/api/sources``, ``/api/findings`` mirror the commands of those names;
``/api/coverage`` is the heatmap page's rows and ``/api/dictionary`` the figure labels.
A bad parameter is a 400 with ``{"error": ...}``.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from archive.alerts.listing import alert_rows
from archive.cli.output import dumps
from archive.errors import InputError
from archive.figure_labels import dictionary
from archive.overdue import FIRST_YEAR, missing, overdue, parse_years
from archive.queries import finding_rows, report_rows, run_rows, source_rows
from archive.revisions import revision_rows

from .app import Web
from .grid import STATUSES, UNKNOWN, grid


class _JSON(JSONResponse):
    def render(self, content: Any) -> bytes:
        return dumps(content, indent=None).encode("utf-8")


def _date(text: str | None, default: date) -> date:
    if not text:
        return default
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise InputError(f"{text!r} is not a date (YYYY-MM-DD)") from None


def routes(web: Web) -> list[Route]:
    def endpoint(build: Any) -> Any:
        def handler(request: Request) -> Response:
            try:
                with web.session() as session:
                    return _JSON(build(session, request.query_params))
            except (InputError, ValueError) as exc:
                return _JSON({"error": str(exc)}, status_code=400)

        return handler

    def years(q: Any, default: list[int] | None) -> list[int] | None:
        return parse_years(q["years"]) if q.get("years") else default

    def api_reports(session: Any, q: Any) -> Any:
        return report_rows(session, q.get("region") or None)

    def api_missing(session: Any, q: Any) -> Any:
        wanted = years(q, list(range(FIRST_YEAR, web.as_of.year)))
        result = missing(session, wanted or [], q.get("region") or None)
        return result.missing + (result.unknown if q.get("with_unknown") else [])

    def api_overdue(session: Any, q: Any) -> Any:
        return overdue(
            session,
            _date(q.get("as_of"), web.as_of),
            years(q, None),
            q.get("region") or None,
            include_unknown=bool(q.get("with_unknown")),
        )

    def api_runs(session: Any, q: Any) -> Any:
        return run_rows(session, int(q.get("limit") or 50))

    def api_revisions(session: Any, q: Any) -> Any:
        since = _date(q.get("since"), date.min) if q.get("since") else None
        return revision_rows(session, since, q.get("region") or None)

    def api_alerts(session: Any, q: Any) -> Any:
        return alert_rows(session, q.get("status") or None, q.get("kind") or None)

    def api_findings(session: Any, q: Any) -> Any:
        return finding_rows(session, q.get("kind") or None)

    def api_coverage(session: Any, q: Any) -> Any:
        status = q.get("status")
        if status and status not in (*STATUSES, *UNKNOWN):
            raise InputError(f"status {status!r}: one of {', '.join((*STATUSES, *UNKNOWN))}")
        page = grid(
            session,
            years(q, list(range(FIRST_YEAR, web.as_of.year))) or [],
            _date(q.get("as_of"), web.as_of),
            region=q.get("region") or None,
            level=q.get("level") or None,
            status=status or None,
            page=int(q.get("page") or 1),
            per_page=min(500, int(q.get("per_page") or 50)),
            state=web.state.get(session),
        )
        return {
            "total": page.total,
            "page": page.page,
            "per_page": page.per_page,
            "years": page.years,
            "rows": [r.as_dict() for r in page.rows],
        }

    def api_dictionary(session: Any, q: Any) -> Any:
        return [e.as_dict() for e in dictionary()]

    table = {
        "reports": api_reports,
        "missing": api_missing,
        "overdue": api_overdue,
        "runs": api_runs,
        "revisions": api_revisions,
        "alerts": api_alerts,
        "sources": lambda s, q: source_rows(s),
        "findings": api_findings,
        "coverage": api_coverage,
        "dictionary": api_dictionary,
    }
    return [
        Route(f"/api/{name}", endpoint(build), name=f"api_{name}") for name, build in table.items()
    ]
