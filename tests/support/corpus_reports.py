"""The report fixtures of the corpus: what each one is, and how its bytes are made.

`report_fixtures()` lists every synthetic report fixture (`ReportFixture`: format,
template, report options, rules broken on purpose, number and text styles);
`make_report` draws its report from a stream seeded by the fixture's name and checks
it against the oracle, `render_fixture` writes the HTML, TXT or DOCX bytes (PDF and
DOC start from the DOCX, converted in `make_corpus.build`).
"""

from __future__ import annotations

import random
import zlib
from dataclasses import dataclass, field, replace
from typing import Any

from tests.support import render as R
from tests.support.reportgen import (
    expected_failed_checks,
    inconsistent_report,
    random_report,
    shape_errors,
)


def rng_for(name: str) -> random.Random:
    """The fixture's own random stream, fixed by its name."""
    return random.Random(zlib.crc32(name.encode("utf-8")))


@dataclass
class ReportFixture:
    """A report fixture: how its data is drawn and how it is rendered."""

    name: str
    fmt: str  # an HTML style, "docx", "pdf", "doc" or "txt"
    template: str
    note: str
    report_kw: dict[str, Any] = field(default_factory=dict)
    breakers: tuple[str, ...] = ()
    numbers: R.NumberStyle = field(default_factory=R.NumberStyle)
    # path -> text written in a cell whose truth is null (e.g. "/")
    not_a_number: dict[tuple[str, ...], str] = field(default_factory=dict)
    # path -> value forced into the report before rendering
    force: dict[tuple[str, ...], Any] = field(default_factory=dict)
    long_prose: bool = False
    page_kw: dict[str, Any] = field(default_factory=dict)
    txt: R.TxtStyle = field(default_factory=R.TxtStyle)

    @property
    def ext(self) -> str:
        return "html" if self.fmt in R.HTML_STYLES else self.fmt


def _set(report: dict[str, Any], path: tuple[str, ...], value: Any) -> None:
    node = report
    for part in path[:-1]:
        node = node[part]
    node[path[-1]] = value


def make_report(
    fx: ReportFixture,
) -> tuple[dict[str, Any], list[dict[str, Any]], R.Document, R.NumberStyle]:
    """Draw the fixture's report and its failed checks, lay it out, pick number style."""
    rng = rng_for(fx.name)
    if fx.breakers:
        report, claimed = inconsistent_report(rng, fx.template, kinds=fx.breakers, **fx.report_kw)
    else:
        report, claimed = random_report(rng, fx.template, **fx.report_kw), []
    for path, value in fx.force.items():
        _set(report, path, value)
    for path in fx.not_a_number:
        _set(report, path, None)
    problems = shape_errors(report)
    if problems:
        raise AssertionError(f"{fx.name}: {problems}")
    failed = expected_failed_checks(report, fx.not_a_number.values())
    arithmetic = [c["rule"] for c in failed if c["rule"] != "cell.not_a_number"]
    if arithmetic != claimed:
        raise AssertionError(f"{fx.name}: oracle {arithmetic} != broken {claimed}")
    numbers = replace(fx.numbers, overrides={**fx.numbers.overrides, **fx.not_a_number})
    doc = R.build_document(report, rng, long_prose=fx.long_prose)
    return report, failed, doc, numbers


def render_fixture(fx: ReportFixture, doc: R.Document, numbers: R.NumberStyle) -> bytes:
    """Bytes for HTML, TXT and DOCX fixtures (PDF/DOC start from the DOCX)."""
    rng = rng_for(fx.name + "/render")
    if fx.fmt in R.HTML_STYLES:
        return R.render_html(doc, fx.fmt, numbers, rng, **fx.page_kw)
    if fx.fmt == "txt":
        return R.render_txt(doc, numbers, fx.txt)
    return R.render_docx(doc, numbers)


TS = R.TxtStyle


def report_fixtures() -> list[ReportFixture]:
    """All synthetic report fixtures."""
    F = ReportFixture
    thousands = R.NumberStyle(thousands=True)
    return [
        # --- TRS WCM, GBK
        F("trs_gbk_2022_county", "trs_gbk", "2021",
          "TRS WCM page, GBK bytes declared gb2312; county numbers with thousands separators",
          {"scale": "county", "year": 2022, "blank_p": 0.0}, numbers=thousands),
        F("trs_gbk_2019_township", "trs_gbk", "2019",
          "TRS WCM page, GBK, 2019 template, township with mostly zeros",
          {"scale": "township", "year": 2019, "blank_p": 0.0}),
        F("trs_gbk_2023_mislabelled_utf8", "trs_gbk", "2021",
          "TRS WCM page whose <meta> says charset=utf-8 while the bytes are GBK",
          {"scale": "department", "year": 2023, "blank_p": 0.0},
          page_kw={"declared": "utf-8"}),
        F("trs_gbk_2020_dept_fullwidth", "trs_gbk", "2019",
          "TRS WCM page, GBK, 2019 template for 2020, numbers in full-width digits",
          {"scale": "department", "year": 2020, "blank_p": 0.0},
          numbers=R.NumberStyle(fullwidth=True)),
        # --- Hanweb jcms, UTF-8
        F("jcms_2021_township", "jcms", "2021", "Hanweb jcms article page (div#zoom), township",
          {"scale": "township", "year": 2021, "blank_p": 0.0}),
        F("jcms_2020_county_2019template", "jcms", "2019",
          "jcms page, 2019 template, county numbers with thousands separators",
          {"scale": "county", "year": 2020, "blank_p": 0.0}, numbers=thousands),
        F("jcms_2022_dept_fullwidth", "jcms", "2021",
          "jcms page with full-width digits (and thousands separators) in the tables",
          {"scale": "department", "year": 2022, "blank_p": 0.0},
          numbers=R.NumberStyle(fullwidth=True, thousands=True)),
        F("jcms_2020_2021template", "jcms", "2021",
          "jcms page: a 2020 report that already uses the 2021 template",
          {"scale": "department", "year": 2020, "blank_p": 0.0}),
        # --- plain UTF-8 <th> tables
        F("plain_2024_bureau", "plain", "2021", "simple UTF-8 page with <th> headers",
          {"scale": "department", "year": 2024, "blank_p": 0.0}),
        F("plain_2019_township_blank_cells", "plain", "2019",
          "many cells left blank (truth null; blank counts as 0 in the checks)",
          {"scale": "township", "year": 2019, "blank_p": 0.6}),
        F("plain_2023_slash_cell", "plain", "2021",
          "the 行政事业性收费 cell holds '/': truth null plus a cell.not_a_number check",
          {"scale": "township", "year": 2023, "blank_p": 0.0},
          not_a_number={("active", "fees", "amount"): "/"}),
        F("plain_2024_fee_yuan", "plain", "2021",
          "fee written in yuan ('251000元') under the 万元 header; truth 25.1 万元",
          {"scale": "county", "year": 2024, "blank_p": 0.0},
          force={("active", "fees", "amount"): 25.1}, numbers=R.NumberStyle(fee_yuan=True)),
        # --- Word HTML pasted into a CMS
        F("wordpaste_2021_county", "wordpaste", "2021",
          "Word paste: labels and numbers split over SPANs, o:p, &nbsp;, uppercase tags",
          {"scale": "county", "year": 2021, "blank_p": 0.0}, numbers=thousands),
        F("wordpaste_2019_dept", "wordpaste", "2019", "Word paste, 2019 template",
          {"scale": "department", "year": 2019, "blank_p": 0.2}),
        F("wordpaste_2022_township_missing_row", "wordpaste", "2021",
          "Word paste; the 行政强制 row is left out of section 二 (absent from active)",
          {"scale": "township", "year": 2022, "blank_p": 0.0, "drop_active": ["coercion"]}),
        F("wordpaste_2023_gbk_inconsistent", "wordpaste", "2021",
          "Word paste saved as GBK; 予以公开 raised so the results sum fails",
          {"scale": "department", "year": 2023, "blank_p": 0.0}, breakers=("results",),
          page_kw={"encoding": "gbk"}),
        # --- DOCX
        F("docx_2021_county", "docx", "2021", "python-docx with merged cells",
          {"scale": "county", "year": 2021, "blank_p": 0.0}),
        F("docx_2019_township", "docx", "2019", "python-docx, 2019 template, township",
          {"scale": "township", "year": 2019, "blank_p": 0.1}),
        F("docx_2022_inconsistent", "docx", "2021",
          "results sum and one appeals total broken on purpose",
          {"scale": "department", "year": 2022, "blank_p": 0.0},
          breakers=("results", "appeals")),
        F("docx_2019_dash_cell", "docx", "2019",
          "行政处罚 处理决定数量 cell holds '—': truth null plus cell.not_a_number",
          {"scale": "department", "year": 2019, "blank_p": 0.0},
          not_a_number={("active", "penalty", "decisions"): "—"}),
        # --- PDF (LibreOffice from the DOCX)
        F("pdf_2021_dept", "pdf", "2021", "LibreOffice PDF of the DOCX rendering",
          {"scale": "department", "year": 2021, "blank_p": 0.0}),
        F("pdf_2019_county", "pdf", "2019", "LibreOffice PDF, 2019 template, county",
          {"scale": "county", "year": 2019, "blank_p": 0.0}),
        F("pdf_2019_pagebreak", "pdf", "2019",
          "long prose before the tables: the section 三 table spans a page break",
          {"scale": "department", "year": 2019, "blank_p": 0.0}, long_prose=True),
        F("pdf_2023_pagebreak", "pdf", "2021",
          "long prose before the tables: the section 三 table spans a page break",
          {"scale": "county", "year": 2023, "blank_p": 0.0}, long_prose=True),
        F("pdf_2020_inconsistent", "pdf", "2021",
          "2020 report on the 2021 template; 本年新收 总计 off so row total and balance fail",
          {"scale": "township", "year": 2020, "blank_p": 0.0}, breakers=("row_total",)),
        # --- DOC (LibreOffice 'MS Word 97' from the DOCX)
        F("doc_2021_township", "doc", "2021", "LibreOffice .doc (Word 97) of the DOCX",
          {"scale": "township", "year": 2021, "blank_p": 0.0}),
        F("doc_2019_county", "doc", "2019", "LibreOffice .doc, 2019 template",
          {"scale": "county", "year": 2019, "blank_p": 0.0}),
        # --- TXT
        F("txt_2021_township", "txt", "2021",
          "flattened text with markdown headings like seed 001; one row lost its leading tabs",
          {"scale": "township", "year": 2021, "blank_p": 0.0},
          txt=TS(markdown=True, drop_leading_empty={("applications", 11)}, ascii_parens=True)),
        F("txt_2019_county", "txt", "2019",
          "flattened text; the section 四 data row has one cell per line",
          {"scale": "county", "year": 2019, "blank_p": 0.0},
          txt=TS(one_cell_per_line={("appeals", 3)})),
        F("txt_2023_inconsistent", "txt", "2021",
          "flattened text; 结转下年度 raised so the balance fails; two section 二 rows one "
          "cell per line",
          {"scale": "department", "year": 2023, "blank_p": 0.0}, breakers=("balance",),
          txt=TS(one_cell_per_line={("active", 2), ("active", 6)})),
    ]
