"""Convert a ``china-division`` package (its ``dist/*.csv``) into the shipped data file.

The package holds the National Bureau of Statistics' 统计用区划代码 at four levels:
``provinces.csv`` (2-digit codes), ``cities.csv`` (4), ``areas.csv`` (6, county level)
and ``streets.csv`` (9, township level). NBS codes nest by prefix (a street's first six
digits are its county), so the output keeps only ``code<TAB>name`` per division, sorted,
gzipped; the parent is the code's prefix, checked here against the package's own parent
columns. Beside it goes ``edition.json``: package version, edition year, the date the
edition describes (截止时间) and its publication date, both read from the package README,
and the licence.

    python -m archive.divisions.convert PACKAGE_DIR OUT_DIR
"""

from __future__ import annotations

import argparse
import csv
import json
import re
from pathlib import Path

from .edition import CODE_LENGTHS, save

FILES = (("provinces.csv", None), ("cities.csv", "provinceCode"), ("areas.csv", "cityCode"),
         ("streets.csv", "areaCode"))  # fmt: skip
_EDITION = re.compile(
    r"(\d{4})年统计用区划代码.*?截止时间：(\d{4}-\d{2}-\d{2}).*?发布时间：(\d{4}-\d{2}-\d{2})"
)


class ConvertError(Exception):
    """The package does not look like the data this converter knows."""


def read_divisions(dist: Path) -> list[tuple[str, str]]:
    """(code, name) of every division in the four CSVs, parents checked."""
    out: list[tuple[str, str]] = []
    known: set[str] = set()
    for (file, parent_column), length in zip(FILES, CODE_LENGTHS, strict=True):
        with (dist / file).open(encoding="utf-8-sig", newline="") as fh:
            for line, row in enumerate(csv.DictReader(fh), start=2):
                code, name = row["code"].strip(), row["name"].strip()
                if len(code) != length or not code.isdigit() or not name:
                    raise ConvertError(f"{file} line {line}: bad row {row!r}")
                if parent_column:
                    parent = row[parent_column].strip()
                    if parent not in known or not code.startswith(parent):
                        raise ConvertError(f"{file} line {line}: parent {parent} does not nest")
                known.add(code)
                out.append((code, name))
    return sorted(out)


def read_edition(package: Path) -> dict[str, str]:
    meta = json.loads((package / "package.json").read_text("utf-8"))
    found = _EDITION.search((package / "README.md").read_text("utf-8"))
    if not found:
        raise ConvertError("README.md does not name the edition (…年统计用区划代码…截止时间…)")
    licence = (package / "LICENSE").read_text("utf-8")
    return {
        "package": meta["name"],
        "version": meta["version"],
        "source": "国家统计局 统计用区划代码 (National Bureau of Statistics)",
        "edition": found.group(1),
        "as_of": found.group(2),
        "published": found.group(3),
        "licence": "WTFPL" if "DO WHAT THE FUCK YOU WANT" in licence else licence.splitlines()[0],
        "licence_note": f"the package's LICENSE file; its package.json says {meta.get('license')}",
    }


def convert(package: Path, out: Path) -> tuple[int, dict[str, str]]:
    """Write ``divisions.tsv.gz``, ``edition.json`` and ``LICENSE`` into ``out``."""
    rows = read_divisions(package / "dist")
    edition = read_edition(package)
    edition["divisions"] = str(len(rows))
    save(out, rows, edition)
    (out / "LICENSE").write_text((package / "LICENSE").read_text("utf-8"), "utf-8")
    return len(rows), edition


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("package", type=Path, help="the unpacked package folder (has dist/)")
    parser.add_argument("out", type=Path, help="where to write the data file and edition.json")
    args = parser.parse_args()
    try:
        count, edition = convert(args.package, args.out)
    except (ConvertError, OSError, KeyError) as exc:
        raise SystemExit(f"error: {exc}") from None
    print(f"{count} divisions, {edition['package']} {edition['version']},"
          f" edition {edition['edition']} (as of {edition['as_of']}) → {args.out}")  # fmt: skip


if __name__ == "__main__":
    main()
