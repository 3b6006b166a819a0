"""Scrapyd crawl nodes for the tests: ``nianbao node run`` on a free 127.0.0.1 port.

Each node is a subprocess in a session of its own, with its own folder and
``scrapyd.conf``, started under ``timeout`` so it cannot outlive a crashed test run.
``kill()`` is a node dying: SIGKILL to Scrapyd and every process below it (its crawl
jobs, their writer and extraction workers), found through ``/proc``.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

import httpx

from tests.crawler.conftest import NIANBAO

LIFETIME = 600  # seconds; the test kills it long before


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _children() -> dict[int, list[int]]:
    tree: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        ppid = int(stat.rpartition(")")[2].split()[1])
        tree.setdefault(ppid, []).append(int(entry.name))
    return tree


def descendants(pid: int) -> list[int]:
    tree, out, todo = _children(), [], [pid]
    while todo:
        for child in tree.get(todo.pop(), []):
            out.append(child)
            todo.append(child)
    return out


class Node:
    def __init__(self, folder: Path, env: dict[str, str], max_proc: int = 2) -> None:
        self.folder = folder
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = folder.with_suffix(".log")
        folder.mkdir(parents=True, exist_ok=True)
        with self.log.open("ab") as out:
            self.process = subprocess.Popen(
                [
                    "timeout",
                    "-s",
                    "KILL",
                    str(LIFETIME),
                    NIANBAO,
                    "node",
                    "run",
                    "--dir",
                    str(folder),
                    "--port",
                    str(self.port),
                    "--max-proc",
                    str(max_proc),
                ],
                env=env,
                stdin=subprocess.DEVNULL,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )

    def wait_ready(self, seconds: float = 60) -> None:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"node exited: {self.log.read_text()[-2000:]}")
            try:
                if httpx.get(f"{self.url}/daemonstatus.json", timeout=2).json()["status"] == "ok":
                    return
            except (httpx.HTTPError, ValueError, KeyError):
                pass
            time.sleep(0.3)
        raise RuntimeError(f"node {self.url} not ready: {self.log.read_text()[-2000:]}")

    def stop(self, seconds: float = 30) -> None:
        """A clean stop (SIGTERM, as systemd sends): every process reaped in turn, so their
        CPU time reaches this process's ``RUSAGE_CHILDREN``."""
        if self.process.returncode is not None:
            return
        self.process.terminate()  # `timeout` passes it on to Scrapyd and waits for it
        try:
            self.process.wait(timeout=seconds)
        except subprocess.TimeoutExpired:
            self.kill()

    def kill(self) -> None:
        """The node dies: SIGKILL to Scrapyd and all its processes, at once."""
        if self.process.returncode is not None:
            return
        pids = [self.process.pid, *descendants(self.process.pid)]
        for pid in pids:
            with suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        with suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=30)


@contextmanager
def scrapyd_nodes(
    root: Path, env: dict[str, str], count: int = 2, max_proc: int = 2
) -> Iterator[list[Node]]:
    """``count`` running nodes; all killed on the way out, whatever happened."""
    nodes: list[Node] = []
    try:
        for i in range(count):
            nodes.append(Node(root / f"node{i + 1}", env, max_proc))
        for node in nodes:
            node.wait_ready()
        yield nodes
    finally:
        for node in nodes:
            node.kill()
