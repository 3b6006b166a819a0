"""Report documents for the blind farm, from the shared renderers in ``tests/support``.

``Docs.document(report)`` lays a truth report out with ``render.build_document`` (its
title replaced by the title the portal lists, its period sentence kept, plus the
self-naming sentence of a stale or publication-year-named report); ``Docs.html`` gives
the article body, ``Docs.file(report, fmt)`` a DOCX now or a PDF/DOC/WPS placeholder
that ``Docs.convert()`` fills in one LibreOffice run, cached by content hash in
``~/.cache/nianbao-blindfarm``.
"""

from __future__ import annotations

import hashlib
import random
from pathlib import Path

from tests.support import reportgen
from tests.support.render import NumberStyle, build_document, render_docx
from tests.support.render.html_body import _content_html
from tests.support.render.model import Document, Para
from tests.support.render.office import soffice_convert, stabilize_pdf

from .world import Report

CACHE = Path.home() / ".cache" / "nianbao-blindfarm"


class Docs:
    def __init__(self, seed: int) -> None:
        self.seed = seed
        # by id(report), holding the report too: a freed report's id can be reused
        self._docs: dict[int, tuple[Report, Document]] = {}
        self._pending: dict[str, tuple[bytes, str]] = {}  # key -> (docx, target)
        self.done: dict[str, bytes] = {}

    def document(self, r: Report) -> Document:
        if id(r) in self._docs:
            return self._docs[id(r)][1]
        rng = random.Random(f"{self.seed}:{r.body.name}:{r.year}")
        template = "2019" if r.year < 2021 else "2021"
        rep = reportgen.random_report(rng, template, year=r.year, body=r.body.name)
        doc = build_document(rep, rng, published=r.published)
        title = r.title.strip()
        if title.endswith(".docx"):
            title = title[:-5]
        doc.title = title
        doc.blocks[0] = Para(title, "title")
        if "stale_year" in r.flags:
            doc.blocks.insert(1, Para(
                f"我{r.body.division[-1] if r.body.division else '局'}认真编制了《"
                f"{r.body.short}{r.year - 1}年政府信息公开工作年度报告》，现予公布。"))
        self._docs[id(r)] = (r, doc)
        return doc

    def html(self, r: Report, style: str) -> str:
        rng = random.Random(f"{self.seed}:html:{r.body.name}:{r.year}")
        return _content_html(self.document(r), style, NumberStyle(), rng)

    def file(self, r: Report, fmt: str) -> str | bytes:
        """DOCX bytes, or the key of a PDF/DOC (WPS = DOC bytes) made by ``convert``."""
        data = render_docx(self.document(r), NumberStyle())
        if fmt == "docx":
            return data
        target = "pdf" if fmt == "pdf" else "doc"
        k = f"{hashlib.sha256(data).hexdigest()[:24]}.{target}"
        self._pending[k] = (data, target)
        return k

    def convert(self) -> None:
        CACHE.mkdir(parents=True, exist_ok=True)
        for target in ("pdf", "doc"):
            todo = {}
            for k, (data, t) in self._pending.items():
                if t != target:
                    continue
                hit = CACHE / k
                if hit.exists():
                    self.done[k] = hit.read_bytes()
                else:
                    todo[k.rsplit(".", 1)[0]] = data
            if todo:
                out = soffice_convert(todo, target, timeout=900)
                for name, data in out.items():
                    k = f"{name}.{target}"
                    if target == "pdf":
                        data = stabilize_pdf(data, k, reportgen_date())
                    (CACHE / k).write_bytes(data)
                    self.done[k] = data


def reportgen_date():  # a fixed date for stabilized PDFs
    from datetime import date
    return date(2024, 1, 15)
