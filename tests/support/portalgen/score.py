"""Score what ``nianbao`` answered against a farm's truth, per family.

``score(truth, base, reports, missing, overdue, as_of)`` takes the JSON rows of
``nianbao reports --json``, ``missing --years 2019-2024 --json`` and ``overdue --as-of
DATE --years 2019-2024 --json`` and counts, per family of the source that lists the
body: reports expected, found (a report row whose ``url`` or ``document_url`` is one of
the report's URLs), right year, right body, false reports (rows that are not exactly a
truth report: 解读 twins, news, a wrong year or body, a second row for one report; a
reposted city report is false only when pinned on a registered body), and wrong
``missing`` / ``overdue`` rows (the symmetric difference with the rows the truth
implies). ``expected_overdue`` is the truth's side: with the built-in deadlines, a body
is ``missing`` when its deadline passed before ``as_of`` with nothing published by then,
``late`` when its report's shown publication date is after the deadline.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from .site import key

COLUMNS = ("expected", "found", "right_year", "right_body", "false", "wrong_missing",
           "wrong_overdue")


def _path_key(url: str, base: str) -> str:
    if url.startswith(base):
        url = url[len(base):]
    return key(url.split("#", 1)[0])


def expected_overdue(truth: dict[str, Any], as_of: date) -> set[tuple[str, int, str]]:
    rows: set[tuple[str, int, str]] = set()
    for r in truth["unpublished"]:
        if date.fromisoformat(r["deadline"]) < as_of:
            rows.add((r["body"], r["year"], "missing"))
    for r in truth["reports"]:
        due, pub = date.fromisoformat(r["deadline"]), date.fromisoformat(r["published"])
        if due >= as_of:
            continue
        if pub > as_of:
            rows.add((r["body"], r["year"], "missing"))
        elif pub > due:
            rows.add((r["body"], r["year"], "late"))
    return rows


@dataclass
class Score:
    table: dict[str, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))
    misses: list[dict[str, Any]] = field(default_factory=list)  # one entry per problem
    year_bases: Counter[str] = field(default_factory=Counter)  # of the reports found

    @property
    def total(self) -> Counter[str]:
        out: Counter[str] = Counter()
        for row in self.table.values():
            out.update(row)
        return out

    def perfect(self) -> bool:
        t = self.total
        return (t["found"] == t["right_year"] == t["right_body"] == t["expected"]
                and t["false"] == t["wrong_missing"] == t["wrong_overdue"] == 0)

    def render(self) -> str:
        head = ("family", *COLUMNS)
        rows = [(fam, *(str(self.table[fam][c]) for c in COLUMNS)) for fam in sorted(self.table)]
        rows.append(("total", *(str(self.total[c]) for c in COLUMNS)))
        widths = [max(len(r[i]) for r in [head, *rows]) for i in range(len(head))]
        lines = ["  ".join(v.rjust(w) if i else v.ljust(w) for i, (v, w) in
                           enumerate(zip(r, widths, strict=True))) for r in [head, *rows]]
        lines.insert(1, "  ".join("-" * w for w in widths))
        lines.insert(-1, lines[1])
        return "\n".join(lines)


def score(truth: dict[str, Any], base: str, reports: list[dict[str, Any]],
          missing: list[dict[str, Any]], overdue: list[dict[str, Any]], as_of: date) -> Score:
    out = Score()
    family_of_body = {b["name"]: b["family"] for b in truth["bodies"]}
    by_url: dict[str, dict[str, Any]] = {}
    for r in truth["reports"]:
        out.table[r["family"]]["expected"] += 1
        for u in r["urls"]:
            by_url[key(u)] = r
    decoys: dict[str, dict[str, Any]] = {}
    for d in truth["decoys"]:
        for u in (d["url"], d["attachment"]):
            if u:
                decoys[key(u)] = d
    site_family = {s["url"].split("/", 3)[1] + "/" + s["url"].split("/", 3)[2]: s["family"]
                   for s in truth["sources"]}

    def family_of_url(path: str) -> str:
        parts = path.split("/")
        return site_family.get("/".join(parts[1:3]), "other")

    seen: set[tuple[str, int]] = set()
    for row in reports:
        paths = [_path_key(u, base) for u in (row.get("url"), row.get("document_url")) if u]
        r = next((by_url[p] for p in paths if p in by_url), None)
        if r is None:
            d = next((decoys[p] for p in paths if p in decoys), None)
            fam = d["family"] if d else family_of_url(paths[0] if paths else "")
            if d is not None and d["kind"] == "foreign" and row.get("body_id") is None:
                continue  # a reposted city report, kept unattributed: right
            out.table[fam]["false"] += 1
            out.misses.append({"problem": "false report",
                               "why": f"{d['kind']} page" if d else "URL not in the truth",
                               "row": row, "decoy": d})
            continue
        k = (r["body"], r["year"])
        fam = r["family"]
        first = k not in seen
        seen.add(k)
        right_year = row.get("year") == r["year"]
        right_body = row.get("body") == r["body"] and row.get("body_id") is not None
        if first:
            out.year_bases[str(row.get("year_basis"))] += 1
            out.table[fam]["found"] += 1
            out.table[fam]["right_year"] += right_year
            out.table[fam]["right_body"] += right_body
        if not (first and right_year and right_body):
            out.table[fam]["false"] += 1
            problems = [p for p, bad in (("wrong year", not right_year),
                                         ("wrong body", not right_body),
                                         ("second row for one report", not first)) if bad]
            out.misses.append({"problem": ", ".join(problems), "row": row, "truth": r})
    for r in truth["reports"]:
        if (r["body"], r["year"]) not in seen:
            out.misses.append({"problem": "not found", "truth": r})

    want_missing = {(r["body"], r["year"]) for r in truth["unpublished"]}
    got_missing = {(m["body"], m["year"]) for m in missing if m.get("body_id") is not None}
    for body, year in want_missing ^ got_missing:
        fam = family_of_body.get(body, "other")
        out.table[fam]["wrong_missing"] += 1
        out.misses.append({"problem": "wrong missing row", "body": body, "year": year,
                           "listed": (body, year) in got_missing})
    want_over = expected_overdue(truth, as_of)
    got_over = {(o["body"], o["year"], o["status"]) for o in overdue
                if o.get("status") in ("missing", "late")}
    for body, year, status in want_over ^ got_over:
        fam = family_of_body.get(body, "other")
        out.table[fam]["wrong_overdue"] += 1
        out.misses.append({"problem": "wrong overdue row", "body": body, "year": year,
                           "status": status, "listed": (body, year, status) in got_over,
                           "report_found": (body, year) in seen})
    return out
