"""A manual crawl takes the region's lease, the one scheduled crawls take: two crawls of
one region never run at once; a holder killed on this host does not block for long."""

from __future__ import annotations

import socket
import subprocess
import sys

from click.testing import CliRunner
from sqlalchemy.orm import Session, sessionmaker

import crawler.cli  # noqa: F401  (adds crawl to the group)
from archive.cli.main import cli
from archive.config import Settings
from archive.models import Region
from archive.models.enums import RegionLevel
from archive.scheduler import acquire
from archive.scheduler.lock import crawl_lease_key, holder_of


def _crawl(settings: Settings, *args: str):  # type: ignore[no-untyped-def]
    env = {"NIANBAO_DB": settings.db_url, "NIANBAO_DATA": str(settings.data_dir)}
    return CliRunner().invoke(cli, ["crawl", *args], env=env, catch_exceptions=False)


def _region(sessions: sessionmaker[Session]) -> str:
    with sessions.begin() as s:
        s.add(Region(code="411421", name="民权县", level=RegionLevel.COUNTY))
    return "411421"


def test_a_region_being_crawled_refuses_a_second_crawl(
    sessions: sessionmaker[Session], settings: Settings
) -> None:
    region = _region(sessions)
    with sessions.begin() as s:
        assert acquire(s, crawl_lease_key(region), "otherhost:4242:manual", 600)
    result = _crawl(settings, "--region", region)
    assert result.exit_code == 75
    assert result.stderr.strip().splitlines() == [
        f"error: region {region} is already being crawled by otherhost:4242:manual "
        f"(lease crawl:{region} until "
        + result.stderr.split("until ", 1)[1].split(")")[0]
        + "): wait for it to finish"
    ]
    with sessions() as s:
        assert holder_of(s, crawl_lease_key(region)).holder == "otherhost:4242:manual"


def test_a_lease_left_by_a_killed_crawl_on_this_host_is_taken_over(
    sessions: sessionmaker[Session], settings: Settings
) -> None:
    region = _region(sessions)
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    with sessions.begin() as s:
        assert acquire(s, crawl_lease_key(region), f"{socket.gethostname()}:{dead.pid}:manual", 600)
    result = _crawl(settings, "--region", region)
    # past the lease: the region has no sources, which is the next thing said
    assert result.exit_code == 65 and "no registered sources" in result.stderr
    with sessions() as s:
        assert holder_of(s, crawl_lease_key(region)) is None  # released at the end
