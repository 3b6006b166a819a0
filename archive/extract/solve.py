"""Putting a row's figures under their columns when the document lost the grid.

A table row can arrive with fewer figures than columns (blank cells left no trace:
one cell per line, space-aligned text, some PDFs) or with its digits run together
(``行政规范性文件8855698``).  Each such row gets *options*: every way its figures
could sit in the row's columns, and every way its digit string splits into one
number per column.  The template's 勾稽 equalities then decide:

- section 三: a row's applicant columns sum to its 总计; the result rows sum to
  （七）总计 per column; 本年新收 + 上年结转 = 总计 + 结转下年度, per column;
- section 四: each group's 结果维持 + 结果纠正 + 其他结果 + 尚未审结 = 总计;
- section 二 has no equality, so only a row with a single option is read.

Every rule that involves an uncertain row must hold.  A cell takes the value every
surviving option agrees on; where they disagree (or none survives) it stays blank
and a ``cell.ambiguous`` check lists the candidates.  Never a guess.
"""

from __future__ import annotations

import itertools
import math
import re
from collections.abc import Callable, Iterable, Sequence
from decimal import Decimal
from typing import Any

from .checks import RESULT_ROWS
from .numbers import CellKind, classify, to_number

Option = tuple[str, ...]
Vector = tuple[float, ...]

#: At most this many options per row (placements or splits); beyond it, unread.
MAX_OPTIONS = 20_000
#: At most this many partial sums in the section 三 search.
MAX_STATES = 200_000
#: Candidates listed in a finding.
MAX_LISTED = 8


def row_total_holds(option: Option) -> bool:
    """Whether a row's (or group's) last cell is the sum of the others."""
    cells = [value_of(c) for c in option]
    return sum(cells[:-1]) == cells[-1]


def value_of(text: str) -> float:
    """A cell's number for arithmetic: a blank or non-number counts as 0."""
    if text.isdigit() and text.isascii():
        return int(text)
    if not text or classify(text) is not CellKind.NUMBER:
        return 0
    return float(Decimal(str(to_number(text))))


def placements(values: Sequence[str], n: int) -> list[Option]:
    """Every way ``values`` (in order) can fill ``n`` columns, the rest blank."""
    k = len(values)
    if k > n or math.comb(n, k) > MAX_OPTIONS:
        return []
    out: list[Option] = []
    for slots in itertools.combinations(range(n), k):
        row = [""] * n
        for value, slot in zip(values, slots, strict=True):
            row[slot] = value
        out.append(tuple(row))
    return out


_FIGURE = re.compile(r"(?:0|[1-9]\d*)(?:\.\d+)?")


def _parts(digits: str, n: int) -> Iterable[list[str]]:
    """Splits of ``digits`` into ``n`` figures, none with a leading zero."""
    if n == 1:
        if _FIGURE.fullmatch(digits):
            yield [digits]
        return
    for cut in range(1, len(digits) - n + 2):
        head = digits[:cut]
        if not _FIGURE.fullmatch(head):
            if head[0] == "0" and not head.startswith("0."):
                return
            continue
        for rest in _parts(digits[cut:], n - 1):
            yield [head, *rest]


def splits(digits: str, n: int) -> list[Option] | None:
    """Every split of a run-together digit string into ``n`` figures (None: too many)."""
    if len(digits) < n:
        return []
    if math.comb(len(digits) - 1, n - 1) > MAX_OPTIONS:
        return None
    return [tuple(p) for p in _parts(digits, n)]


def is_blob(text: str) -> bool:
    """Digits that may be several figures run together (``8855698``)."""
    return len(text) >= 2 and text.isascii() and text.replace(".", "").isdigit()


def _spread(digits: str, n: int, budget: list[int]) -> Iterable[Option]:
    """Every way a digit string splits into 1..n figures placed in ``n`` columns (the
    others blank: blank cells leave no trace once the figures run together)."""
    for m in range(1, n + 1):
        if m > len(digits):
            break
        for parts in _parts(digits, m):
            for slots in itertools.combinations(range(n), m):
                budget[0] -= 1
                if budget[0] < 0:
                    return
                row = [""] * n
                for value, slot in zip(parts, slots, strict=True):
                    row[slot] = value
                yield tuple(row)


def row_options(
    values: Sequence[str], n: int, blob: bool = False, group: int | None = None,
    holds: Callable[[Option], bool] | None = None,
) -> list[Option] | None:
    """A row's options: its figures placed in its columns, and (``blob``: the row's
    figures may have run together) its digit string split into figures.  A row of
    several groups of ``group`` columns (section 四) is split group by group, each
    group kept only when ``holds``.  None when there are too many to search."""
    nonblank = [v for v in values if v]
    if len(nonblank) > n:
        return None
    out: set[Option] = set()
    if not (blob and len(nonblank) == 1):
        if math.comb(n, len(nonblank)) > MAX_OPTIONS:
            return None
        out.update(placements(nonblank, n))
    if blob and len(nonblank) < n and all(is_blob(v) or v.isdigit() for v in nonblank):
        digits = "".join(nonblank)
        budget = [MAX_OPTIONS * 5]
        if group:
            memo: dict[tuple[str, int], list[Option]] = {}
            found = _grouped(digits, n // group, group, holds or (lambda _o: True), budget, memo)
            if not found and budget[0] >= 0 and n == group:
                # No split adds up (a row that fills only 总计): every split, for the
                # column rules to weigh.
                found = list(_spread(digits, n, budget))
        else:
            found = list(_spread(digits, n, budget))
        if budget[0] < 0:
            return None
        out.update(found)
    return sorted(o for o in out if all(_FIGURE.fullmatch(c) or not c.isdigit() for c in o))


def _grouped(
    digits: str, groups: int, size: int, holds: Callable[[Option], bool], budget: list[int],
    memo: dict[tuple[str, int], list[Option]],
) -> list[Option]:
    """Splits of a digit string over ``groups`` groups of ``size`` columns, every group
    satisfying ``holds`` (checked as soon as the group is filled)."""
    if groups == 0:
        return [()] if not digits else []
    key = (digits, groups)
    if key in memo:
        return memo[key]
    out: list[Option] = []
    for cut in [len(digits)] if groups == 1 else range(len(digits) + 1):
        head, rest = digits[:cut], digits[cut:]
        if len(rest) > (groups - 1) * size * 12:  # no count has a dozen digits
            continue
        heads = [("",) * size] if not head else [
            o for o in _spread(head, size, budget) if holds(o)
        ]
        if budget[0] < 0:
            break
        if not heads:
            continue
        tails = _grouped(rest, groups - 1, size, holds, budget, memo)
        out.extend(h + t for h in heads for t in tails)
        if len(out) > MAX_OPTIONS:
            budget[0] = -1
            break
    memo[key] = out
    return out


def ambiguous(path: str, candidates: Iterable[Any]) -> dict[str, Any]:
    """The finding for a cell left blank because its figure is not determined."""
    listed = sorted({c for c in candidates}, key=lambda c: (c is None, str(c)))
    return {
        "rule": "cell.ambiguous",
        "ok": False,
        "expected": None,
        "found": listed[:MAX_LISTED],
        "path": path,
    }


def _shown(text: str) -> Any:
    if not text:
        return None
    return to_number(text) if classify(text) is CellKind.NUMBER else text


def consensus(
    options: Sequence[Option], fields: Sequence[str], where: str,
    findings: list[dict[str, Any]], every: Sequence[Option] | None = None,
) -> list[str]:
    """The cells all ``options`` agree on, blank (with a finding) elsewhere.  With no
    options left, every cell is blank and its candidates come from ``every``."""
    n = len(fields)
    if len(options) == 1:
        return list(options[0])
    source = options or every or ()
    out: list[str] = []
    for j in range(n):
        seen = {o[j] for o in source}
        if options and len(seen) == 1:
            out.append(next(iter(seen)))
        else:
            out.append("")
            findings.append(ambiguous(f"{where}.{fields[j]}", map(_shown, seen)))
    return out


# ----------------------------------------------------------------- section 二
def solve_free(
    options: Sequence[Option], fields: Sequence[str], where: str,
    findings: list[dict[str, Any]],
) -> list[str]:
    """A row no equality checks: read only what every option agrees on."""
    return consensus(options, fields, where, findings)


# ----------------------------------------------------------------- section 四
def solve_appeals(
    options: Sequence[Option], groups: Sequence[str], fields: Sequence[str],
    findings: list[dict[str, Any]],
) -> list[str]:
    """Section 四's 15 cells: the options whose every group adds up to its 总计."""
    if len(options) == 1:  # the document says: a failed rule is a finding, not a doubt
        return list(options[0])
    size = len(fields)

    def holds(o: Option) -> bool:
        for g in range(len(groups)):
            cells = [value_of(c) for c in o[g * size:(g + 1) * size]]
            if sum(cells[:-1]) != cells[-1]:
                return False
        return True

    viable = [o for o in options if holds(o)]
    names = [f"{g}.{f}" for g in groups for f in fields]
    return consensus(viable, names, "appeals", findings, options)


# ----------------------------------------------------------------- section 三
_FRAME = ("new", "carried_over", "total", "carried_forward")


def _vector(option: Option) -> Vector:
    return tuple(value_of(c) for c in option)


def _row_total_holds(v: Vector) -> bool:
    return sum(v[:-1]) == v[-1]


def solve_applications(
    rows: dict[str, list[Option]], fields: Sequence[str], findings: list[dict[str, Any]],
) -> dict[str, list[str]]:
    """Section 三's rows (key -> options; a certain row has one), resolved by the rules."""
    unsure = {k for k, opts in rows.items() if len(opts) != 1}
    if not unsure:
        return {k: list(opts[0]) for k, opts in rows.items()}
    n = len(fields)
    # Vectors each row may take: an uncertain row's own row total must hold.
    # (A row no option of which adds up, e.g. one that fills only 总计, is left to
    # the column rules.)
    vectors: dict[str, dict[Vector, list[Option]]] = {}
    for key, opts in rows.items():
        by: dict[Vector, list[Option]] = {}
        for o in opts:
            by.setdefault(_vector(o), []).append(o)
        if key in unsure and any(_row_total_holds(v) for v in by):
            by = {v: o for v, o in by.items() if _row_total_holds(v)}
        vectors[key] = by
    results = [k for k in RESULT_ROWS if k in rows]
    frame = [k for k in _FRAME if k in rows]
    every = tuple(range(n))
    viable, gave_up = _search(rows, unsure, vectors, results, frame, every)
    if not gave_up and not any(viable[k] for k in unsure):
        # The report breaks a column rule (or several): a column whose rules no
        # reading satisfies says nothing about where the figures go; the others still
        # do.  (Columns are independent in the rules, not in the options.)
        holding: list[int] = []
        for j in every:
            found, stop = _search(rows, unsure, vectors, results, frame, (j,))
            if not stop and any(found[k] for k in unsure):
                holding.append(j)
        if holding and len(holding) < n:
            viable, gave_up = _search(rows, unsure, vectors, results, frame, tuple(holding))
    if gave_up or not any(viable[k] for k in unsure):
        # No reading satisfies every rule: the report breaks one.  A row is still read
        # when a single option satisfies its own row total.
        viable = {
            k: set(v) if len(v) == 1 and _row_total_holds(next(iter(v))) else set()
            for k, v in vectors.items()
        }
    out: dict[str, list[str]] = {}
    for key, opts in rows.items():
        if key not in unsure:
            out[key] = list(opts[0])
            continue
        kept = [o for v in viable[key] for o in vectors[key][v]]
        out[key] = consensus(sorted(kept), fields, f"applications.{key}", findings, opts)
    return out


def _search(
    rows: dict[str, list[Option]], unsure: set[str],
    vectors: dict[str, dict[Vector, list[Option]]], results: list[str], frame: list[str],
    kept: tuple[int, ...],
) -> tuple[dict[str, set[Vector]], bool]:
    """The vectors each row may take under the column rules of the columns ``kept``
    (the results rule and the balance, per column); and whether the search gave up."""
    def cut(v: Vector) -> Vector:
        return tuple(v[j] for j in kept)

    # Each row's vectors seen through the kept columns (several may look alike).
    seen: dict[str, dict[Vector, set[Vector]]] = {}
    for key, by in vectors.items():
        view: dict[Vector, set[Vector]] = {}
        for v in by:
            view.setdefault(cut(v), set()).add(v)
        seen[key] = view
    projected = {k: dict.fromkeys(view) for k, view in seen.items()}
    zero: Vector = (0.0,) * len(kept)
    viable: dict[str, set[Vector]] = {k: set() for k in rows}
    results_involved = "total" in rows and bool("total" in unsure or unsure & set(results))
    balance_involved = "total" in rows and bool(unsure & set(frame)) and (
        "new" in rows or "carried_over" in rows or "carried_forward" in rows
    )
    frame_choices = [list(projected[k]) for k in frame]
    if math.prod(len(c) for c in frame_choices) > MAX_OPTIONS:
        frame_choices = []
    for combo in itertools.product(*frame_choices) if frame_choices else ():
        chosen = dict(zip(frame, combo, strict=True))
        if balance_involved:
            new, over = chosen.get("new", zero), chosen.get("carried_over", zero)
            total, forward = chosen["total"], chosen.get("carried_forward", zero)
            if any(a + b != c + d for a, b, c, d in zip(new, over, total, forward, strict=True)):
                continue
        if results_involved:
            found = _results(results, projected, chosen["total"], unsure)
            if found is None:
                return viable, True
        else:
            found = {k: set(projected[k]) for k in results}
        if any(not found[k] for k in results):
            continue
        for k in results:
            viable[k] |= found[k]
        for k, v in chosen.items():
            viable[k].add(v)
    if not frame:  # no frame rows: results cannot be checked; only row totals
        for k in results:
            viable[k] = set(projected[k])
    # Back to whole vectors.
    return {k: {v for p in ps for v in seen[k][p]} for k, ps in viable.items()}, False


def _results(
    results: list[str], vectors: dict[str, dict[Vector, Any]],
    target: Vector, unsure: set[str],
) -> dict[str, set[Vector]] | None:
    """For each result row, the vectors it may take so that the result rows sum to
    ``target`` (None: the search grew too large)."""
    fixed = [k for k in results if k not in unsure]
    free = [k for k in results if k in unsure]
    rest = list(target)
    for k in fixed:
        (v,) = vectors[k]
        rest = [a - b for a, b in zip(rest, v, strict=True)]
    goal = tuple(rest)
    out: dict[str, set[Vector]] = {k: set(vectors[k]) for k in fixed}
    if not free:
        ok = all(abs(x) < 1e-9 for x in goal)
        return {k: (s if ok else set()) for k, s in out.items()}
    if any(x < 0 for x in goal):
        return {k: set() for k in results}

    def fits(s: Sequence[float]) -> bool:
        return all(a <= b + 1e-9 for a, b in zip(s, goal, strict=True))

    add: Callable[[Vector, Vector], Vector] = lambda a, b: tuple(  # noqa: E731
        x + y for x, y in zip(a, b, strict=True)
    )
    zero: Vector = (0.0,) * len(goal)
    forward: list[set[Vector]] = [{zero}]
    for k in free:
        nxt = {s2 for s in forward[-1] for v in vectors[k] if fits(s2 := add(s, v))}
        if len(nxt) > MAX_STATES:
            return None
        forward.append(nxt)
    backward: list[set[Vector]] = [set() for _ in free] + [{zero}]
    for i in range(len(free) - 1, -1, -1):
        nxt = {s2 for s in backward[i + 1] for v in vectors[free[i]] if fits(s2 := add(s, v))}
        if len(nxt) > MAX_STATES:
            return None
        backward[i] = nxt
    for i, k in enumerate(free):
        keep: set[Vector] = set()
        after = backward[i + 1]
        for v in vectors[k]:
            for s in forward[i]:
                need = tuple(g - a - b for g, a, b in zip(goal, s, v, strict=True))
                if need in after:
                    keep.add(v)
                    break
        out[k] = keep
    return out
