"""Every command has help text and is documented; the console script works end to end."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import click
import pytest

from crawler.cli import cli

ROOT = Path(__file__).resolve().parents[3]


def _commands(group: click.Group, prefix: str = "nianbao") -> Iterator[tuple[str, click.Command]]:
    for name, command in sorted(group.commands.items()):
        path = f"{prefix} {name}"
        yield path, command
        if isinstance(command, click.Group):
            yield from _commands(command, path)


COMMANDS = dict(_commands(cli))


def _documentation() -> str:
    docs = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
    return "\n".join(p.read_text(encoding="utf-8") for p in docs)


@pytest.mark.parametrize("path", sorted(COMMANDS))
def test_every_command_has_help_text(path: str) -> None:
    command = COMMANDS[path]
    assert command.help and command.help.strip(), f"{path} has no help text"
    for param in command.params:
        if isinstance(param, click.Option):
            assert param.help, f"{path} option {param.opts} has no help"


@pytest.mark.parametrize("path", sorted(COMMANDS))
def test_every_command_is_documented(path: str) -> None:
    assert path in _documentation(), f"`{path}` appears in neither README.md nor docs/"


def test_console_script_runs_init_import_list_twice_without_duplicates(tmp_path: Path) -> None:
    exe = shutil.which("nianbao", path=os.path.dirname(sys.executable)) or "nianbao"
    env = {**os.environ, "NIANBAO_DATA": str(tmp_path / "data")}
    env.pop("NIANBAO_DB", None)

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [exe, *args], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=60
        )

    assert run("sources", "list").returncode == 69
    assert run("init").returncode == 0
    example = run("sources", "example").stdout
    (tmp_path / "example.yaml").write_text(example, encoding="utf-8")
    for _ in range(2):
        assert run("sources", "import", "example.yaml").returncode == 0
    listed = run("sources", "list", "--json")
    rows = json.loads(listed.stdout)
    assert len(rows) == len({r["url"] for r in rows}) == example.count("- url:")
    assert (tmp_path / "data" / "archive.sqlite").exists()
