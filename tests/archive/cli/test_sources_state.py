"""``nianbao sources disable|enable|remove``: stop crawling a source, keep its history."""

from __future__ import annotations

import json
from pathlib import Path

from tests.archive.test_registry_import import REGISTRY, _write
from tests.conftest import Nianbao

URL = "http://127.0.0.1:8765/county-a/xxgk/ndbg/index.html"


def _listed(nianbao: Nianbao, *flags: str) -> dict[str, dict]:
    result = nianbao("sources", "list", "--json", *flags)
    assert result.exit_code == 0, result.output
    return {row["url"]: row for row in json.loads(result.stdout)}


def test_disable_enable_remove_and_import_again(
    nianbao: Nianbao, engine: object, tmp_path: Path
) -> None:
    path = _write(tmp_path, REGISTRY)
    assert nianbao("sources", "import", str(path)).exit_code == 0
    assert _listed(nianbao)[URL]["enabled"] is True

    assert nianbao("sources", "disable", URL).exit_code == 0
    assert _listed(nianbao)[URL]["enabled"] is False
    source_id = str(_listed(nianbao)[URL]["id"])
    assert nianbao("sources", "enable", source_id).exit_code == 0
    assert _listed(nianbao)[URL]["enabled"] is True

    assert nianbao("sources", "remove", URL).exit_code == 0
    assert URL not in _listed(nianbao)
    removed = _listed(nianbao, "--all")[URL]
    assert removed["removed"] is not None and removed["enabled"] is False

    # importing the same URL again registers it anew, with the same id
    result = nianbao("sources", "import", str(path), "--json")
    assert json.loads(result.stdout)["sources"]["updated"] == 1
    again = _listed(nianbao)[URL]
    assert again["removed"] is None and str(again["id"]) == source_id


def test_an_unknown_source_is_one_line(nianbao: Nianbao, engine: object, tmp_path: Path) -> None:
    assert nianbao("sources", "import", str(_write(tmp_path, REGISTRY))).exit_code == 0
    result = nianbao("sources", "disable", "http://nowhere.example/x")
    assert result.exit_code == 65
    assert result.output.strip().splitlines() == [
        "error: no registered source 'http://nowhere.example/x' (give its id or URL: "
        "nianbao sources list)"
    ]
