"""Score ``nianbao`` answers against the blind farm's truth, per portal style.

Columns: reports expected; found (a row whose ``url`` or ``document_url`` is one of the
report's URLs); right year; right body (registered name and a ``body_id``); false rows
(a row that is not one truth report: 解读/图解 twins, news, a wrong year or body, a second
row for one report, a city report pinned on a registered body); wrong ``missing`` rows
and wrong ``overdue`` rows for each ``--as-of`` date (symmetric difference with what the
truth implies; a body-year behind the anti-bot challenge — a whole portal, or one report
page — must be neither missing nor overdue: it is unknown; one behind a dead report link
may be either); and ``blocked``: challenged body-years that ``missing --with-unknown``
calls unknown.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date
from typing import Any


def _norm(url: str | None) -> str:
    return (url or "").split("#", 1)[0]


def expected_overdue(truth: dict[str, Any], as_of: date) -> set[tuple[str, str, int, str]]:
    """Built-in deadlines; the deadline day is in time; a report shown after as_of is
    missing as of that day, one shown after its deadline is late."""
    rows: set[tuple[str, str, int, str]] = set()
    for u in truth["unpublished"]:
        if date.fromisoformat(u["deadline"]) < as_of:
            rows.add((u["body"], u["region"], u["year"], "missing"))
    for r in truth["reports"]:
        due, pub = date.fromisoformat(r["deadline"]), date.fromisoformat(r["published"])
        if due >= as_of:
            continue
        if pub > as_of:
            rows.add((r["body"], r["region"], r["year"], "missing"))
        elif pub > due:
            rows.add((r["body"], r["region"], r["year"], "late"))
    return rows


@dataclass
class Score:
    as_of: tuple[date, ...]
    table: dict[str, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))
    misses: list[dict[str, Any]] = field(default_factory=list)

    @property
    def columns(self) -> tuple[str, ...]:
        return ("expected", "found", "right_year", "right_body", "false", "wrong_missing",
                *(f"wrong_overdue@{d.isoformat()[5:]}" for d in self.as_of),
                "blocked_expected", "blocked_unknown")

    @property
    def total(self) -> Counter[str]:
        out: Counter[str] = Counter()
        for row in self.table.values():
            out.update(row)
        return out

    def perfect(self) -> bool:
        t = self.total
        return (t["found"] == t["right_year"] == t["right_body"] == t["expected"]
                and t["false"] == t["wrong_missing"] == 0
                and all(t[f"wrong_overdue@{d.isoformat()[5:]}"] == 0 for d in self.as_of)
                and t["blocked_unknown"] == t["blocked_expected"])

    def render(self) -> str:
        head = ("style", *(c.replace("wrong_", "w_").replace("right_", "r_")
                           .replace("blocked_", "blk_") for c in self.columns))
        rows = [(s, *(str(self.table[s][c]) for c in self.columns)) for s in sorted(self.table)]
        rows.append(("total", *(str(self.total[c]) for c in self.columns)))
        widths = [max(len(r[i]) for r in [head, *rows]) for i in range(len(head))]
        lines = ["  ".join(v.rjust(w) if i else v.ljust(w) for i, (v, w) in
                           enumerate(zip(r, widths, strict=True))) for r in [head, *rows]]
        lines.insert(1, "  ".join("-" * w for w in widths))
        lines.insert(-1, lines[1])
        return "\n".join(lines)


def score(truth: dict[str, Any], reports: list[dict[str, Any]], missing: list[dict[str, Any]],
          unknown_rows: list[dict[str, Any]], overdue: dict[date, list[dict[str, Any]]]) -> Score:
    out = Score(tuple(sorted(overdue)))
    style_of_body = {(b["name"], b["region"]): b["style"] for b in truth["bodies"]}
    by_url: dict[str, dict[str, Any]] = {}
    for r in truth["reports"]:
        out.table[r["style"]]["expected"] += 1
        for u in r["urls"]:
            by_url[_norm(u)] = r
    decoy_by_url = {_norm(d["url"]): d for d in truth["decoys"]}
    seen: set[tuple[str, str, int]] = set()
    for row in reports:
        urls = [_norm(u) for u in (row.get("url"), row.get("document_url")) if u]
        r = next((by_url[u] for u in urls if u in by_url), None)
        if r is None:
            d = next((decoy_by_url[u] for u in urls if u in decoy_by_url), None)
            if d is not None and d["kind"] == "foreign" and row.get("body_id") is None:
                continue  # the city's report, kept unattributed: right
            style = d["style"] if d else style_of_body.get(
                (row.get("body") or "", row.get("region") or ""), "other")
            out.table[style]["false"] += 1
            out.misses.append({"problem": "false report",
                               "why": f"{d['kind']} page" if d else "URL not in the truth",
                               "row": row})
            continue
        k = (r["body"], r["region"], r["year"])
        first = k not in seen
        seen.add(k)
        right_year = row.get("year") == r["year"]
        right_body = row.get("body") == r["body"] and row.get("body_id") is not None
        t = out.table[r["style"]]
        if first:
            t["found"] += 1
            t["right_year"] += right_year
            t["right_body"] += right_body
        if not (first and right_year and right_body):
            t["false"] += 1
            why = [p for p, bad in (("wrong year", not right_year), ("wrong body", not right_body),
                                    ("second row", not first)) if bad]
            out.misses.append({"problem": ", ".join(why), "row": row, "truth": r})
    for r in truth["reports"]:
        if (r["body"], r["region"], r["year"]) not in seen:
            out.misses.append({"problem": "not found", "truth": r})

    blocked = {(u["body"], u["region"], u["year"]) for u in truth["unknown"]
               if u["why"] == "blocked"}
    either = {(u["body"], u["region"], u["year"]) for u in truth["unknown"]} - blocked
    got_unknown = {(m["body"], m["region"], m["year"]) for m in unknown_rows
                   if m.get("status") not in (None, "missing")}
    for u in truth["unknown"]:
        k = (u["body"], u["region"], u["year"])
        if k in blocked:
            out.table[u["style"]]["blocked_expected"] += 1
            out.table[u["style"]]["blocked_unknown"] += k in got_unknown
            if k not in got_unknown:
                out.misses.append({"problem": "blocked body-year not unknown", "body": u["body"],
                                   "region": u["region"], "year": u["year"]})

    want = {(u["body"], u["region"], u["year"]) for u in truth["unpublished"]}
    got = {(m["body"], m["region"], m["year"]) for m in missing
           if m.get("body_id") is not None} - either
    for body, region, year in want ^ got:
        out.table[style_of_body.get((body, region), "other")]["wrong_missing"] += 1
        out.misses.append({"problem": "wrong missing row", "body": body, "region": region,
                           "year": year, "listed": (body, region, year) in got})
    for as_of, rows in overdue.items():
        col = f"wrong_overdue@{as_of.isoformat()[5:]}"
        want_o = expected_overdue(truth, as_of)
        got_o = {(o["body"], o["region"], o["year"], o["status"]) for o in rows
                 if o.get("status") in ("missing", "late")
                 and (o["body"], o["region"], o["year"]) not in either}
        for body, region, year, status in want_o ^ got_o:
            out.table[style_of_body.get((body, region), "other")][col] += 1
            out.misses.append({"problem": f"wrong overdue row as of {as_of}", "body": body,
                               "region": region, "year": year, "status": status,
                               "listed": (body, region, year, status) in got_o,
                               "found": (body, region, year) in seen})
    return out
