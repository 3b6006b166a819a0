"""Telling what a response amounts to: ok, blocked, broken, unreachable, too large.

None of blocked, broken or unreachable means "this body published nothing": they are
evidence only that the crawler could not see.
"""

from __future__ import annotations

import re

from archive.models import FetchOutcome

BLOCK_STATUSES = {401, 403, 412, 418, 429, 521, 523}
BROKEN_STATUSES = {404, 410}
_CHALLENGE_MARKERS = (
    re.compile(rb"<meta[^>]+\br=[\"']?m[\"']?", re.I),  # Ruishu 瑞数
    re.compile(rb"__jsl_clearance"),  # Jiasule 加速乐
    re.compile(rb"wzws_(?:sessionid|cid)|WZWS_CONFIRM", re.I),  # 网站卫士
    re.compile("<title>\\s*(?:403|安全验证|访问验证|人机验证)".encode(), re.I),
)


def looks_like_challenge(body: bytes) -> bool:
    """A JavaScript challenge page rather than content.

    Ruishu pages can carry ``$_ts`` even when they are real content, so a marker alone
    is not enough: a challenge is small and has almost no visible text.
    """
    head = body[:20000]
    if not any(p.search(head) for p in _CHALLENGE_MARKERS):
        return False
    text = re.sub(rb"<script.*?</script>|<style.*?</style>|<[^>]+>|\s+", b"", body, flags=re.S)
    return len(text) < 400


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
    name = type(exc).__name__
    if "Cancelled" in name or ("size" in str(exc).lower() and "exceeds" in str(exc).lower()):
        return FetchOutcome.TOO_LARGE
    return FetchOutcome.UNREACHABLE
