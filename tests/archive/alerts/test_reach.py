"""Alerts that reach people: a channel added later gets the open alerts once; a test
notice proves a channel works; a duplicate schedule is refused."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from sqlalchemy.orm import Session, sessionmaker

from archive.alerts import AlertsConfig, check_and_deliver
from archive.alerts.channels import JsonlChannel, StdoutChannel
from tests.archive import builders as b
from tests.archive.alerts.test_delivery import _overdue_state
from tests.conftest import Nianbao


def _lines(path: Path) -> list[dict]:
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text("utf-8").splitlines()]


def test_a_channel_added_later_receives_the_open_alerts_once(
    sessions: sessionmaker[Session], tmp_path: Path
) -> None:
    _overdue_state(sessions)
    first = check_and_deliver(sessions, AlertsConfig([StdoutChannel()], 1, 0), date(2024, 2, 15))
    assert first.raised
    log = tmp_path / "desk.jsonl"
    later = AlertsConfig([StdoutChannel(), JsonlChannel(log, name="desk")], 1, 0)
    second = check_and_deliver(sessions, later, date(2024, 2, 16))
    assert second.raised == [] and second.backfilled == len(first.raised)
    got = _lines(log)
    assert sorted(e["key"] for e in got) == sorted(first.raised)
    assert {e["event"] for e in got} == {"raised"}
    check_and_deliver(sessions, later, date(2024, 2, 17))
    assert len(_lines(log)) == len(got)  # once


def test_alerts_test_sends_a_notice_and_names_an_unknown_channel(
    nianbao: Nianbao, tmp_path: Path
) -> None:
    log = tmp_path / "desk.jsonl"
    config = tmp_path / "alerts.yaml"
    config.write_text(
        f"channels:\n  - type: jsonl\n    name: desk\n    path: {log}\n", encoding="utf-8"
    )
    sent = nianbao("alerts", "test", "--config", str(config))
    assert sent.exit_code == 0, sent.output
    assert [e["event"] for e in _lines(log)] == ["test"]
    unknown = nianbao("alerts", "test", "--config", str(config), "--channel", "dsek")
    assert unknown.exit_code == 65
    assert unknown.stderr.strip() == "error: unknown channel dsek; nearest: desk"
    broken = tmp_path / "broken.yaml"
    broken.write_text(
        f"channels:\n  - type: jsonl\n    name: bad\n    path: {tmp_path / 'f' / 'x.jsonl'}\n"
        "retries: 1\n",
        encoding="utf-8",
    )
    (tmp_path / "f").write_text("a file where a folder should be")
    failed = nianbao("alerts", "test", "--config", str(broken))
    assert failed.exit_code == 75 and failed.stderr.startswith("error: channel bad failed")


def test_a_duplicate_schedule_is_refused_with_one_line(
    nianbao: Nianbao, sessions: sessionmaker[Session]
) -> None:
    with sessions.begin() as s:
        b.registry(s)
    assert nianbao("schedule", "add", "--region", "411421", "--cron", "0 3 * * 1").exit_code == 0
    again = nianbao("schedule", "add", "--region", "411421", "--cron", "0 3 * * 1")
    assert again.exit_code == 65
    assert again.stderr.strip().splitlines() == [
        "error: schedule 1 already crawls region 411421 at '0 3 * * 1': nothing added "
        "(nianbao schedule list)"
    ]
    typo = nianbao("schedule", "add", "--region", "41142", "--cron", "0 3 * * 1")
    assert typo.exit_code == 65 and "nearest: 411421" in typo.stderr
