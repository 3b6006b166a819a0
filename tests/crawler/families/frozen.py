"""Frozen list pages (``tests/fixtures/lists/<family>/``) as Scrapy responses."""

from __future__ import annotations

from pathlib import Path

from scrapy.http import HtmlResponse, TextResponse

LISTS = Path(__file__).parents[2] / "fixtures" / "lists"


def frozen(family: str, name: str, url: str) -> TextResponse:
    """The raw bytes of a frozen page, served as ``url`` (its charset from the page)."""
    body = (LISTS / family / name).read_bytes()
    if name.endswith((".json", ".xml")):
        return TextResponse(url, body=body, encoding="utf-8")
    return HtmlResponse(url, body=body)
