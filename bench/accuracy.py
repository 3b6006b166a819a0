"""Extraction accuracy: the fixture corpus, plus reports generated and mutated here.

    .venv/bin/python bench/accuracy.py [--reports 12] [--pdf 4] [--doc 4] [--scans 1] [--seed 7]

Prints, per group (format or layout, and template), and per total and template, how
many documents come back fully right, how many cells are right, how many figures are
*wrong* rather than null (a null where the document does not decide is honest; a
wrong figure is not), and how many documents have their failed 勾稽 checks exactly
right.

- ``corpus``: every report in tests/fixtures/reports against its hand-checked truth
  (``real`` = real documents: the seeds and the real WPS PDF);
- generated reports (``tests/support/reportgen``, realistic blanks, rows dropped, both
  templates, consistent and not; every third with its columns reordered or some left
  out, titles with and without 年度) rendered as portal HTML (four CMS styles, and
  ``trs_portal``: a TRS page whose left column lists other bodies' and years'
  reports), DOCX, text with tabs and markdown (``txt``), and text dumps whose grid was
  lost: lines stripped of their end blanks, one cell per line, space-separated,
  figures run together (``lost-stripped``, ``-cells``, ``-spaces``, ``-glued``)
  (``lost-*``: a blank cell leaves no trace there, so a figure whose column only a
  blank could tell stays null; their goal is no wrong figure, and they are totalled
  apart as ``lost-grid``);
- ``pdf-<font>-<page>``: DOCX through LibreOffice in two CJK font families and two
  page sizes (``--pdf`` reports each; 0 to skip, it takes a minute or two);
- ``doc``: DOCX saved as DOC (Word 97) by LibreOffice and read back through its
  conversion (``--doc``);
- ``scan``: PDFs rasterised, skewed and noised, read by OCR (``--scans``; slow).

Goals: 100% on real documents; on generated ones ≥ 99.5% of cells and ≥ 97% of
documents right; no wrong figure anywhere.  A script, not a test.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from archive.extract import ExtractError, extract_report  # noqa: E402
from tests.support import render as R  # noqa: E402
from tests.support import reportgen as G  # noqa: E402

CORPUS = ROOT / "tests" / "fixtures" / "reports"
SECTIONS = ("active", "applications", "appeals")
FONTS = {"noto": "Noto Sans CJK SC", "wqy": "WenQuanYi Zen Hei"}
PAGES = ("A4", "B5")


@dataclass
class Score:
    docs: int = 0
    exact: int = 0
    cells: int = 0
    right: int = 0
    wrong: int = 0
    checks_right: int = 0

    def add(self, other: Score) -> None:
        for name in vars(self):
            setattr(self, name, getattr(self, name) + getattr(other, name))


def _leaves(tree: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for section in SECTIONS:
        for row, cells in (tree.get(section) or {}).items():
            for field, value in cells.items():
                out[f"{section}.{row}.{field}"] = value
    return out


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, bool) or isinstance(b, bool):
        return a is b
    if isinstance(a, int | float) and isinstance(b, int | float):
        return a == b
    return a == b and type(a) is type(b)


def score(truth: dict[str, Any], report: dict[str, Any] | None, want_checks: set[Any],
          kind: str = "report", want_kind: str = "report") -> Score:
    """One document: its cells (every table cell and year/body/template), checks."""
    s = Score(docs=1)
    if want_kind != "report":
        s.exact = s.checks_right = int(kind == want_kind)
        return s
    expected = _leaves(truth)
    expected |= {k: truth[k] for k in ("template", "year", "body")}
    found = _leaves(report or {})
    found |= {k: (report or {}).get(k) for k in ("template", "year", "body")}
    s.cells = len(expected)
    for path, value in expected.items():
        got = found.get(path)
        if _same(value, got):
            s.right += 1
        elif got is not None:
            s.wrong += 1
    s.wrong += sum(1 for path, got in found.items() if path not in expected and got is not None)
    s.exact = int(s.right == s.cells and s.wrong == 0)
    failed = [c for c in (report or {}).get("checks", []) if not c["ok"]]
    s.checks_right = int(_failed(failed) == want_checks)
    return s


def _extract(data: bytes) -> tuple[str, dict[str, Any] | None]:
    try:
        return "report", extract_report(data)
    except ExtractError as exc:
        return exc.kind, None


#: Findings about cells left null (their figures are scored as cells).
_UNREAD = ("cell.ambiguous", "cell.low_confidence")


def _failed(checks: list[dict[str, Any]]) -> set[Any]:
    return {
        (c["rule"], json.dumps(c["expected"]), json.dumps(c["found"]))
        for c in checks if c["rule"] not in _UNREAD
    }


def corpus(scores: dict[tuple[str, str], Score]) -> None:
    for path in sorted(CORPUS.iterdir()):
        if path.name.endswith(".json") or path.suffix in (".doc", ".wps", ".rtf"):
            continue
        truth_path = path.with_name(path.name.rsplit(".", 1)[0] + ".truth.json")
        if not truth_path.exists():
            continue
        truth = json.loads(truth_path.read_text("utf-8"))
        kind, report = _extract(path.read_bytes())
        real = path.name.startswith(("real_", "seed_"))
        template = (truth.get("report") or {}).get("template", "-")
        want = {(c["rule"], json.dumps(c["expected"]), json.dumps(c["found"]))
                for c in truth.get("failed_checks", [])}
        group = "corpus-real" if real else "corpus"
        scores[(group, template)].add(
            score(truth.get("report") or {}, report, want, kind, truth["expect"])
        )


def _cases(n: int, seed: int) -> list[tuple[dict[str, Any], Any, Any]]:
    """Generated reports as (truth, document, number style).  Every third document
    prints its columns in another order or leaves some out (``R.random_columns``);
    titles take every form of ``R.TITLE_FORMS`` (年度 in them)."""
    out = []
    for i in range(n):
        rng = random.Random(seed * 1000 + i)
        template = ("2019", "2021")[i % 2]
        report = G.random_report(rng, template, consistent=rng.random() < 0.7)
        numbers = R.NumberStyle(fullwidth=rng.random() < 0.15, thousands=rng.random() < 0.3,
                                fee_yuan=rng.random() < 0.15)
        columns = R.random_columns(rng) if i % 3 == 2 else R.Columns()
        title = R.TITLE_FORMS[i % len(R.TITLE_FORMS)]
        doc = R.build_document(report, rng, columns=columns, title=title)
        out.append((columns.truth(report), doc, numbers))
    return out


def _want(report: dict[str, Any]) -> set[Any]:
    return {
        (c["rule"], json.dumps(c["expected"]), json.dumps(c["found"]))
        for c in G.expected_failed_checks(report)
    }


def generated(scores: dict[tuple[str, str], Score], n: int, seed: int) -> None:
    for i, (truth, doc, numbers) in enumerate(_cases(n, seed)):
        rng = random.Random(i)
        renders: dict[str, bytes] = {s: R.render_html(doc, s, numbers, rng) for s in R.HTML_STYLES}
        # A county portal's page: other bodies' and years' reports listed beside it.
        renders["trs_portal"] = R.render_html(doc, "trs_gbk", numbers, rng, chrome=True)
        renders["txt"] = R.render_txt(doc, numbers, R.TxtStyle(markdown=rng.random() < 0.5))
        renders["docx"] = R.render_docx(doc, numbers)
        for layout in ("stripped", "cells", "spaces", "glued"):
            renders[f"lost-{layout}"] = R.render_flat(doc, numbers, layout)
        for name, data in renders.items():
            kind, report = _extract(data)
            scores[(name, truth["template"])].add(score(truth, report, _want(truth), kind))


def pdfs(scores: dict[tuple[str, str], Score], n: int, seed: int) -> None:
    cases = _cases(n, seed + 1)
    docx: dict[str, bytes] = {}
    for i, (_truth, doc, numbers) in enumerate(cases):
        for font, family in FONTS.items():
            for page in PAGES:
                docx[f"{i}-{font}-{page}"] = R.render_docx(doc, numbers, east_font=family,
                                                           page=page)
    for name, data in R.soffice_convert(docx, "pdf").items():
        i, font, page = name.split("-")
        truth = cases[int(i)][0]
        kind, report = _extract(data)
        scores[(f"pdf-{font}-{page}", truth["template"])].add(
            score(truth, report, _want(truth), kind)
        )


def doc_files(scores: dict[tuple[str, str], Score], n: int, seed: int) -> None:
    """DOC (Word 97) files made by LibreOffice from the DOCX, read back through its
    conversion."""
    cases = _cases(n, seed + 3)
    docx = {str(i): R.render_docx(doc, numbers) for i, (_t, doc, numbers) in enumerate(cases)}
    for name, data in R.soffice_convert(docx, "doc").items():
        truth = cases[int(name)][0]
        kind, report = _extract(data)
        scores[("doc", truth["template"])].add(score(truth, report, _want(truth), kind))


def scans(scores: dict[tuple[str, str], Score], n: int, seed: int) -> None:
    from tests.support.scan import make_scan

    cases = _cases(n, seed + 2)
    docx = {str(i): R.render_docx(doc, numbers) for i, (_t, doc, numbers) in enumerate(cases)}
    for name, data in R.soffice_convert(docx, "pdf").items():
        truth = cases[int(name)][0]
        kind, report = _extract(make_scan(data, seed=int(name)))
        scores[("scan", truth["template"])].add(score(truth, report, _want(truth), kind))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports", type=int, default=12, help="generated reports")
    parser.add_argument("--pdf", type=int, default=4, help="reports through LibreOffice")
    parser.add_argument("--doc", type=int, default=4, help="reports as DOC through LibreOffice")
    parser.add_argument("--scans", type=int, default=0, help="reports scanned and OCRed")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)
    scores: dict[tuple[str, str], Score] = defaultdict(Score)
    corpus(scores)
    generated(scores, args.reports, args.seed)
    if args.pdf:
        pdfs(scores, args.pdf, args.seed)
    if args.doc:
        doc_files(scores, args.doc, args.seed)
    if args.scans:
        scans(scores, args.scans, args.seed)
    header = (f"{'group':<18} {'tmpl':>4} {'docs':>5} {'exact':>6} {'cells right':>13} "
              f"{'%':>7} {'wrong':>5} {'checks':>7}")
    print(header)
    print("-" * len(header))
    totals: dict[str, Score] = defaultdict(Score)
    by_template: dict[tuple[str, str], Score] = defaultdict(Score)
    for (group, template), s in sorted(scores.items()):
        pct = 100 * s.right / s.cells if s.cells else 100.0
        print(f"{group:<18} {template:>4} {s.docs:>5} {s.exact:>6} {s.right:>6}/{s.cells:<6} "
              f"{pct:>6.2f}% {s.wrong:>5} {s.checks_right:>3}/{s.docs:<3}")
        total = ("real" if group == "corpus-real" else "corpus" if group == "corpus" else
                 "lost-grid" if group.startswith("lost-") else "generated")
        totals[total].add(s)
        by_template[(total, template)].add(s)
    print("-" * len(header))
    for (total, template), s in sorted(by_template.items()):
        pct = 100 * s.right / s.cells if s.cells else 100.0
        print(f"{'= ' + total:<18} {template:>4} {s.docs:>5} {s.exact:>6} "
              f"{s.right:>6}/{s.cells:<6} {pct:>6.2f}% {s.wrong:>5} "
              f"{s.checks_right:>3}/{s.docs:<3}")
    print("-" * len(header))
    ok = True
    for name, s in totals.items():
        cells = 100 * s.right / s.cells if s.cells else 100.0
        docs = 100 * s.exact / s.docs if s.docs else 100.0
        goal_cells, goal_docs = {"real": (100.0, 100.0), "corpus": (100.0, 100.0),
                                 "generated": (99.5, 97.0)}.get(name, (0.0, 0.0))
        met = cells >= goal_cells and docs >= goal_docs and s.wrong == 0
        ok &= met
        print(f"{name:<10} documents {s.exact}/{s.docs} ({docs:.1f}%), cells {s.right}/{s.cells} "
              f"({cells:.2f}%), wrong figures {s.wrong}, checks right {s.checks_right}/{s.docs}"
              f"  goal {goal_cells}% / {goal_docs}% / 0 wrong: {'met' if met else 'NOT MET'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
