"""A throwaway PostgreSQL server for the tests: started on a free port, removed after.

Uses ``NIANBAO_TEST_PG_URL`` when set (a server someone else runs). Otherwise it runs
Debian's ``initdb``/``pg_ctl`` (package ``postgresql``, which ``scripts/setup.sh test``
installs) in a temporary folder, as the ``postgres`` user when running as root.
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


def _bin(name: str) -> str | None:
    found = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))
    return found[-1] if found else shutil.which(name)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def postgres_server() -> Iterator[str | None]:
    """Yields a SQLAlchemy URL of an empty database, or None when no server can be had."""
    if os.environ.get("NIANBAO_TEST_PG_URL"):
        yield os.environ["NIANBAO_TEST_PG_URL"]
        return
    initdb, pg_ctl = _bin("initdb"), _bin("pg_ctl")
    if not initdb or not pg_ctl:
        yield None
        return
    root = os.geteuid() == 0
    as_user = ["runuser", "-u", "postgres", "--"] if root else []
    folder = Path(tempfile.mkdtemp(prefix="nianbao-pg-"))
    data = folder / "data"
    if root:
        shutil.chown(folder, "postgres")
    port = _free_port()

    def run(*args: str) -> None:
        subprocess.run([*as_user, *args], check=True, capture_output=True, timeout=120)

    try:
        run(initdb, "-D", str(data), "-U", "nianbao", "--auth=trust", "-E", "UTF8", "--no-sync")
        run(
            pg_ctl,
            "-D",
            str(data),
            "-w",
            "-l",
            str(folder / "log"),
            "-o",
            f"-p {port} -k {folder} -c listen_addresses=127.0.0.1 -c fsync=off",
            "start",
        )
        run(
            _bin("createdb") or "createdb",
            "-h",
            "127.0.0.1",
            "-p",
            str(port),
            "-U",
            "nianbao",
            "archive",
        )
        yield f"postgresql+psycopg://nianbao@127.0.0.1:{port}/archive"
    finally:
        subprocess.run(
            [*as_user, pg_ctl, "-D", str(data), "-m", "immediate", "stop"],
            capture_output=True,
            timeout=60,
        )
        shutil.rmtree(folder, ignore_errors=True)
