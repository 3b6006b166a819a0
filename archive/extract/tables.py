"""Reading the three template tables from a document's lines.

The same walk serves every format.  Within a section, cells are either label
text or values (numbers, blanks, or text such as ``/`` standing in for a
number).  Label text accumulates until values start; the accumulated label then
names the row those values belong to (a *run*).  A run ends when the next label
arrives or its line ends with enough values.  This copes with labels wrapped over
several lines (``商 业 企`` / ``业``), values on a line of their own, tables
flattened to one cell per line and tables split over PDF pages.  Section 三 rows
come in the template's order, so an unlabelled run takes the next row.
"""

from __future__ import annotations

import math
import re
import statistics
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from .columns import ACTIVE, APPLICANTS, header_by_position, header_columns
from .document import Line
from .labels import (
    ACTIVE_ROWS,
    APPEAL_FIELDS,
    APPEAL_GROUPS,
    APPLICATION_ROWS,
    RowSpec,
    fold,
)
from .memo import memo
from .numbers import CellKind, classify, normalize
from .solve import Option, is_blob, row_options, row_total_holds

_TEXT, _EMPTY = CellKind.TEXT, CellKind.EMPTY

#: How a short text row may sit in its columns (:func:`short_variants`).
ANCHORED, MERGED, FLOATING = "anchored", "merged", "floating"


def _from_right(n: int) -> list[float]:
    return [float(i - n) for i in range(n)]


_FROM_RIGHT = [_from_right(n) for n in range(64)]
_UNKNOWN = [[math.nan] * n for n in range(64)]


_CELLS: dict[str, tuple[str, CellKind, str]] = memo({})


def cell_info(raw: str) -> tuple[str, CellKind, str]:
    """A cell's normalized text, its kind, and (for labels) its folded text.
    Cells repeat (``0``, the template's labels): they are remembered."""
    info = _CELLS.get(raw)
    if info is None:
        if raw.isdigit() and raw.isascii():  # a plain count, as most are
            info = (raw, CellKind.NUMBER, "")
        else:
            text = normalize(raw)
            kind = classify(text)
            info = (text, kind, fold(text) if kind is CellKind.TEXT else "")
        if len(_CELLS) > 50_000:
            _CELLS.clear()
        _CELLS[raw] = info
    return info


@dataclass(slots=True)
class Run:
    """Consecutive value cells and the label text that introduced them."""

    spec: RowSpec | None
    label: str
    values: list[str] = field(default_factory=list)
    xs: list[float] = field(default_factory=list)
    #: Positions of the cells of the last all-label line before the run (its header).
    header: list[float] = field(default_factory=list)
    #: The figures came glued to the label (``行政规范性文件8855698``): they may be
    #: several figures run together.
    glued: bool = False
    #: A text line of the run is shorter than its table's full-width lines: it lost
    #: blank cells at its end (text dumps strip lines), so its last figures may stand
    #: before blank columns, and a blank after its label may be a merged cell's.
    short: bool = False
    #: The short line starts with a blank cell: it lost blanks at its end only.
    start_kept: bool = False
    #: The label cells before the figures, folded (a header among them names the
    #: columns: :mod:`.columns`).
    cells: list[str] = field(default_factory=list)
    #: Where each of ``cells`` stands (PDF), else NaN.
    cell_xs: list[float] = field(default_factory=list)

    def filled(self) -> int:
        """How many cells up to the last non-blank one."""
        n = len(self.values)
        while n and not self.values[n - 1]:
            n -= 1
        return n


Identify = Callable[[str], RowSpec | None]


def collect_runs(
    lines: Sequence[Line],
    identify: Identify,
    width: Callable[[RowSpec | None], int],
    on_close: Callable[[Run], None],
    bare_labels: bool = False,
    plain: bool = False,
) -> None:
    """Group a section's cells into runs of values, each with its label.

    ``identify`` names the row of a run when its first value arrives;
    ``on_close`` receives each run when it ends, before the next one starts.
    With ``bare_labels``, a PDF line holding only a row's label is that row with
    blank cells (a PDF keeps no trace of blank cells), and so is a text line holding
    only a row's label when another label, not a figure, comes next.  With ``plain``
    (a plain-text document), a line that kept blank cells but is shorter than the
    table's full-width lines marks its run ``short``.
    """
    pending: list[str] = []
    pending_xs: list[float] = []  # where each pending cell stands (PDF), else NaN
    run: Run | None = None
    # The open run's lists, appended to directly (this loop sees every cell).
    values: list[str] = []
    positions: list[float] = []
    header: list[float] = []
    #: A row's label alone on a line of text: a blank row unless figures follow.
    bare: tuple[RowSpec, str] | None = None
    known = _CELLS
    full, widest, separated, ends_kept = (
        _text_widths(lines) if plain else (0, 0, False, True)
    )
    short = False  # the current line is a short text line
    for line in lines:
        cells = line.cells
        # Horizontal positions: PDF coordinates; else, in a line that kept its blank
        # cells (its separators survived), the cell's place from the right end of its
        # row (rows of one table end in their value columns); else unknown (NaN).
        # A text line may be *short*: it ends in a figure, has fewer cells than the
        # table's widest lines, and either the text's lines lost the blank cells at
        # their ends (no line of the table ends in one) or it has fewer cells than
        # the table's full-width lines.  Where its figures stand is then unknown.
        n_cells = len(cells)
        short = (
            separated and 1 < n_cells < widest and bool(cells[-1])
            and (not ends_kept or n_cells < full)
        )
        if line.xs:
            xs = line.xs
        elif "" in cells and not short:
            xs = _FROM_RIGHT[n_cells] if n_cells < 64 else _from_right(n_cells)
        else:
            xs = _UNKNOWN[n_cells] if n_cells < 64 else [math.nan] * n_cells
        if short and run is not None:
            run.short = True
        blanks: list[float] = []  # blank cells since the last label on this line
        line_labels: list[str] = []
        for i, raw in enumerate(cells):
            if raw:
                text, kind, folded = known.get(raw) or cell_info(raw)
            else:
                kind = _EMPTY
            if kind is _TEXT and folded[-1:].isdigit() and (m := _GLUED.match(folded)):
                # A label with its figures run onto it: a run of its own.
                if run is not None and run.filled():
                    on_close(run)
                    run = None
                label = "".join(pending) + m[1]
                spec = identify(label) if run is None else None
                if spec is not None:
                    run = Run(spec, label, [m[2]], [xs[i]], header, glued=True,
                              cells=[*pending, m[1]],
                              cell_xs=[*pending_xs, line.xs[i] if line.xs else math.nan])
                    pending, pending_xs = [], []
                    line_labels.append(m[1])
                    values, positions = run.values, run.xs
                    blanks = []
                    continue
            if kind is _TEXT:
                if run is not None and run.filled():
                    on_close(run)
                    run = None
                if bare is not None:
                    # A row's label alone on its line, then another label: a blank row.
                    on_close(_blank_run(*bare))
                    pending, pending_xs = [], []
                    bare = None
                pending.append(folded)
                pending_xs.append(line.xs[i] if line.xs else math.nan)
                line_labels.append(folded)
                blanks = []
            elif kind is _EMPTY:
                if run is not None:
                    values.append("")
                    positions.append(xs[i])
                else:
                    blanks.append(xs[i])
            else:
                bare = None
                if run is None:
                    label = "".join(pending)
                    run = Run(identify(label), label, [""] * len(blanks), blanks, header,
                              short=short, start_kept=short and not cells[0], cells=pending,
                              cell_xs=pending_xs)
                    pending, pending_xs = [], []
                    values, positions = run.values, run.xs
                    blanks = []
                values.append(text)
                positions.append(xs[i])
        if line_labels and len(line_labels) == len(cells) > 1:
            header = xs
        if (bare_labels and run is None and line.xs is None and len(cells) == 1
                and line_labels and (spec := identify(line_labels[0])) is not None
                and _names_only(spec, line_labels[0])):
            bare = (spec, line_labels[0])
        if run is not None and len(values) >= width(run.spec):
            on_close(run)
            run = None
        elif run is None and line_labels and (blanks or (bare_labels and line.xs)):
            # A labelled row whose cells are all blank: its own label must name it.
            label = "".join(line_labels)
            spec = identify(label)
            if spec is None:
                continue
            n = len(spec.fields)
            if len(blanks) >= n:
                on_close(Run(spec, label, [""] * len(blanks), blanks, cells=pending,
                             cell_xs=pending_xs))
                pending, pending_xs = [], []
            elif bare_labels and line.xs and not blanks and _names_only(spec, label):
                on_close(Run(spec, label, [""] * n, [0.0] * n, cells=pending,
                             cell_xs=pending_xs))
                pending, pending_xs = [], []
    if run is not None and run.values:
        on_close(run)
    elif run is None and bare is not None:
        on_close(_blank_run(*bare))


def _text_widths(lines: Sequence[Line]) -> tuple[int, int, bool, bool]:
    """Of a section's text lines of several cells: the cell count of its full-width
    lines (the most common count) and of its widest, whether any line kept blank cells
    (its separators survived), and whether any ends in a blank cell (lines kept their
    ends: the text was not stripped)."""
    counts: dict[int, int] = {}
    separated = ends_kept = False
    for line in lines:
        cells = line.cells
        n = len(cells)
        if line.xs is None and n > 1:
            counts[n] = counts.get(n, 0) + 1
            if "" in cells:
                separated = True
                ends_kept = ends_kept or not cells[-1]
    if not separated:
        return 0, 0, False, True
    return max(counts, key=lambda n: (counts[n], n)), max(counts), True, ends_kept


def _blank_run(spec: RowSpec, label: str) -> Run:
    n = len(spec.fields)
    return Run(spec, label, [""] * n, [math.nan] * n)


#: Label text with digits run onto its end (``行政规范性文件8855698``).
_GLUED = re.compile(r"^(.*[^\d.,，])(\d+(?:\.\d+)?)$")


def _names_only(spec: RowSpec, label: str) -> bool:
    """Whether a label is just the row's name (give or take a few characters)."""
    m = spec.pattern.search(label)
    return m is not None and len(label) - (m.end() - m.start()) <= 3


def fit(
    run: Run, n: int, columns: list[float] | None = None, anchor: str = ANCHORED
) -> list[str] | None:
    """Exactly ``n`` cells from a run: blanks kept in place, extra cells dropped;
    None when fewer figures than columns arrived and nothing says where they go."""
    values = run.values
    if run.short:
        variants = short_variants(values, n, anchor, run.start_kept)
        if len(variants) == 1:
            return list(variants[0])
        if variants:
            return None  # options() weighs them
    if len(values) == n:
        return list(values)
    if columns is None and len(run.header) == n + 1:
        columns = run.header[1:]  # 信息内容 | the n column headers
    filled = values[: run.filled()]
    nonblank = [(v, x) for v, x in zip(values, run.xs, strict=True) if v]
    if columns and len(nonblank) < n and not any(math.isnan(x) for _v, x in nonblank):
        # Blanks left no trace (PDF): put each value under the nearest column.
        out = [""] * n
        for value, x in nonblank:
            j = min(range(n), key=lambda k: abs(columns[k] - x))
            if out[j]:
                break
            out[j] = value
        else:
            return out
    if len(filled) >= n:
        return list(filled[-n:])
    if run.glued or "" not in values:
        # No separator survived between the figures: their columns are unknown.
        return None
    # Separators kept the blank cells between figures: only trailing ones are lost.
    start = 0
    while start < len(values) and not values[start]:
        start += 1
    rest = values[start:]
    if len(rest) >= n:
        return list(rest[:n])
    return list(values[:n]) + [""] * (n - len(values))


def short_variants(
    values: Sequence[str], n: int, anchor: str = ANCHORED, start_kept: bool = False
) -> list[Option]:
    """The readings of a text row that lost blank cells at an end (its inner blanks
    kept), by how the template's grid anchors it:

    - ``ANCHORED``: the label is one column and the first cell after it is the first
      column (section 二);
    - ``MERGED``: the label may be merged over several columns, whose covered cells
      read as blanks after it: 0..all of the blanks after the label may be those
      (section 三);
    - ``FLOATING``: no label anchors the row, and it may have lost blanks at either
      end: every offset (section 四's row of figures), or the first column when the
      line kept its start (``start_kept``).
    """
    lead = 0
    while lead < len(values) and not values[lead]:
        lead += 1
    out: set[Option] = set()
    for d in range(lead + 1 if anchor == MERGED else 1):
        cells = list(values[d:])
        while len(cells) > n and not cells[-1]:
            cells.pop()
        floating = anchor == FLOATING and not start_kept
        if floating:
            while cells and not cells[0]:
                cells.pop(0)
        if len(cells) > n:
            continue
        for at in range(n - len(cells) + 1 if floating else 1):
            out.add(tuple([""] * at + cells + [""] * (n - len(cells) - at)))
    return sorted(out)


def options(
    run: Run, n: int, columns: list[float] | None = None,
    group: int | None = None, holds: Callable[[Option], bool] | None = None,
    anchor: str = ANCHORED,
) -> list[Option]:
    """The ways a run's figures may fill ``n`` columns: one when :func:`fit` knows.
    Run-together digits are split in groups of ``group`` columns that satisfy
    ``holds`` (the group's 勾稽 rule); a short text row reads as its
    :func:`short_variants` by ``anchor``."""
    cells = fit(run, n, columns, anchor)
    if cells is not None:
        return [tuple(cells)]
    if run.short and (variants := short_variants(run.values, n, anchor, run.start_kept)):
        return variants
    nonblank = [v for v in run.values if v]
    blob = run.glued or (len(nonblank) == 1 and is_blob(nonblank[0]))
    return row_options(nonblank, n, blob and n > 1, group, holds) or []


def _column_centres(runs: list[Run], n: int) -> list[float] | None:
    """Median x of each column over runs whose ``n`` cells are all known: runs of
    exactly ``n`` cells (blanks included) or with ``n`` non-blank cells."""
    known: list[list[float]] = []
    for r in runs:
        if len(r.values) == n:
            xs = r.xs
        else:
            xs = [x for v, x in zip(r.values, r.xs, strict=True) if v]
            if len(xs) != n:
                continue
        if any(math.isnan(x) for x in xs):
            continue
        known.append(xs)
    if not known:
        return None
    return [statistics.median(xs[k] for xs in known) for k in range(n)]


# ----------------------------------------------------------------- sections
_LITERAL = re.compile(r"[^\\.^$*+?{}\[\]()|]+")


@dataclass(slots=True)
class _RowIndex:
    """How labels name the rows of one tuple of specs, remembered across documents.

    Labels repeat from report to report (the template's wording), so the rows a
    label names, and where it names them, are worked out once per label text."""

    specs: tuple[RowSpec, ...]
    #: First character -> ``(word, row index)`` for every literal alternative of the
    #: rows' patterns starting with it, so that a row is found with ``rfind`` rather
    #: than a regular expression, and only the words whose first character the label
    #: holds are looked for (a few of about eighty).
    keywords: dict[str, tuple[tuple[str, int], ...]]
    #: The rows whose pattern is not a plain alternation of words: found by the regex.
    patterned: tuple[int, ...]
    #: label -> the rows it names as ``(where, row index)``, best first.
    named: dict[str, tuple[tuple[int, int], ...]]
    #: The first characters of ``keywords``.
    firsts: frozenset[str] = frozenset()

    def __post_init__(self) -> None:
        self.firsts = frozenset(self.keywords)

    def names(self, label: str) -> tuple[tuple[int, int], ...]:
        """The rows ``label`` names, each with where its name starts in the label (the
        last occurrence), best first: named latest, then earliest in the template."""
        found = self.named.get(label)
        if found is not None:
            return found
        hits: list[tuple[int, int]] = []
        keywords = self.keywords
        for first in self.firsts.intersection(label):
            for word, index in keywords[first]:
                at = label.rfind(word)
                if at >= 0:
                    hits.append((at, index))
        for index in self.patterned:
            pattern = self.specs[index].pattern
            if pattern.search(label) is None:  # (most labels: no iterator to make)
                continue
            m = None
            for m in pattern.finditer(label):  # noqa: B007 - keep the last
                pass
            if m is not None:
                hits.append((m.start(), index))
        # (The order of the hits above does not matter: each is a distinct pair or an
        # equal one, and the sort decides.)
        hits.sort(key=lambda hit: (-hit[0], hit[1]))
        found = tuple(hits)
        if len(self.named) > 20_000:
            self.named.clear()
        self.named[label] = found
        return found


def _build_index(specs: tuple[RowSpec, ...], named: dict[str, tuple[tuple[int, int], ...]]
                 ) -> _RowIndex:
    keywords: dict[str, list[tuple[str, int]]] = {}
    patterned: list[int] = []
    for i, spec in enumerate(specs):
        words = spec.pattern.pattern.split("|")
        if all(_LITERAL.fullmatch(w) for w in words):
            for w in words:
                keywords.setdefault(w[0], []).append((w, i))
        else:
            patterned.append(i)
    return _RowIndex(specs, {k: tuple(v) for k, v in keywords.items()}, tuple(patterned), named)


#: The index of each of the module's tuples of specs, built once, like a compiled
#: pattern (keyed by identity: hashing a tuple of specs on every call costs more); the
#: rows each label names are remembered across documents (:mod:`.memo`).
_INDEXES: dict[int, _RowIndex] = {
    id(specs): _build_index(specs, memo({}))
    for specs in (*ACTIVE_ROWS.values(), *APPLICATION_ROWS.values())
}


def _row_index(specs: tuple[RowSpec, ...]) -> _RowIndex:
    """The :class:`_RowIndex` of ``specs`` (built for the call when they are not one of
    the module's tuples)."""
    index = _INDEXES.get(id(specs))
    if index is None or index.specs is not specs:
        return _build_index(specs, {})
    return index


def read_rows(
    lines: Sequence[Line], specs: tuple[RowSpec, ...], sequential: bool,
    holds: Callable[[Option], bool] | None = None, text: bool = False,
    em: float | None = None,
) -> dict[str, tuple[list[Option], str]]:
    """Rows of a section as ``key -> (options, label)``, in template order: the
    options are the ways its cells may read (one when the document says).

    With ``sequential`` the rows must come in template order and a run whose
    label names no row is taken as the next row (section 三); otherwise any
    row not yet seen may come next and unlabelled runs are ignored (section 二).
    """
    order = {spec.key: i for i, spec in enumerate(specs)}
    last = -1
    assigned: dict[str, Run] = {}
    names = _row_index(specs).names

    def identify(label: str) -> RowSpec | None:
        # The row named latest in the label (the earliest in the template on a tie),
        # among rows still to come.
        first = last + 1 if sequential else 0
        for _at, index in names(label):
            if index >= first and specs[index].key not in assigned:
                return specs[index]
        return None

    def width(spec: RowSpec | None) -> int:
        return len((spec or specs[0]).fields)

    def on_close(run: Run) -> None:
        nonlocal last
        spec = run.spec
        if spec is None and sequential and last + 1 < len(specs):
            spec = specs[last + 1]
        if spec is None or spec.key in assigned:
            return
        run.spec = spec
        assigned[spec.key] = run
        last = max(last, order[spec.key])

    collect_runs(lines, identify, width, on_close, bare_labels=not sequential,
                 plain=text)

    out: dict[str, tuple[list[Option], str]] = {}
    centres: dict[tuple[int, tuple[str, ...] | None], list[float] | None] = {}
    # Blank cells after a label may be a merged label's covered cells only when some
    # row shows them: more cells after its label than the row has columns.
    merged = any(len(r.values) > len(r.spec.fields) for r in assigned.values() if r.spec)
    # The columns each row's header names, in document order: a header holds for the
    # rows after it until the next one.
    vocab = APPLICANTS if sequential else ACTIVE
    heads: dict[str, tuple[str, ...]] = {}
    places: dict[str, list[float]] = {}  # a PDF header's column positions
    current: tuple[str, ...] | None = None
    current_xs: list[float] | None = None
    tolerance = 0.8 * (em or 10.0)
    for key, run in assigned.items():
        fields = run.spec.fields if run.spec else ()
        # (A header is cells of its own before the row's label: at least two cells.)
        placed = (
            header_by_position(run.cells, run.cell_xs, vocab, fields, tolerance)
            if len(run.cells) > 1 and any(x == x for x in run.cell_xs) else None
        )
        if placed:
            current = tuple(f for f, _ in placed)
            current_xs = [x for _, x in placed]
        elif len(run.cells) > 1 and (found := header_columns(run.cells, vocab, fields)):
            current, current_xs = found, None
        if not current or current == fields or not set(current) <= set(fields):
            continue
        if current_xs is not None and not all(
            any(abs(x - c) <= tolerance for c in current_xs)
            for v, x in zip(run.values, run.xs, strict=True) if v
        ):
            continue  # a figure under no column the header names: the header is wrong
        heads[key] = current
        if current_xs is not None:
            places[key] = current_xs
    for spec in specs:
        run = assigned.get(spec.key)
        if run is None:
            continue
        n = len(spec.fields)
        anchor = MERGED if sequential and merged else ANCHORED
        named = heads.get(spec.key)
        k = len(named) if named else n
        columns = places.get(spec.key)
        if columns is None and len(run.values) != k:  # only then does fit() need them
            if (k, named) not in centres:
                same = [r for key, r in assigned.items() if r.spec and heads.get(key) == named
                        and len(r.spec.fields) == n]
                centres[k, named] = _column_centres(same, k)
            columns = centres[k, named]
        if named:
            out[spec.key] = (
                _under_header(run, spec.fields, named, columns, holds, anchor), run.label
            )
            continue
        out[spec.key] = (
            options(run, n, columns, n if holds else None, holds, anchor), run.label
        )
    return out


def _under_header(
    run: Run, fields: tuple[str, ...], named: tuple[str, ...], columns: list[float] | None,
    holds: Callable[[Option], bool] | None, anchor: str,
) -> list[Option]:
    """A run's options when its header names ``named`` (some of ``fields``, in the
    order printed): read in the header's columns, then each figure under its field."""
    where = [fields.index(f) for f in named]

    def expand(option: Option) -> Option:
        cells = [""] * len(fields)
        for value, j in zip(option, where, strict=True):
            cells[j] = value
        return tuple(cells)

    k = len(named)
    check = (lambda o: holds(expand(o))) if holds else None
    return [expand(o) for o in options(run, k, columns, k if holds else None, check, anchor)]


def read_active(
    lines: Sequence[Line], template: str, text: bool = False, em: float | None = None,
) -> dict[str, tuple[list[Option], str]]:
    return read_rows(lines, ACTIVE_ROWS[template], sequential=False, text=text, em=em)


def read_applications(
    lines: Sequence[Line], template: str, text: bool = False, em: float | None = None,
) -> dict[str, tuple[list[Option], str]]:
    return read_rows(lines, APPLICATION_ROWS[template], sequential=True, holds=row_total_holds,
                     text=text, em=em)


_NO_LABEL = re.compile("")  # compiled once, not per document


def read_appeals(
    lines: Sequence[Line], em: float | None = None, text: bool = False
) -> list[Option] | None:
    """The ways section 四's 15 cells may read, in template order; None when absent."""
    n = len(APPEAL_GROUPS) * len(APPEAL_FIELDS)
    spec = RowSpec("appeals", _NO_LABEL, ("",) * n)
    runs: list[Run] = []
    collect_runs(lines, lambda _label: spec, lambda _spec: n, runs.append, plain=text)
    runs = [r for r in runs if r.filled()]
    if not runs:
        return None
    # The table printed in two parts (行政复议, then 行政诉讼, each under its own
    # header): their figures, in order, fill the 15 columns.
    first = runs[0]
    taken = len(first.values)
    for more in runs[1:]:
        if taken >= n or taken + len(more.values) > n or more.glued or first.glued:
            break
        first = Run(spec, first.label, first.values + more.values, first.xs + more.xs)
        taken = len(first.values)
    runs[0] = first
    if text and len(first.values) < n and not first.glued and not first.short:
        # Fewer cells than columns in text that lost the blanks at its lines' ends:
        # which end of the row lost them is unknown.
        _full, _widest, separated, ends_kept = _text_widths(lines)
        first.short = separated and not ends_kept and bool(first.values[-1])
    size = len(APPEAL_FIELDS)
    return options(runs[0], n, _appeal_columns(lines, n, em), size, row_total_holds, FLOATING)


_GROUP_HEADER = re.compile(r"复议|诉讼|起诉")


def _appeal_columns(lines: Sequence[Line], n: int, em: float | None) -> list[float] | None:
    """Section 四's 15 column positions from its header cells (PDF only): the x of
    every header cell but the group headers, clustered within most of a character's
    height (``em``: the document's typical character height)."""
    xs: list[float] = []
    for line in lines:
        if line.xs is None:
            return None
        kinds = [cell_info(c)[1] for c in line.cells]
        if any(k is not _TEXT and k is not _EMPTY for k in kinds):
            break
        xs.extend(
            x for c, x in zip(line.cells, line.xs, strict=True)
            if c and not _GROUP_HEADER.search(c)
        )
    xs.sort()
    clusters: list[list[float]] = []
    for x in xs:
        if clusters and x - clusters[-1][-1] <= 0.8 * (em or 10.0):
            clusters[-1].append(x)
        else:
            clusters.append([x])
    if len(clusters) != n:
        return None
    return [statistics.median(c) for c in clusters]
