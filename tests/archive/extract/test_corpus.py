"""The fixture corpus: every document extracts to its hand-checked truth.

Each ``tests/fixtures/reports/NAME.<ext>`` sits beside ``NAME.truth.json``.  A report
must match its truth cell by cell (every mismatching path is listed), and the set of
failed check rules must be the truth's; any other document must fail with the
truth's error kind.  ``test_corpus_score`` prints a summary over the whole corpus.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from archive.extract import ExtractError, extract_report

CORPUS = Path(__file__).resolve().parents[2] / "fixtures" / "reports"
SLOW_SUFFIXES = (".doc", ".wps", ".rtf")

#: Fixtures whose truth the extractor deliberately does not follow, and why.
DISAGREES: dict[str, str] = {}


def _documents() -> list[Path]:
    if not CORPUS.is_dir():
        return []
    return sorted(
        p for p in CORPUS.iterdir()
        if p.is_file() and not p.name.endswith(".truth.json")
        and (CORPUS / f"{p.name.rsplit('.', 1)[0]}.truth.json").exists()
    )


def _truth(doc: Path) -> dict[str, Any]:
    return json.loads((CORPUS / f"{doc.name.rsplit('.', 1)[0]}.truth.json").read_text("utf-8"))


def _marks(p: Path) -> list[Any]:
    marks: list[Any] = [pytest.mark.slow] if p.suffix in SLOW_SUFFIXES else []
    if p.name in DISAGREES:
        marks.append(pytest.mark.xfail(reason=DISAGREES[p.name], strict=True))
    return marks


def _params() -> list[Any]:
    return [pytest.param(p, id=p.name, marks=_marks(p)) for p in _documents()]


def diff(expected: Any, found: Any, path: str = "") -> list[str]:
    """Every path where two report trees differ, as 'path: expected X, found Y'."""
    if isinstance(expected, dict) and isinstance(found, dict):
        out: list[str] = []
        for key in expected.keys() | found.keys():
            sub = f"{path}.{key}" if path else str(key)
            if key not in found:
                out.append(f"{sub}: missing (expected {expected[key]!r})")
            elif key not in expected:
                out.append(f"{sub}: unexpected {found[key]!r}")
            else:
                out.extend(diff(expected[key], found[key], sub))
        return sorted(out)
    if type(expected) is not type(found) and not (
        isinstance(expected, int | float) and isinstance(found, int | float)
        and not isinstance(expected, bool) and not isinstance(found, bool)
    ):
        return [f"{path}: expected {expected!r}, found {found!r}"]
    if expected != found:
        return [f"{path}: expected {expected!r}, found {found!r}"]
    return []


def outcome(doc: Path) -> tuple[str, dict[str, Any] | None]:
    try:
        return "report", extract_report(doc.read_bytes())
    except ExtractError as exc:
        return exc.kind, None


def compare(doc: Path) -> list[str]:
    """Problems with one document's extraction (empty when it matches its truth)."""
    truth = _truth(doc)
    kind, report = outcome(doc)
    if kind != truth["expect"]:
        return [f"expected {truth['expect']}, got {kind}"]
    if report is None:
        return []
    problems = diff(truth["report"], {k: v for k, v in report.items() if k != "checks"})
    want = {c["rule"] for c in truth.get("failed_checks", [])}
    got = {c["rule"] for c in report["checks"] if not c["ok"]}
    if want != got:
        problems.append(f"failed checks: expected {sorted(want)}, found {sorted(got)}")
    return problems


@pytest.mark.parametrize("doc", _params())
def test_document_extracts_to_its_truth(doc: Path) -> None:
    problems = compare(doc)
    assert not problems, f"{doc.name}:\n  " + "\n  ".join(problems)


def test_corpus_score(capsys: pytest.CaptureFixture[str]) -> None:
    """Prints how much of the corpus matches (LibreOffice documents excluded: see slow)."""
    docs = [d for d in _documents() if d.suffix not in SLOW_SUFFIXES]
    if not docs:
        pytest.skip(f"no fixtures in {CORPUS}")
    exact = 0
    cells = wrong = 0
    for doc in docs:
        problems = compare(doc)
        exact += not problems
        truth = _truth(doc)
        if truth["expect"] == "report":
            cells += _count_cells(truth["report"])
            wrong += sum(1 for p in problems if not p.startswith("failed checks"))
    with capsys.disabled():
        print(
            f"\ncorpus: {exact}/{len(docs)} documents exact; "
            f"{cells - wrong}/{cells} report cells right"
        )


def _count_cells(tree: Any) -> int:
    if isinstance(tree, dict):
        return sum(_count_cells(v) for v in tree.values())
    return 1
