"""The report documents behind the farm's articles, with known figures.

A ``ReportPlan`` becomes a report dict (``reportgen.random_report``: consistent tables in
the 2019 or 2021 template) laid out by ``render.build_document``; then the heading and
the introduction are rewritten to the plan: the heading with or without a year, the
statistics-period sentence in one of the real variants (or none), a stale year named
inside the text (《X2020年…》 in a 2021 report), a report named by its publication year.
It is written as HTML for an article page (``content_html``), as DOCX, or as PDF through
LibreOffice (``write_documents``, one soffice run per batch, cached on disk).
"""

from __future__ import annotations

import functools
import hashlib
import html
import random
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from tests.support import render as R
from tests.support import reportgen as G

from .world import ReportPlan, short_self

_SCALES = {"county": "county", "county_department": "department", "township": "township",
           "street": "township"}
_PERIOD_FIXED = "本报告所列数据的统计期限自{y}年1月1日起至{y}年12月31日止。"


def build(plan: ReportPlan, level: str, published: date) -> tuple[R.Document, R.NumberStyle]:
    """The laid-out document and how its numbers are written."""
    rng = random.Random(plan.seed)
    report = G.random_report(rng, plan.template, year=plan.year, body=plan.body_name,
                             scale=_SCALES.get(level, "county"))  # type: ignore[arg-type]
    signed = published - timedelta(days=rng.choice([0, 0, 1, 3, 5, 10]))
    doc = R.build_document(report, rng, published=signed)
    intro = doc.blocks[1]
    assert isinstance(intro, R.Para)
    text = intro.text.replace(_PERIOD_FIXED.format(y=plan.year), plan.period or "")
    short = short_self(plan.body_name)
    if plan.stale_year:  # 田黄镇: 我镇认真编制了《田黄镇2020年…》 in the 2021 report
        text = (f"{short}认真编制了《{plan.body_name}{plan.year - 1}年政府信息公开工作年度报告》，"
                f"现予公布。") + text
    if plan.pubyear_named:  # 长通街道: the 2023 report called "2024年"
        text += (f"{short}依法按时完成{plan.body_name}{plan.year + 1}年政府信息公开年度报告，"
                 f"并于{plan.year + 1}年1月31日之前在政府网站向社会公布。")
    intro.text = text
    doc.blocks[0] = R.Para(plan.doc_title, "title")
    doc.title = plan.doc_title
    numbers = R.NumberStyle(thousands=rng.random() < 0.1)
    return doc, numbers


def content_html(doc: R.Document, numbers: R.NumberStyle, style: str, seed: str) -> str:
    """The article body: the document's heading, then its text and tables."""
    heading = "<br/>".join(html.escape(part) for part in doc.title.split("\n"))
    body = R._content_html(doc, style, numbers, random.Random(seed))
    return (f'<p style="text-align:center;"><strong>{heading}</strong></p>\n{body}')


def docx_bytes(doc: R.Document, numbers: R.NumberStyle) -> bytes:
    return R.render_docx(doc, numbers)


def _cache_dir() -> Path:
    return Path.home() / ".cache" / "nianbao-portalgen"


@functools.cache
def _code_version() -> str:
    """A hash of the code that writes documents: a cached file is only reused by it."""
    here = Path(__file__).resolve().parent
    files = [*sorted((here.parent / "render").glob("*.py")), here.parent / "reportgen.py", Path(__file__).resolve()]
    return hashlib.sha256(b"".join(f.read_bytes() for f in files)).hexdigest()[:16]


@dataclass(frozen=True)
class Pending:
    """A document to write later: its plan, the body's level, its publication date."""

    plan: ReportPlan
    level: str
    published: date

    @property
    def fmt(self) -> str:
        return self.plan.fmt

    def digest(self) -> str:
        return hashlib.sha256(f"{_code_version()}|{self!r}".encode()).hexdigest()[:32]

    def docx(self) -> bytes:
        doc, numbers = build(self.plan, self.level, self.published)
        return docx_bytes(doc, numbers)


def write_documents(pending: dict[str, Pending], cache: Path | None = None,
                    batch: int = 20) -> dict[str, bytes]:
    """The bytes of pending DOCX and PDF documents (PDFs through LibreOffice, one soffice
    run per batch), cached on disk by what they are and the code that writes them."""
    folder = cache or _cache_dir()
    folder.mkdir(parents=True, exist_ok=True)
    out: dict[str, bytes] = {}
    todo: dict[str, bytes] = {}  # digest → DOCX bytes of PDFs to convert
    for k, p in pending.items():
        hit = folder / f"{p.digest()}.{p.fmt}"
        if hit.exists():
            out[k] = hit.read_bytes()
            continue
        data = p.docx()
        if p.fmt == "docx":
            hit.write_bytes(data)
            out[k] = data
        else:
            todo[p.digest()] = data
    digests = sorted(todo)
    for start in range(0, len(digests), batch):
        chunk = {d: todo[d] for d in digests[start:start + batch]}
        for digest, pdf in R.soffice_convert(chunk, "pdf", timeout=600).items():
            (folder / f"{digest}.pdf").write_bytes(R.stabilize_pdf(pdf, digest, date(2024, 1, 1)))
    for k, p in pending.items():
        if k not in out:
            out[k] = (folder / f"{p.digest()}.{p.fmt}").read_bytes()
    return out


def twin_html(body_name: str, year: int, report_title: str, rng: random.Random) -> str:
    """A 解读 article: it talks about the report and its numbers but is no report."""
    n = rng.randint(20, 400)
    return (
        f"<p>近日，{html.escape(body_name)}发布了《{html.escape(report_title)}》。为便于公众理解，"
        f"现将有关情况解读如下。</p>"
        f"<p>一、主要内容。报告包括总体情况、主动公开政府信息情况、收到和处理政府信息公开申请情况、"
        f"政府信息公开行政复议和行政诉讼情况、存在的主要问题及改进情况、其他需要报告的事项六个部分。</p>"
        f"<p>二、主要数据。{year}年共主动公开政府信息{n}条，收到政府信息公开申请{rng.randint(0, 30)}件，"
        f"均已按时答复。</p><p>三、下一步工作。{year + 1}年将继续深化政务公开，提升公开质量。</p>"
    )


def news_html(title: str, rng: random.Random) -> str:
    """An ordinary news item or notice."""
    return (
        f"<p>{html.escape(title)}。会议要求，各单位要高度重视政务公开工作，"
        f"严格落实信息发布审核制度，按时完成各项工作任务。</p>"
        f"<p>本次共有{rng.randint(10, 90)}人参加。</p>"
    )
