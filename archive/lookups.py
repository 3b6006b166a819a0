"""Names the user typed, checked against the registry: never a silent empty answer.

An unknown region, body, report or run is a ``NotFound`` (exit 65) that names what was
not found and the nearest registered matches (``difflib``), so a typo such as
``--region 41142`` is never read as "nobody is overdue". ``note_empty`` is the other
half: a filter that names registered things but matches no rows says so on stderr.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Sequence

import click
from sqlalchemy import select
from sqlalchemy.orm import Session

from .errors import NotFound
from .models import Body, CrawlRun, Region, Report


def nearest(word: str, choices: Iterable[str], n: int = 3) -> list[str]:
    """The registered names closest to ``word`` (none when nothing is close)."""
    return difflib.get_close_matches(word, list(choices), n=n, cutoff=0.6)


def _suggest(matches: Sequence[str]) -> str:
    return f"; nearest: {', '.join(matches)}" if matches else ""


def require_region(session: Session, code: str) -> Region:
    """The registered region with this code; a name is accepted when it is unique."""
    region = session.get(Region, code.strip())
    if region is not None:
        return region
    regions = list(session.execute(select(Region.code, Region.name)))
    named = [c for c, name in regions if name == code.strip()]
    if len(named) == 1:
        found = session.get(Region, named[0])
        assert found is not None
        return found
    names = {c: name for c, name in regions}
    if code.strip().isdigit():
        matches = [f"{c} ({names[c]})" for c in nearest(code.strip(), names)]
    else:
        by_name = {name: c for c, name in regions}
        matches = [f"{by_name[n]} ({n})" for n in nearest(code.strip(), by_name)]
    if not regions:
        raise NotFound(f"unknown region {code}: no regions are registered (nianbao sources import)")
    raise NotFound(f"unknown region {code}: no such region is registered{_suggest(matches)}")


def require_run(session: Session, run_id: int) -> CrawlRun:
    run = session.get(CrawlRun, run_id)
    if run is not None:
        return run
    ids = [str(i) for i in session.scalars(select(CrawlRun.id).order_by(CrawlRun.id))]
    if not ids:
        raise NotFound(f"unknown run {run_id}: the archive has no crawl runs yet")
    raise NotFound(f"unknown run {run_id}: runs are {_span(ids)}")


def require_report(session: Session, report_id: int) -> Report:
    report = session.get(Report, report_id)
    if report is not None:
        return report
    ids = [str(i) for i in session.scalars(select(Report.id).order_by(Report.id))]
    if not ids:
        raise NotFound(f"unknown report {report_id}: the archive holds no reports yet")
    raise NotFound(
        f"unknown report {report_id}: report ids are {_span(ids)}"
        f"{_suggest(nearest(str(report_id), ids))}"
    )


def body_suggestions(session: Session, name: str) -> list[str]:
    """Registered body names (and aliases) closest to ``name``."""
    names: set[str] = set()
    for body_name, aliases in session.execute(select(Body.name, Body.aliases)):
        names.add(body_name)
        names.update(a for a in aliases or [] if isinstance(a, str))
    names.update(n for n in session.scalars(select(Report.body_name).distinct()) if n)
    close = nearest(name, names)
    if not close:  # a fragment (民权) is close to no whole name, but is inside some
        close = sorted(n for n in names if name and name in n)[:3]
    return close


def unknown_body(session: Session, name: str, year: int | None = None) -> NotFound:
    what = f"{year} report of {name}" if year else f"body {name}"
    return NotFound(f"no {what} in the archive{_suggest(body_suggestions(session, name))}")


def _span(ids: Sequence[str]) -> str:
    return ", ".join(ids) if len(ids) <= 6 else f"{ids[0]}…{ids[-1]}"


def note_empty(rows: Sequence[object], what: str) -> None:
    """One line on stderr when a filter matched registered things but no rows."""
    if not rows:
        click.echo(f"note: {what}", err=True)
