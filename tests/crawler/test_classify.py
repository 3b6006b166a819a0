"""Blocked, broken and unreachable are told apart, with a real Ruishu challenge page."""

from __future__ import annotations

from pathlib import Path

import pytest
from scrapy.exceptions import DownloadCancelledError, DownloadTimeoutError

from crawler.classify import looks_like_challenge, outcome_for_failure, outcome_for_status

RUISHU = Path("/work/shared/real/ruishu-challenge.html")
SHARED = Path(__file__).resolve().parents[3] / "shared" / "real" / "ruishu-challenge.html"


@pytest.fixture
def ruishu() -> bytes:
    for path in (SHARED, RUISHU):
        if path.exists():
            return path.read_bytes()
    pytest.fail("shared/real/ruishu-challenge.html is missing beside the project")


def test_the_real_ruishu_page_is_blocked_even_with_status_200(ruishu: bytes) -> None:
    assert looks_like_challenge(ruishu)
    assert outcome_for_status(412, ruishu) == "blocked"
    assert outcome_for_status(200, ruishu) == "blocked"


def test_a_real_page_carrying_ts_is_not_blocked(ruishu: bytes) -> None:
    article = ruishu.replace(b"</body>", "<p>正文</p>".encode() * 400 + b"</body>")
    assert not looks_like_challenge(article)
    assert outcome_for_status(200, article) == "ok"


@pytest.mark.parametrize(
    ("status", "outcome"),
    [
        (200, "ok"),
        (304, "not_modified"),
        (403, "blocked"),
        (521, "blocked"),
        (404, "broken"),
        (410, "broken"),
        (503, "unreachable"),
        (400, "error"),
    ],
)
def test_statuses(status: int, outcome: str) -> None:
    assert outcome_for_status(status, b"<html>hello</html>") == outcome


def test_failures() -> None:
    assert outcome_for_failure(DownloadTimeoutError("took longer than 30 seconds")) == "unreachable"
    assert (
        outcome_for_failure(DownloadCancelledError("size exceeds DOWNLOAD_MAXSIZE")) == "too_large"
    )
    assert outcome_for_failure(ConnectionRefusedError()) == "unreachable"
