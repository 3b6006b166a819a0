"""Random reports, rendered the ways portals publish them, extract back exactly.

``tests/support`` draws consistent and inconsistent reports (blank cells, rows left
out, both templates) and renders them as portal pages, text, DOCX, and through
LibreOffice as PDF and DOC.  Every cell, and every failed check with its expected
and found values, must come back.
"""

from __future__ import annotations

import random
import subprocess
from typing import Any

import pytest

from archive.extract import extract_report

from .test_corpus import diff

support = pytest.importorskip("tests.support.render", reason="tests/support is missing")
reportgen = pytest.importorskip("tests.support.reportgen", reason="tests/support is missing")
R: Any = support
G: Any = reportgen

N = 12
# python-docx takes over a second per rendering with merged cells: docx is slow.
FORMATS = [
    *R.HTML_STYLES, "txt", pytest.param("docx", marks=pytest.mark.slow),
]


def _case(i: int) -> tuple[dict[str, Any], Any, Any, random.Random]:
    rng = random.Random(1000 + i)
    template = rng.choice(["2019", "2021"])
    report = G.random_report(rng, template, consistent=rng.random() < 0.7)
    doc = R.build_document(report, rng)
    numbers = R.NumberStyle(fullwidth=rng.random() < 0.2, thousands=rng.random() < 0.3)
    return report, doc, numbers, rng


def _render(fmt: str, doc: Any, numbers: Any, rng: random.Random) -> bytes:
    if fmt in R.HTML_STYLES:
        return R.render_html(doc, fmt, numbers, rng)
    if fmt == "txt":
        return R.render_txt(doc, numbers, R.TxtStyle(markdown=rng.random() < 0.5))
    return R.render_docx(doc, numbers)


def _problems(truth: dict[str, Any], data: bytes) -> list[str]:
    report = extract_report(data)
    problems = diff(truth, {k: v for k, v in report.items() if k != "checks"})
    want = sorted((c["rule"], c["expected"], c["found"]) for c in G.expected_failed_checks(truth))
    got = sorted((c["rule"], c["expected"], c["found"]) for c in report["checks"] if not c["ok"])
    if want != got:
        problems.append(f"failed checks: expected {want}, found {got}")
    return problems


@pytest.mark.parametrize("fmt", FORMATS)
def test_random_reports_round_trip(fmt: str) -> None:
    failures = []
    for i in range(N):
        truth, doc, numbers, _rng = _case(i)
        problems = _problems(truth, _render(fmt, doc, numbers, random.Random(i)))
        if problems:
            failures.append(f"report {i}: " + "; ".join(problems[:5]))
    assert not failures, "\n".join(failures)


@pytest.mark.slow
@pytest.mark.parametrize("target", ["pdf", "doc"])
def test_random_reports_round_trip_through_libreoffice(target: str) -> None:
    truths, docx = {}, {}
    for i in range(N):
        truth, doc, numbers, _rng = _case(i)
        truths[f"r{i}"] = truth
        docx[f"r{i}"] = R.render_docx(doc, numbers)
    converted = R.soffice_convert(docx, target)
    failures = [
        f"{name}: " + "; ".join(problems[:5])
        for name, data in sorted(converted.items())
        if (problems := _problems(truths[name], data))
    ]
    assert not failures, "\n".join(failures)


#: CJK font families the PDF matrix renders through (Debian: fonts-noto-cjk and
#: fonts-wqy-zenhei, both installed by scripts/setup.sh).
FONTS = ("Noto Sans CJK SC", "WenQuanYi Zen Hei")
PAGES = ("A4", "B5", "Letter")


def _installed(family: str) -> bool:
    try:
        out = subprocess.run(["fc-list", family], capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.SubprocessError):
        return False
    return bool(out.stdout.strip())


@pytest.mark.slow
def test_pdf_matrix_of_fonts_and_page_sizes() -> None:
    """Every report, through LibreOffice in each CJK font family and page size, exact."""
    missing = [f for f in FONTS if not _installed(f)]
    if missing:
        pytest.skip(f"fonts not installed: {missing} (scripts/setup.sh installs them)")
    truths, docx = {}, {}
    for i in range(6):
        truth, doc, numbers, _rng = _case(20 + i)
        for f, family in enumerate(FONTS):
            for page in PAGES:
                name = f"r{i}-f{f}-{page}"
                truths[name] = truth
                docx[name] = R.render_docx(doc, numbers, east_font=family, page=page)
    converted = R.soffice_convert(docx, "pdf")
    failures = [
        f"{name}: " + "; ".join(problems[:5])
        for name, data in sorted(converted.items())
        if (problems := _problems(truths[name], data))
    ]
    assert not failures, "\n".join(failures)
