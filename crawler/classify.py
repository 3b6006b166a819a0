"""Telling what a response amounts to: ok, blocked, broken, unreachable, too large.

None of blocked, broken or unreachable means "this body published nothing": they are
evidence only that the crawler could not see.
"""

from __future__ import annotations

import re

from archive.models import FetchOutcome

BLOCK_STATUSES = {401, 403, 412, 418, 429, 521, 523}
BROKEN_STATUSES = {404, 410}
# Case-insensitive markers, written in lower case and searched in the lowered head
# (bytes fold ASCII only, so this is what re.I does, without its slow scan).
_CHALLENGE_MARKERS_LOWER = (
    re.compile(rb"<meta[^>]+\br=[\"']?m[\"']?"),  # Ruishu 瑞数
    re.compile(rb"wzws_(?:sessionid|cid)|wzws_confirm"),  # 网站卫士
    re.compile("<title>\\s*(?:403|安全验证|访问验证|人机验证)".encode()),
)
# (One pattern per leading literal: an alternation of different first letters is tried
# at every byte, a literal-led pattern is scanned for its literal, several times faster.)
_CHALLENGE_MARKERS = (
    re.compile(rb"__jsl_clearance"),  # Jiasule 加速乐
    re.compile(rb"acw_(?:sc__v2|tc)"),  # Aliyun
    re.compile(rb"yunsuo_session_verify"),  # Yunsuo
    re.compile(rb"_guard/auto\.js"),
)
_COOKIE = re.compile(rb"cookie")  # a literal pattern: faster than ``in`` on a long page
# The shape every cookie challenge shares, whoever sells it: a script sets a cookie and
# loads the page again.
_SETS_COOKIE = re.compile(rb"document\s*\.\s*cookie\s*=")
_RELOADS = re.compile(
    rb"location\s*\.\s*(?:reload|replace|assign)\s*\(|location(?:\s*\.\s*href)?\s*=[^=]"
)
_SCRIPT = re.compile(rb"<script\b[^>]*>(.*?)</script>", re.S | re.I)


def looks_like_challenge(body: bytes) -> bool:
    """A JavaScript challenge page rather than content.

    Ruishu pages can carry ``$_ts`` even when they are real content, so a marker alone
    is not enough: a challenge is small and has almost no visible text.
    """
    if len(body) > 200_000:
        return False  # challenges are small; a real document can be anything
    # The cheap tests first: without a vendor's marker, and without the word ``cookie``
    # that any script setting one spells, no challenge whatever the text.
    head = body[:20000]
    lowered = head.lower()
    marked = any(p.search(lowered) for p in _CHALLENGE_MARKERS_LOWER) or any(
        p.search(head) for p in _CHALLENGE_MARKERS
    )
    if not marked and not _COOKIE.search(body):
        return False
    text = visible_text(body)
    if len(text) >= 400:
        return False
    if marked:
        return True
    scripts = b"\n".join(_SCRIPT.findall(body))
    return bool(_SETS_COOKIE.search(scripts) and _RELOADS.search(scripts))


def visible_text(body: bytes) -> bytes:
    """The page's characters outside tags, scripts, styles and whitespace."""
    return re.sub(
        rb"<script.*?</script>|<style.*?</style>|<!--.*?-->|<[^>]+>|&nbsp;|\s+",
        b"",
        body,
        flags=re.S | re.I,
    )


def outcome_for_status(status: int, body: bytes) -> FetchOutcome:
    if status == 304:
        return FetchOutcome.NOT_MODIFIED
    if status in BLOCK_STATUSES or looks_like_challenge(body):
        return FetchOutcome.BLOCKED
    if status in BROKEN_STATUSES:
        return FetchOutcome.BROKEN
    if 200 <= status < 300:
        return FetchOutcome.OK
    if status >= 500:
        return FetchOutcome.UNREACHABLE
    return FetchOutcome.ERROR


def outcome_for_failure(exc: BaseException) -> FetchOutcome:
    """Classify a download failure (the exception the errback receives)."""
    text = str(exc).lower()
    # Scrapy words it "larger than download max size" (the download handler) or
    # "exceeded DOWNLOAD_MAXSIZE" (decompression); cancelling is how the handler stops.
    if "max size" in text or "maxsize" in text or "Cancelled" in type(exc).__name__:
        return FetchOutcome.TOO_LARGE
    return FetchOutcome.UNREACHABLE


_REASONS = (
    ("DNSLookupError", "the host name does not resolve (DNS)"),
    ("CannotResolveHost", "the host name does not resolve (DNS)"),
    ("SSLError", "TLS handshake failed"),
    ("SSL.Error", "TLS handshake failed"),
    ("SSL routines", "TLS handshake failed"),
    ("TLS", "TLS handshake failed"),
    ("certificate", "TLS certificate rejected"),
    ("ConnectionRefused", "connection refused"),
    ("TimeoutError", "timed out"),
    ("TCPTimedOut", "timed out"),
    ("_DataLoss", "body shorter than its Content-Length"),
    ("DataLoss", "connection closed before the body's Content-Length"),
    ("ConnectionLost", "connection lost mid-body"),
    ("ResponseNeverReceived", "no response (connection closed or reset)"),
    ("TruncatedBody", "body cut short"),
    ("RedirectLoop", "redirect loop"),
    ("max redirections", "too many redirects"),
    ("max size", "larger than the download size limit"),
    ("maxsize", "larger than the download size limit"),
    ("ConnectError", "could not connect"),
    ("NoRouteError", "no route to host"),
)


def failure_reason(error: str | None) -> str | None:
    """A few words for why a fetch failed, from the error a capture recorded."""
    if not error:
        return None
    for needle, reason in _REASONS:
        if needle.lower() in error.lower():
            return reason
    return error.split(":", 1)[0][:60]
