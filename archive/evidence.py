"""Deciding a found report's year and body from every piece of evidence, and saying why.

The document's own rungs (``archive/extract/meta.py``: title line, page title, statistics
period, headings, introduction) are joined by what lies outside it: the title the
column listed it under, year parameters and folders in its URL, and its publication
date. The year follows the ladder of ``archive/extract/ladder.py``; the body is the
first rung, in the order below, whose name is a registered body of the source's region,
else the first name found at all (kept unattributed, never guessed):

    title, page_title, list_title, publisher, title_prev, source

``publisher`` is the page's 发布机构 / 来源 field and ``source`` the body a source is
registered for (``settings: {body: …}``); both count only when they name a registered
body, and ``title_prev`` (the line above a title that names no body) is weak because
it is often the site's banner.

Every decision records its basis (``year_basis``, ``body_basis``) and what each rung
said, so a person can see why a report landed where it did; two rungs naming
different years or different registered bodies are conflicts, which become findings.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from .attribution import BodyIndex, Candidate
from .extract.ladder import decide_year
from .extract.meta import body_from_title, is_interpretation, title_year

BODY_RUNGS = ("title", "page_title", "list_title", "publisher", "title_prev", "source")
_MATCH_ONLY = ("publisher", "source")  # evidence for a registered body, never a name
_YEAR_PARAMS = {"fbtime", "nbyear", "timeframe", "year", "nd", "bgnd", "ndbg", "reportyear"}
_YEAR_VALUE = re.compile(r"^((?:19|20)\d{2})$")
# A folder named for a year: 2023, 2023n, n2023n, nb2023, bmnb2023, 2020_123, 2023年.
_YEAR_FOLDER = re.compile(r"^[a-z]*((?:19|20)\d{2})(?:n|nb|nian|年)?(?:_\d+)?$", re.I)
_MONTH = re.compile(r"^\d{1,2}$")


@dataclass
class Decision:
    year: int | None
    year_basis: str | None
    body: Candidate | None
    name: str | None
    body_basis: str | None
    evidence: dict[str, Any] = field(default_factory=dict)

    @property
    def year_conflicts(self) -> list[list[Any]]:
        return self.evidence.get("year_conflicts", [])

    @property
    def body_conflicts(self) -> list[list[Any]]:
        return self.evidence.get("body_conflicts", [])


def url_years(url: str | None) -> dict[str, int]:
    """Year hints in a URL: ``url_param`` (``fbtime=2021``) and ``url_folder`` (``/2023n/``).

    A folder followed by a month (``/art/2024/1/16/``) is a publication date, not a year.

    >>> url_years("http://x/module/xxgk/xxgkAnnualReport.jsp?area=1137&fbtime=2020")
    {'url_param': 2020}
    >>> url_years("http://x/zfxxgknb/2023n/bmnb2023/202401/t20240126_1.html")
    {'url_folder': 2023}
    >>> url_years("http://x/art/2024/1/16/art_1_2.html")
    {}
    """
    if not url:
        return {}
    parts = urlsplit(url)
    found: dict[str, int] = {}
    for key, value in parse_qsl(parts.query):
        if key.lower() in _YEAR_PARAMS and (m := _YEAR_VALUE.match(value.strip())):
            found["url_param"] = int(m.group(1))
            break
    segments = [s for s in parts.path.split("/") if s]
    for i, segment in enumerate(segments[:-1]):  # the last segment is the file
        m = _YEAR_FOLDER.match(segment)
        if m and not (i + 1 < len(segments) and _MONTH.match(segments[i + 1])):
            found["url_folder"] = int(m.group(1))
            break
    return found


def published_year(published: date | None) -> int | None:
    """The report year a publication date suggests: January–June give the year before
    (reports fall due in January–March); later dates say nothing for certain."""
    if published is None or published.month > 6:
        return None
    return published.year - 1


def decide(
    document: dict[str, dict[str, Any]],
    *,
    list_title: str | None,
    page_title: str | None,
    urls: tuple[str | None, ...],
    published: date | None,
    index: BodyIndex,
    publisher: str | None = None,
    source_body: str | None = None,
) -> Decision:
    """Year and body for one found document.

    ``document`` is the document's own evidence (``DocumentEvidence.as_dict()``);
    ``page_title`` the title of the article page that linked an attachment; ``urls``
    the document's and its article's URLs; ``publisher`` the page's 发布机构/来源;
    ``source_body`` the body its source is registered for.
    """
    years: dict[str, int] = dict(document.get("years", {}))
    bodies: dict[str, str] = dict(document.get("bodies", {}))
    # a title naming an interpretation (解读) of the report is not the report's
    list_title = None if is_interpretation(list_title) else list_title
    page_title = None if is_interpretation(page_title) else page_title
    for rung, title in (("page_title", page_title), ("list_title", list_title)):
        if not title:
            continue
        if (y := title_year(title)) is not None:
            years.setdefault(rung, y)
        if name := body_from_title(title):
            bodies.setdefault(rung, name)
    for url in urls:
        for rung, y in url_years(url).items():
            years.setdefault(rung, y)
    if (y := published_year(published)) is not None:
        years["published"] = y
    year = decide_year(years)
    for rung, name in (("publisher", publisher), ("source", source_body)):
        if name:
            bodies.setdefault(rung, name)

    matched: list[tuple[str, Candidate]] = []
    for rung in BODY_RUNGS:
        if rung in bodies and (cand := index.match(bodies[rung])) is not None:
            matched.append((rung, cand))
    if not matched:  # a registered name anywhere in a title (县政府办公室 2023年…)
        for rung, text in (("list_title", list_title), ("page_title", page_title)):
            if (cand := index.match_in(text)) is not None:
                matched.append((rung, cand))
                break
    evidence: dict[str, Any] = {"years": years, "bodies": bodies}
    if year.conflicts:
        evidence["year_conflicts"] = [list(c) for c in year.conflicts]
    if matched:
        basis, body = matched[0]
        others = [[r, c.name] for r, c in matched[1:] if c.body_id != body.body_id]
        if others:
            evidence["body_conflicts"] = others
        return Decision(year.year, year.basis, body, body.name, basis, evidence)
    basis = next((r for r in BODY_RUNGS if r in bodies and r not in _MATCH_ONLY), None)
    return Decision(
        year.year, year.basis, None, bodies[basis] if basis else None, basis, evidence
    )
