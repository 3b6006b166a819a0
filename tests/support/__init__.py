"""Test support: a generator of synthetic annual reports and renderers for them.

`reportgen` makes report dicts in the shape of `docs/report-schema.md` (the key
sets and `shape_errors` in `report_schema`) and is the independent oracle for the 勾稽
rules (`report_oracle`); `render` turns a report into the bytes of a portal page, a
DOCX, a PDF, a DOC or a flattened text; `make_corpus` writes the fixture corpus in
`tests/fixtures/reports/` (its report fixtures in `corpus_reports`, its bad inputs in
`corpus_bad_inputs`).
"""
