"""Snapshots of the sample sites, and where a URL path's file is.

A ``Snapshot`` is one state of the sites, read from ``snapshotN.json``: the folders
looked up in order (overlay first), the paths removed, and what the server must know
(site encodings, file dates, blocked URLs, downloads, the jcms data proxy).
``rel_path`` turns a URL path into a site-relative file path, refusing escapes.
"""

from __future__ import annotations

import json
import posixpath
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import unquote


@dataclass(frozen=True)
class Snapshot:
    """One state of the sites: where its files are and what the server must know."""

    number: int
    dirs: tuple[Path, ...]  # looked up in order: overlay first
    removed: frozenset[str]
    today_offset: int
    sites: dict[str, dict[str, Any]]
    files: dict[str, dict[str, Any]]
    blocked: frozenset[str]
    downloads: dict[str, dict[str, dict[str, str]]]
    dataproxy: dict[str, dict[str, Any]]

    @classmethod
    def load(cls, root: Path, number: int) -> Snapshot:
        """Read ``snapshotN.json`` under root."""
        meta_path = root / f"snapshot{number}.json"
        if not meta_path.exists():
            raise ValueError(f"no snapshot {number} in {root}")
        meta = json.loads(meta_path.read_text("utf-8"))
        dirs = [root / d for d in meta["dirs"]]
        return cls(
            number=number,
            dirs=tuple(dirs),
            removed=frozenset(meta.get("removed", [])),
            today_offset=int(meta.get("today_offset_days", 0)),
            sites=meta["sites"],
            files=meta["files"],
            blocked=frozenset(meta.get("blocked", [])),
            downloads=meta.get("downloads", {}),
            dataproxy=meta.get("dataproxy", {}),
        )

    def find(self, rel: str) -> Path | None:
        """The file for a site-relative path, or None (missing or removed)."""
        if rel in self.removed:
            return None
        for d in self.dirs:
            p = d / rel
            if p.is_file():
                return p
        return None

    def site_of(self, rel: str) -> dict[str, Any]:
        """The site settings (encoding, html charset) of a path's first segment."""
        return self.sites.get(rel.split("/", 1)[0], {"encoding": "utf-8", "html_charset": "utf-8"})


def rel_path(path: str) -> str | None:
    """The site-relative file path for a URL path; None if it escapes the root."""
    clean = posixpath.normpath(unquote(path))
    if not clean.startswith("/") or "/../" in clean + "/":
        return None
    rel = clean.lstrip("/")
    if path.endswith("/") or rel == "":
        rel = posixpath.join(rel, "index.html") if rel else "index.html"
    return rel
