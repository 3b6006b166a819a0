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


ALIYUN = (
    b"<html><script>var arg1='3C1B6E0F8A2D';var _0x4818=['\\x63\\x6f'];"
    b"function setCookie(name,value){var expiredate=new Date();"
    b"expiredate.setTime(expiredate.getTime()+3600000);"
    b"document.cookie=name+'='+value+';expires='+expiredate.toGMTString()+';max-age=3600;path=/';}"
    b"function reload(x){setCookie('acw_sc__v2',x);document.location.reload();}"
    b"</script></html>"
)


def test_an_unknown_vendor_challenge_is_recognised_by_its_shape() -> None:
    unknown = ALIYUN.replace(b"acw_sc__v2", b"zz_token")
    assert looks_like_challenge(unknown)
    assert outcome_for_status(200, unknown) == "blocked"
    assert outcome_for_status(200, ALIYUN) == "blocked"


def test_a_page_that_sets_a_cookie_but_has_content_is_not_a_challenge() -> None:
    page = ALIYUN.replace(
        b"</script>", "</script><p>政府信息公开工作年度报告正文</p>".encode() * 40
    )
    assert not looks_like_challenge(page)
    redirect = b"<html><script>window.location.href='/new/';</script></html>"
    assert not looks_like_challenge(redirect)  # a move, not a challenge: no cookie


def test_size_limits_in_scrapy_wording_are_too_large() -> None:
    from scrapy.exceptions import IgnoreRequest

    bomb = IgnoreRequest(
        "Ignored response <200 http://x/> because its body (1000 B compressed, 70000000 B "
        "decompressed so far) exceeded DOWNLOAD_MAXSIZE (67108864 B) during decompression."
    )
    assert outcome_for_failure(bomb) == "too_large"
    big = DownloadCancelledError(
        "Expected to receive 209715200 bytes which is larger than download max size (67108864)"
    )
    assert outcome_for_failure(big) == "too_large"


def test_failure_reasons_are_a_few_words() -> None:
    from crawler.classify import failure_reason

    assert failure_reason(
        "DNSLookupError: DNS lookup failed: no results for hostname lookup: x.invalid."
    ) == ("the host name does not resolve (DNS)")
    assert failure_reason("ResponseFailed: [<Failure twisted.web.http._DataLoss>]") == (
        "body shorter than its Content-Length"
    )
    assert failure_reason(None) is None


def test_challenge_markers_match_as_case_insensitive_regexes_would() -> None:
    """Markers searched in the lowered head find what the re.I patterns found, GBK too."""
    import random
    import re

    from crawler import classify

    reference = (
        re.compile(rb"<meta[^>]+\br=[\"']?m[\"']?", re.I),
        re.compile(rb"__jsl_clearance"),
        re.compile(rb"wzws_(?:sessionid|cid)|WZWS_CONFIRM", re.I),
        re.compile(rb"acw_sc__v2|acw_tc|yunsuo_session_verify|_guard/auto\.js"),
        re.compile("<title>\\s*(?:403|安全验证|访问验证|人机验证)".encode(), re.I),
    )
    pieces = [b"<META ", b"<meta", b" R=", b"r='M'", b">", b"WZWS_", b"wzws_", b"CID", b"Confirm",
              b"__jsl_clearance", b"__JSL_CLEARANCE", b"acw_tc", b"ACW_TC", b"<TITLE>", b"<title>",
              b" ", "安全验证".encode(), "安全验证".encode("gbk"), b"403", b"\x81A", b"_",
              b"acw_sc__v2", b"acw_", b"sc__v2", b"yunsuo_session_verify", b"_guard/auto.js",
              b"_guard/autoxjs"]
    rng = random.Random(18)
    for _ in range(20000):
        head = b"".join(rng.choice(pieces) for _ in range(rng.randrange(1, 8)))
        expected = any(p.search(head) for p in reference)
        lowered = head.lower()
        found = any(p.search(lowered) for p in classify._CHALLENGE_MARKERS_LOWER) or any(
            p.search(head) for p in classify._CHALLENGE_MARKERS
        )
        assert found == expected, head
