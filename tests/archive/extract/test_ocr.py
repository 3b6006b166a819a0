"""Scanned PDFs: detected, read by OCR into the same table reader, and never a figure
the engine was unsure of.  The scans are made here from the fixture PDFs (rendered,
rasterised, skewed, noised and wrapped back into an image-only PDF)."""

from __future__ import annotations

import json

import pytest

from archive.extract import NeedsOCR, extract_report, ocr
from archive.extract.numbers import UNSURE

from .helpers import CORPUS
from .test_corpus import _count_cells, diff

needs_engine = pytest.mark.skipif(not ocr.available(), reason="the [ocr] extra is not installed")


def test_without_ocr_a_scan_still_needs_ocr(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NIANBAO_OCR", "0")
    assert not ocr.available()
    with pytest.raises(NeedsOCR, match="no text layer"):
        extract_report((CORPUS / "pdf_scan_no_text.pdf").read_bytes())


@needs_engine
def test_a_scan_too_coarse_to_read_is_refused() -> None:
    # pdf_scan_no_text.pdf is a 90 dpi scan: its figures are a few pixels high.
    with pytest.raises(NeedsOCR, match="90 dpi"):
        extract_report((CORPUS / "pdf_scan_no_text.pdf").read_bytes())


def test_figures_read_with_low_confidence_are_marked() -> None:
    assert ocr._cell_texts("12", 0.99) == ["12"]
    assert ocr._cell_texts("12", 0.5) == [UNSURE + "12"]
    assert ocr._cell_texts("O", 0.99) == [UNSURE + "O"]  # a zero or a letter: not read
    assert ocr._cell_texts("0 3 1", 0.99) == ["0", "3", "1"]
    assert ocr._cell_texts("予以 公开", 0.5) == ["予以公开"]  # labels are matched loosely


@needs_engine
@pytest.mark.slow
@pytest.mark.parametrize(("name", "seed"), [("pdf_2021_dept", 1), ("pdf_2019_county", 2)])
def test_scans_made_from_fixtures_read_back(name: str, seed: int) -> None:
    scan = pytest.importorskip("tests.support.scan")
    truth = json.loads((CORPUS / f"{name}.truth.json").read_text("utf-8"))["report"]
    data = scan.make_scan((CORPUS / f"{name}.pdf").read_bytes(), dpi=200, skew=0.6, seed=seed)
    report = extract_report(data)
    problems = diff(truth, {k: v for k, v in report.items() if k != "checks"})
    unsure = {c["path"] for c in report["checks"] if c["rule"] == "cell.low_confidence"}
    wrong = [p for p in problems if not (p.endswith("found None") and p.split(":")[0] in unsure)]
    assert not wrong, wrong[:10]
    # Most figures are read (a few zeros the engine was unsure of stay null).
    assert len(problems) <= 0.06 * _count_cells(truth), problems


def test_a_figure_two_failed_rules_point_at_is_doubted_in_a_scan() -> None:
    from archive.extract.labels import APPLICANT_COLUMNS
    from archive.extract.report import _doubt_misreads

    def row(*cells: int) -> dict[str, int | None]:
        return dict(zip(APPLICANT_COLUMNS, cells, strict=True))

    # 部分公开's 6 read as 9: its row total and the 自然人 column both fail.
    apps = {
        "new": row(10, 0, 0, 0, 0, 0, 10), "granted": row(4, 0, 0, 0, 0, 0, 4),
        "partial": row(9, 0, 0, 0, 0, 0, 6), "total": row(10, 0, 0, 0, 0, 0, 10),
    }
    appeals = {"review": {"upheld": 1, "corrected": 0, "other": 0, "pending": 0, "total": 2}}
    found = _doubt_misreads(apps, appeals)
    assert apps["partial"]["natural_person"] is None
    assert apps["partial"]["total"] == 6 and apps["granted"]["natural_person"] == 4
    assert appeals["review"] == dict.fromkeys(appeals["review"])
    assert {c["path"] for c in found} >= {"applications.partial.natural_person",
                                          "appeals.review.upheld"}
    assert all(c["rule"] == "cell.low_confidence" for c in found)
