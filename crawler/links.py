"""Recognising links: report candidates by title, attachments, scope, mobile duplicates."""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

_YEAR = r"(?:19|20)\d{2}"
_CANDIDATE = re.compile(
    rf"{_YEAR}\s*年?.{{0,40}}?(?:年度报告|年报)|(?:年度报告|年报).{{0,20}}?{_YEAR}"
)
_ATTACHMENT_EXT = re.compile(r"\.(pdf|docx?|wps|ofd|rtf)$", re.I)
_DOWNLOAD_PATH = re.compile(r"(?:downfile|download|attach|getfile|fileDownload)", re.I)
_WAP = re.compile(r"(?:_wap\.s?html?$|/wap/|/m/)", re.I)


@dataclass(frozen=True)
class Link:
    url: str
    title: str
    date: str | None = None


def is_report_candidate(title: str) -> bool:
    """A page worth fetching: its title names an annual report and a year."""
    return bool(_CANDIDATE.search(re.sub(r"\s+", "", title)))


_MAY_LINK_DOCUMENT = re.compile(
    rb"\.(?:pdf|docx?|wps|ofd|rtf)\b|downfile|download|attach|getfile|filedownload", re.I
)


def may_link_a_document(page: bytes) -> bool:
    """A cheap look at the raw page: could any link on it be an attachment?

    Most article pages hold their report inline; this spares building their link tree.
    """
    return bool(_MAY_LINK_DOCUMENT.search(page))


def is_attachment(url: str, text: str = "") -> bool:
    path = urlsplit(url).path
    return bool(
        _ATTACHMENT_EXT.search(path)
        or _ATTACHMENT_EXT.search(text.strip())
        or _DOWNLOAD_PATH.search(path)
    )


def is_wap_duplicate(url: str) -> bool:
    return bool(_WAP.search(urlsplit(url).path))


@dataclass(frozen=True)
class Scope:
    """Where a source's crawl may go: its host, and for pages, a set of path prefixes."""

    host: str
    page_prefixes: tuple[str, ...]

    def allows_page(self, url: str) -> bool:
        parts = urlsplit(url)
        return parts.netloc == self.host and parts.path.startswith(self.page_prefixes)

    def allows_attachment(self, url: str) -> bool:
        return urlsplit(url).netloc == self.host
