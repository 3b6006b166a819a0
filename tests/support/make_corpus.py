"""Write the synthetic extraction fixtures into tests/fixtures/reports/.

Run from the repository root: `python -m tests.support.make_corpus [--out DIR]`.

Every fixture `NAME.<ext>` gets a `NAME.truth.json`:

    {"expect": "report" | "not_a_report" | "needs_ocr" | "empty" | "corrupt"
               | "encrypted" | "unsafe" | "conversion_failed",
     "report": {...},            # schema shape without "checks"; only for "report"
     "failed_checks": [...],     # the failed rules, {"rule", "expected", "found"}
     "note": "how it was made"}

Everything is seeded by the fixture's name, so reruns give the same reports and the
same HTML/TXT/DOCX bytes; PDF and DOC come from LibreOffice and differ only in their
timestamps and IDs. Files are written as raw bytes (GBK pages stay GBK). Prefixes
`seed_` and `real_` belong to hand-made fixtures and are never touched here.

The fixtures themselves live beside this module: `corpus_reports` (the report
fixtures and their rendering) and `corpus_bad_inputs` (files that are not readable
reports); this module converts, checks and writes them. Their names are re-exported
here.
"""

from __future__ import annotations

import argparse
import io
import json
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from tests.support import render as R
from tests.support.corpus_bad_inputs import (
    budget_page,
    encrypt_pdf,
    garbage_ole,
    list_page,
    notice_page,
    scan_pdf,
    zip_bomb_docx,
)
from tests.support.corpus_reports import (
    TS,
    ReportFixture,
    make_report,
    render_fixture,
    report_fixtures,
    rng_for,
)

DEFAULT_OUT = Path(__file__).resolve().parents[1] / "fixtures" / "reports"
CRAWL_DATE = date(2024, 5, 6)


def write_fixture(out: Path, name: str, ext: str, data: bytes, truth: dict[str, Any]) -> None:
    """Write the file (raw bytes) and its truth JSON."""
    if name.startswith(("seed_", "real_")):
        raise ValueError(f"{name}: seed_/real_ fixtures are hand-made, not generated")
    (out / f"{name}.{ext}").write_bytes(data)
    text = json.dumps(truth, ensure_ascii=False, indent=2) + "\n"
    (out / f"{name}.truth.json").write_text(text, encoding="utf-8")


def truth_report(report: dict[str, Any], failed: list[dict[str, Any]], note: str) -> dict[str, Any]:
    return {"expect": "report", "report": report, "failed_checks": failed, "note": note}


def truth_other(expect: str, note: str) -> dict[str, Any]:
    return {"expect": expect, "failed_checks": [], "note": note}


def check_pagebreak(pdf: bytes) -> bool:
    """True when the section 三 table starts on one page and ends on a later one."""
    import pdfplumber

    first = last = None
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        for i, page in enumerate(doc.pages):
            text = (page.extract_text() or "").replace(" ", "")
            if first is None and "本年新收政府信息公开申请数量" in text:
                first = i
            if "结转下年度继续办理" in text:
                last = i
    return first is not None and last is not None and last > first


def build(out: Path, log: Callable[[str], None] = print) -> list[str]:
    """Generate every fixture into `out`; returns the file names written."""
    out.mkdir(parents=True, exist_ok=True)
    written: list[str] = []
    docx_for: dict[str, dict[str, bytes]] = {"pdf": {}, "doc": {}}
    truths: dict[str, dict[str, Any]] = {}
    for fx in report_fixtures():
        report, failed, doc, numbers = make_report(fx)
        truth = truth_report(report, failed, fx.note)
        data = render_fixture(fx, doc, numbers)
        if fx.fmt in ("pdf", "doc"):
            docx_for[fx.fmt][fx.name] = data
            truths[fx.name] = truth
            continue
        write_fixture(out, fx.name, fx.ext, data, truth)
        written.append(f"{fx.name}.{fx.ext}")
    pdfs: dict[str, bytes] = {}
    for target, files in docx_for.items():
        converted = R.soffice_convert(files, target)
        for name, data in converted.items():
            if target == "pdf":
                year = truths[name]["report"]["year"]
                data = R.stabilize_pdf(data, name, date(year + 1, 2, 1))
            note = truths[name]["note"]
            if name.endswith("pagebreak"):
                if not check_pagebreak(data):
                    raise AssertionError(f"{name}: section 三 does not span a page break")
                note += " (checked: 本年新收 and 结转下年度 on different pages)"
            write_fixture(out, name, target, data, {**truths[name], "note": note})
            written.append(f"{name}.{target}")
            if target == "pdf":
                pdfs[name] = data

    base_pdf = pdfs["pdf_2021_dept"]
    bad: list[tuple[str, str, bytes, dict[str, Any]]] = [
        ("empty", "bin", b"", truth_other("empty", "0 bytes")),
        ("pdf_truncated", "pdf", base_pdf[: len(base_pdf) * 2 // 5],
         truth_other("corrupt", "pdf_2021_dept.pdf cut to its first 40% (no xref, no %%EOF)")),
        ("docx_not_a_zip", "docx",
         "这不是一个Word文档。\r\n<html><body>404 Not Found</body></html>\r\n".encode("gbk"),
         truth_other("corrupt", "a .docx that is GBK text (an error page saved under the name)")),
        ("docx_zip_bomb", "docx", zip_bomb_docx(),
         truth_other("unsafe", "valid zip whose word/document.xml inflates to 200 MiB of "
                     "spaces (~1000:1); refuse by declared size/ratio before inflating")),
        ("doc_garbage_ole", "doc", garbage_ole(rng_for("doc_garbage_ole")),
         truth_other("corrupt", "OLE2 magic then 12 KiB of junk (no FFFE byte order mark). "
                     "LibreOffice 'converts' it anyway, as text, to ~800 KB of mojibake: "
                     "validate the compound-file header before converting")),
        ("pdf_scan_no_text", "pdf",
         R.stabilize_pdf(scan_pdf(pdfs["pdf_2019_county"]), "scan", date(2020, 2, 1)),
         truth_other("needs_ocr", "pages 1-2 of pdf_2019_county.pdf rasterised at 90 dpi "
                     "(pdftoppm) and saved as an image-only PDF by Pillow: no text layer")),
        ("notareport_notice_2023", "html", notice_page(),
         truth_other("not_a_report", "jcms notice titled 关于做好2023年度政府信息公开工作年度报告"
                     "编制工作的通知: names the sections and the rule, has no tables")),
        ("notareport_budget_2023", "html", budget_page(),
         truth_other("not_a_report", "TRS GBK page: 2023 部门预算 with a 收支总表 of numbers")),
        ("notareport_list_page", "html", list_page(),
         truth_other("not_a_report", "column list page whose links are all 年度报告 titles")),
    ]
    try:
        encrypted = R.stabilize_pdf(encrypt_pdf(base_pdf), "pdf_encrypted", date(2022, 2, 1),
                                    keep_first_id=True)
        bad.append(("pdf_encrypted", "pdf", encrypted,
                    truth_other("encrypted", "pdf_2021_dept.pdf encrypted by pypdf, RC4-128, "
                                "user password 'nianbao-user'")))
    except ImportError:
        log("pypdf not installed: pdf_encrypted not (re)written")
    for name, ext, data, truth in bad:
        write_fixture(out, name, ext, data, truth)
        written.append(f"{name}.{ext}")
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="target folder")
    args = parser.parse_args(argv)
    written = build(args.out)
    total = sum((args.out / n).stat().st_size for n in written)
    print(f"wrote {len(written)} fixtures ({total / 1e6:.2f} MB) to {args.out}")
    return 0


__all__ = [
    "CRAWL_DATE",
    "DEFAULT_OUT",
    "TS",
    "ReportFixture",
    "budget_page",
    "build",
    "check_pagebreak",
    "encrypt_pdf",
    "garbage_ole",
    "list_page",
    "main",
    "make_report",
    "notice_page",
    "render_fixture",
    "report_fixtures",
    "rng_for",
    "scan_pdf",
    "truth_other",
    "truth_report",
    "write_fixture",
    "zip_bomb_docx",
]


if __name__ == "__main__":
    sys.exit(main())
