"""``nianbao fsck`` finds damaged blobs and the captures on them; ``--repair`` quarantines;
``backup`` / ``restore`` round-trip an archive (SQLite or PostgreSQL) into a fresh one."""

from __future__ import annotations

import json
import socket
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import create_engine, make_url, select, text
from sqlalchemy.orm import Session, sessionmaker

from archive.backup import backup
from archive.blobstore import BlobStore
from archive.config import Settings
from archive.db import make_engine, session_factory, upgrade
from archive.errors import ConfigError
from archive.models import Base, Blob, Capture, CrawlRun, FetchOutcome
from tests.archive import builders as b
from tests.conftest import Nianbao


def _archive(sessions: sessionmaker[Session], settings: Settings, n: int = 4) -> list[str]:
    store = BlobStore(settings.blob_dir)
    shas = []
    with sessions.begin() as s:
        b.registry(s)
        source = b.source(s, "411421")
        run = CrawlRun(region_code="411421")
        s.add(run)
        s.flush()
        for i in range(n):
            body = f"<html><body>page {i} 政府信息公开</body></html>".encode()
            stored = store.put(body)
            shas.append(stored.sha256)
            s.add(Blob(sha256=stored.sha256, size=stored.size, stored_size=stored.stored_size))
            s.flush()
            s.add(
                Capture(
                    run_id=run.id,
                    source_id=source.id,
                    requested_url=f"http://127.0.0.1/{i}.html",
                    final_url=f"http://127.0.0.1/{i}.html",
                    method="GET",
                    status=200,
                    outcome=FetchOutcome.OK,
                    headers={},
                    blob_sha256=stored.sha256,
                    role="article",
                    context={},
                )
            )
    return shas


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _flip_a_byte(path: Path) -> None:
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0xFF
    path.write_bytes(bytes(data))


def test_fsck_names_corrupt_and_missing_blobs_and_repair_quarantines(
    nianbao: Nianbao, sessions: sessionmaker[Session], settings: Settings
) -> None:
    shas = _archive(sessions, settings)
    store = BlobStore(settings.blob_dir)
    clean = nianbao("fsck")
    assert clean.exit_code == 0, clean.output
    assert "4 blobs checked: 0 missing, 0 corrupt" in clean.stdout

    _flip_a_byte(store.path_for(shas[0]))
    store.path_for(shas[1]).unlink()
    result = nianbao("fsck", "--json")
    assert result.exit_code == 74
    found = json.loads(result.stdout)
    assert found["missing"] == [shas[1]]
    assert [c["sha256"] for c in found["corrupt"]] == [shas[0]]
    assert len(found["captures_damaged"]) == 2

    repaired = nianbao("fsck", "--repair")
    assert repaired.exit_code == 74  # still damaged: the bytes must be fetched again
    quarantine = settings.data_dir / "quarantine"
    assert (quarantine / f"{shas[0]}.zst").exists() and not store.path_for(shas[0]).exists()
    assert json.loads((quarantine / f"{shas[0]}.json").read_text())["sha256"] == shas[0]

    # The same bytes arriving again (a re-crawl) heal the store.
    store.put("<html><body>page 0 政府信息公开</body></html>".encode())
    store.put("<html><body>page 1 政府信息公开</body></html>".encode())
    assert nianbao("fsck").exit_code == 0


def test_a_damaged_copy_is_replaced_when_the_same_bytes_arrive(settings: Settings) -> None:
    store = BlobStore(settings.blob_dir)
    stored = store.put(b"<html>the same bytes</html>")
    _flip_a_byte(store.path_for(stored.sha256))
    again = store.put(b"<html>the same bytes</html>")
    assert again.created
    assert store.get(stored.sha256) == b"<html>the same bytes</html>"


def test_backup_then_restore_into_a_fresh_folder_gives_the_same_archive(
    nianbao: Nianbao, sessions: sessionmaker[Session], settings: Settings, tmp_path: Path
) -> None:
    _archive(sessions, settings)
    dest = tmp_path / "backup"
    made = nianbao("backup", str(dest))
    assert made.exit_code == 0, made.output
    assert json.loads((dest / "MANIFEST.json").read_text())["blobs"] == 4

    fresh = Settings(f"sqlite:///{tmp_path / 'fresh' / 'archive.sqlite'}", tmp_path / "fresh")
    restored = Nianbao(fresh)("restore", str(dest))
    assert restored.exit_code == 0, restored.output

    def rows(path: Path) -> dict[str, list[tuple]]:
        with sqlite3.connect(path) as db:
            tables = [t for (t,) in db.execute("SELECT name FROM sqlite_master WHERE type='table'")]
            return {t: db.execute(f'SELECT * FROM "{t}" ORDER BY 1').fetchall() for t in tables}

    assert rows(settings.data_dir / "archive.sqlite") == rows(fresh.data_dir / "archive.sqlite")
    original = {
        p.relative_to(settings.blob_dir): p.read_bytes() for p in settings.blob_dir.rglob("*.zst")
    }
    copy = {p.relative_to(fresh.blob_dir): p.read_bytes() for p in fresh.blob_dir.rglob("*.zst")}
    assert original == copy and len(copy) == 4

    again = Nianbao(fresh)("restore", str(dest))
    assert again.exit_code == 65 and "already exists" in again.stderr
    assert nianbao("backup", str(dest)).exit_code == 65  # never over an earlier backup


@pytest.mark.slow
def test_a_postgresql_archive_backs_up_and_restores_into_an_empty_database(
    postgres_url: str, tmp_path: Path
) -> None:
    admin = create_engine(postgres_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as db:
        for name in ("backup_src", "backup_dst"):
            db.execute(text(f"DROP DATABASE IF EXISTS {name}"))
            db.execute(text(f"CREATE DATABASE {name}"))
    admin.dispose()
    base = make_url(postgres_url)
    src = Settings(base.set(database="backup_src").render_as_string(False), tmp_path / "src")
    dst = Settings(base.set(database="backup_dst").render_as_string(False), tmp_path / "dst")
    upgrade(src.db_url)
    engine = make_engine(src.db_url)
    _archive(session_factory(engine), src)
    dest = tmp_path / "backup"
    made = Nianbao(src)("backup", str(dest))
    assert made.exit_code == 0, made.output
    manifest = json.loads((dest / "MANIFEST.json").read_text())
    assert (manifest["backend"], manifest["database"], manifest["blobs"]) == (
        "postgresql",
        "archive.pgdump",
        4,
    )

    restored = Nianbao(dst)("restore", str(dest))
    assert restored.exit_code == 0, restored.output

    def rows(url: str) -> dict[str, list[tuple]]:
        eng = make_engine(url)
        with eng.connect() as db:
            found = {
                t.name: [tuple(r) for r in db.execute(select(t).order_by(*t.primary_key))]
                for t in Base.metadata.sorted_tables
            }
        eng.dispose()
        return found

    assert rows(src.db_url) == rows(dst.db_url)
    assert sum(len(v) for v in rows(dst.db_url).values()) > 4
    copy = {p.relative_to(dst.blob_dir): p.read_bytes() for p in dst.blob_dir.rglob("*.zst")}
    assert copy == {
        p.relative_to(src.blob_dir): p.read_bytes() for p in src.blob_dir.rglob("*.zst")
    }
    assert Nianbao(dst)("fsck").exit_code == 0
    again = Nianbao(dst)("restore", str(dest))  # never over an archive
    assert again.exit_code == 65 and "empty database" in again.stderr, again.output
    # A server that does not answer: one line, and no backup folder half made.
    gone = Settings(base.set(port=_closed_port()).render_as_string(False), tmp_path / "gone")
    failed = Nianbao(gone)("backup", str(tmp_path / "backup2"))
    assert failed.exit_code == 69, failed.output
    assert "Connection refused" in failed.stderr and failed.stderr.count("\n") == 1
    assert not (tmp_path / "backup2" / "MANIFEST.json").exists()
    engine.dispose()


def test_a_server_archive_without_its_data_folder_makes_no_backup_folder(tmp_path: Path) -> None:
    # Asked for first: no dump is made into a folder a later, right call would refuse.
    settings = Settings(f"postgresql://127.0.0.1:{_closed_port()}/archive", None)
    with pytest.raises(ConfigError, match="NIANBAO_DATA"):
        backup(settings, tmp_path / "backup")
    assert not (tmp_path / "backup").exists()
