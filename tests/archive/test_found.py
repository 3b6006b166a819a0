"""A document cut short is not a revision: far smaller and far emptier than the version
before it, it is a finding, while a real revision of the same size is a version."""

from __future__ import annotations

from sqlalchemy.orm import Session, sessionmaker

from archive.found import Found, figure_count, looks_cut
from archive.models import Blob, Capture, ReportVersion

FULL = {
    "active": {"licensing": {"decisions": 5}, "penalty": {"decisions": 7}},
    "applications": {"new": {"natural_person": 1, "total": 1}, "total": {"total": 1}},
    "appeals": {"review": {"upheld": 0, "total": 0}},
}
HALF = {"active": {"licensing": {"decisions": 5}}, "applications": {}, "appeals": {}}


def _found(capture: Capture, report: dict) -> Found:
    return Found(capture, report, None, "html", capture.final_url, None, (None, None))


def test_cut_short_versus_revised(sessions: sessionmaker[Session]) -> None:
    assert (figure_count(FULL), figure_count(HALF)) == (7, 1)
    with sessions.begin() as s:
        s.add_all(
            [
                Blob(sha256="a" * 64, size=80_000, stored_size=9_000),
                Blob(sha256="b" * 64, size=30_000, stored_size=4_000),
                Blob(sha256="c" * 64, size=79_000, stored_size=9_000),
            ]
        )
        s.flush()
        latest = ReportVersion(number=1, figures=FULL, document_blob_sha256="a" * 64)
        cut = Capture(final_url="http://x/a.html", blob_sha256="b" * 64)
        revised = Capture(final_url="http://x/a.html", blob_sha256="c" * 64)
        assert looks_cut(s, latest, _found(cut, HALF))
        assert not looks_cut(s, latest, _found(revised, HALF))  # same size: a revision
        assert not looks_cut(s, latest, _found(cut, FULL))  # smaller but whole: a revision


def test_a_document_listed_straight_claims_its_list_date() -> None:
    """A column that links the PDF itself (no article page): the date it lists the file
    under is the date the report claims, so a late one is late by its claim."""
    from datetime import date

    from archive.found import found_from

    value = {"report": HALF, "text": "", "format": "pdf"}
    listed = Capture(final_url="http://x/uploads/2024/02/1.pdf", requested_url="http://x/1.pdf",
                     context={"list_date": "2024-02-26"})
    found = found_from(None, listed, value, {})  # type: ignore[arg-type]
    assert found.claimed == (date(2024, 2, 26), "list")
    bare = Capture(final_url="http://x/uploads/1.pdf", requested_url="http://x/1.pdf", context={})
    assert found_from(None, bare, value, {}).claimed == (None, None)  # type: ignore[arg-type]
