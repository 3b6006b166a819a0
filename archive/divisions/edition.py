"""One edition of the administrative divisions: the shipped data file, or another folder.

A data folder holds ``divisions.tsv.gz`` (``code<TAB>name`` per division, NBS codes of 2,
4, 6 or 9 digits that nest by prefix) and ``edition.json`` (package, version, the date the
edition describes as ``as_of``, licence). ``archive/divisions/convert.py`` writes both;
``load()`` without a folder reads the copy shipped in the wheel.
"""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from importlib import resources
from pathlib import Path
from typing import Any

from ..errors import InputError

DATA_NAME = "divisions.tsv.gz"
EDITION_NAME = "edition.json"
CODE_LENGTHS = (2, 4, 6, 9)


@dataclass(frozen=True)
class Edition:
    """The divisions of one edition, by NBS code, and what the edition is."""

    names: dict[str, str]  # code (2, 4, 6 or 9 digits) → name, in code order
    as_of: date
    meta: dict[str, Any]

    @property
    def label(self) -> str:
        return (
            f"{self.meta.get('package', '?')} {self.meta.get('version', '?')} (as of {self.as_of})"
        )


def load(folder: Path | None = None) -> Edition:
    """The edition in ``folder``, or the shipped one; ``InputError`` when it is unreadable."""
    where = resources.files("archive.divisions").joinpath("data") if folder is None else folder
    try:
        meta = json.loads(where.joinpath(EDITION_NAME).read_text("utf-8"))
        raw = gzip.decompress(where.joinpath(DATA_NAME).read_bytes()).decode("utf-8")
        as_of = date.fromisoformat(meta["as_of"])
    except (OSError, ValueError, KeyError, EOFError) as exc:
        raise InputError(f"{where}: not a divisions data folder ({exc})") from None
    names: dict[str, str] = {}
    for line_no, line in enumerate(raw.splitlines(), start=1):
        code, _, name = line.partition("\t")
        if len(code) not in CODE_LENGTHS or not code.isdigit() or not name:
            raise InputError(f"{where}/{DATA_NAME} line {line_no}: not code<TAB>name")
        names[code] = name
    return Edition(dict(sorted(names.items())), as_of, meta)


def save(folder: Path, rows: Iterable[tuple[str, str]], meta: dict[str, Any]) -> int:
    """Write a data folder (``meta`` needs ``as_of``); the number of divisions written."""
    rows = sorted(rows)
    folder.mkdir(parents=True, exist_ok=True)
    text = "".join(f"{code}\t{name}\n" for code, name in rows).encode("utf-8")
    # mtime=0: the same divisions give the same bytes
    (folder / DATA_NAME).write_bytes(gzip.compress(text, compresslevel=9, mtime=0))
    (folder / EDITION_NAME).write_text(
        json.dumps(meta, ensure_ascii=False, indent=2) + "\n", "utf-8"
    )
    return len(rows)
