"""Delivery: stdout, JSON lines, a real SMTP server (aiosmtpd) and a loopback webhook,
with failures that leave events pending for the next check."""

from __future__ import annotations

import json
import socket
from collections.abc import Iterator
from datetime import date
from email import message_from_bytes
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from archive.alerts import AlertsConfig, check_and_deliver, load_config
from archive.alerts.channels import ChannelError, StdoutChannel, send_with_retries
from archive.alerts.config import parse_config
from archive.alerts.smtp import SmtpChannel
from archive.alerts.webhook import WebhookChannel
from archive.errors import InputError
from archive.models import Alert, AlertStatus
from archive.models.findings import AlertDelivery, DeliveryStatus
from crawler.sample_portals.loopback import LoopbackServer
from tests.archive import builders as b
from tests.conftest import Nianbao


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class _Inbox:
    def __init__(self) -> None:
        self.messages: list[Any] = []

    async def handle_DATA(self, server, session, envelope):  # type: ignore[no-untyped-def]
        self.messages.append(message_from_bytes(envelope.content))
        return "250 OK"


@pytest.fixture
def smtp_port() -> int:
    return _free_port()


def _start_smtp(port: int) -> tuple[Controller, _Inbox]:
    inbox = _Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    return controller, inbox


class _Hook(BaseHTTPRequestHandler):
    received: list[dict[str, Any]]
    status = 200

    def do_POST(self) -> None:
        length = int(self.headers["Content-Length"])
        self.server.received.append(  # type: ignore[attr-defined]
            {"body": json.loads(self.rfile.read(length)), "auth": self.headers.get("X-Token")}
        )
        self.send_response(self.server.status)  # type: ignore[attr-defined]
        self.end_headers()

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture
def webhook() -> Iterator[ThreadingHTTPServer]:
    with LoopbackServer(_Hook, name="webhook") as server:
        assert server.httpd is not None
        server.httpd.received = []  # type: ignore[attr-defined]
        server.httpd.status = 200  # type: ignore[attr-defined]
        yield server.httpd


def _overdue_state(sessions: sessionmaker[Session]) -> int:
    with sessions.begin() as s:
        return b.registry(s)["dept"].id


def _deliveries(sessions: sessionmaker[Session], channel: str) -> dict[str, int]:
    with sessions() as s:
        rows = s.scalars(select(AlertDelivery).where(AlertDelivery.channel == channel)).all()
        return {
            status: sum(1 for r in rows if r.status == status) for status in ("pending", "sent")
        }


def test_smtp_delivers_to_a_real_server(sessions: sessionmaker[Session], smtp_port: int) -> None:
    _overdue_state(sessions)
    controller, inbox = _start_smtp(smtp_port)
    try:
        channel = SmtpChannel(
            "127.0.0.1", ["desk@example.org"], "nianbao@example.org", port=smtp_port, name="mail"
        )
        report = check_and_deliver(sessions, AlertsConfig([channel], 2, 0), date(2024, 2, 15))
    finally:
        controller.stop()
    assert report.failed == [] and report.raised
    assert len(inbox.messages) == 1
    msg = inbox.messages[0]
    assert msg["To"] == "desk@example.org" and "raised" in msg["Subject"]
    assert "民权县教育局" in msg.get_payload(decode=True).decode("utf-8")
    assert _deliveries(sessions, "mail") == {"pending": 0, "sent": len(report.raised)}
    with sessions() as s:
        assert {a.status for a in s.scalars(select(Alert))} == {AlertStatus.SENT}


def test_smtp_down_keeps_alerts_pending_until_the_next_check(
    sessions: sessionmaker[Session], smtp_port: int
) -> None:
    _overdue_state(sessions)
    channel = SmtpChannel(
        "127.0.0.1",
        ["desk@example.org"],
        "nianbao@example.org",
        port=smtp_port,
        name="mail",
        timeout=2,
    )
    sleeps: list[float] = []
    config = AlertsConfig([StdoutChannel(), channel], retries=3, backoff=0.5)
    report = check_and_deliver(sessions, config, date(2024, 2, 15), sleep=sleeps.append)
    assert [o.channel for o in report.failed] == ["mail"]
    assert report.failed[0].attempts == 3 and sleeps == [0.5, 1.0]  # bounded, doubling
    raised = len(report.raised)
    assert _deliveries(sessions, "mail") == {"pending": raised, "sent": 0}
    assert _deliveries(sessions, "stdout") == {"pending": 0, "sent": raised}
    with sessions() as s:
        assert {a.status for a in s.scalars(select(Alert))} == {AlertStatus.PENDING}

    controller, inbox = _start_smtp(smtp_port)
    try:
        again = check_and_deliver(sessions, config, date(2024, 2, 16), sleep=sleeps.append)
    finally:
        controller.stop()
    assert again.raised == [] and again.failed == []
    assert len(inbox.messages) == 1
    assert _deliveries(sessions, "mail") == {"pending": 0, "sent": raised}
    with sessions() as s:
        assert {a.status for a in s.scalars(select(Alert))} == {AlertStatus.SENT}


def test_webhook_posts_new_and_resolved_alerts(
    sessions: sessionmaker[Session], webhook: ThreadingHTTPServer, monkeypatch
) -> None:
    body_id = _overdue_state(sessions)
    monkeypatch.setenv("HOOK_TOKEN", "s3cret")
    url = f"http://127.0.0.1:{webhook.server_address[1]}/hook"
    channel = WebhookChannel(url, headers_env={"X-Token": "HOOK_TOKEN"}, kinds=["overdue"])
    config = AlertsConfig([channel], 2, 0)
    check_and_deliver(sessions, config, date(2024, 2, 15))
    first = webhook.received[0]  # type: ignore[attr-defined]
    assert first["auth"] == "s3cret" and first["body"]["source"] == "nianbao"
    keys = {e["key"] for e in first["body"]["alerts"]}
    assert f"overdue:{body_id}:2023" in keys
    assert {e["event"] for e in first["body"]["alerts"]} == {"raised"}

    with sessions.begin() as s:
        dept = s.get(b.Body, body_id)
        b.report(s, dept, 2023, first_seen=b.at("2024-02-20"))
    check_and_deliver(sessions, config, date(2024, 2, 21))
    second = webhook.received[1]["body"]["alerts"]  # type: ignore[attr-defined]
    assert [(e["event"], e["key"], e["status"]) for e in second] == [
        ("resolved", f"overdue:{body_id}:2023", "resolved")
    ]


def test_webhook_error_status_is_a_failure_then_delivered(
    sessions: sessionmaker[Session], webhook: ThreadingHTTPServer
) -> None:
    _overdue_state(sessions)
    webhook.status = 503  # type: ignore[attr-defined]
    url = f"http://127.0.0.1:{webhook.server_address[1]}/hook"
    config = AlertsConfig([WebhookChannel(url)], 2, 0)
    report = check_and_deliver(sessions, config, date(2024, 2, 15))
    assert "HTTP 503" in report.failed[0].error
    assert len(webhook.received) == 2  # type: ignore[attr-defined]
    webhook.status = 204  # type: ignore[attr-defined]
    assert check_and_deliver(sessions, config, date(2024, 2, 15)).failed == []
    assert _deliveries(sessions, "webhook")["pending"] == 0


def test_retries_stop_at_the_first_success() -> None:
    calls = []

    class Flaky(StdoutChannel):
        def send(self, events):  # type: ignore[no-untyped-def]
            calls.append(1)
            if len(calls) < 2:
                raise ChannelError("try again")

    outcome = send_with_retries(Flaky(), [{"delivery_id": 1}], retries=5, backoff=0)
    assert outcome.ok and outcome.attempts == 2


def test_config_file_and_its_errors(tmp_path: Path) -> None:
    path = tmp_path / "alerts.yaml"
    path.write_text(
        "retries: 2\nbackoff: 0.1\nchannels:\n  - {type: stdout}\n"
        "  - {type: jsonl, path: out/alerts.jsonl}\n"
        "  - {type: smtp, name: mail, host: 127.0.0.1, port: 2525, from: a@b.cn, to: c@d.cn}\n"
        "  - {type: webhook, url: 'http://127.0.0.1:9/x', kinds: [overdue]}\n",
        encoding="utf-8",
    )
    config = load_config(path)
    assert [c.name for c in config.channels] == ["stdout", "jsonl", "mail", "webhook"]
    assert config.retries == 2 and not config.channels[3].wants("revision")
    for doc, message in [
        ({"channels": [{"type": "pager"}]}, "unknown type 'pager'"),
        ({"channels": [{"type": "smtp", "host": "h", "to": "a@b"}]}, "needs from"),
        ({"channels": [{"type": "stdout"}, {"type": "stdout"}]}, "two channels are named"),
        ({"channels": [{"type": "webhook", "url": "ftp://x"}]}, "must start with http"),
        ({"retries": 0, "channels": [{"type": "stdout"}]}, "retries"),
    ]:
        with pytest.raises(InputError, match=message):
            parse_config(doc)


def test_cli_alerts_check_jsonl_and_list(
    nianbao: Nianbao, sessions: sessionmaker[Session], tmp_path: Path, smtp_port: int
) -> None:
    body_id = _overdue_state(sessions)
    out = tmp_path / "alerts.jsonl"
    config = tmp_path / "alerts.yaml"
    config.write_text(
        f"retries: 1\nbackoff: 0\nchannels:\n  - {{type: jsonl, path: '{out}'}}\n"
        f"  - {{type: smtp, name: mail, host: 127.0.0.1, port: {smtp_port}, from: a@b.cn,"
        " to: c@d.cn, timeout: 2}\n",
        encoding="utf-8",
    )
    result = nianbao("alerts", "check", "--as-of", "2024-02-15", "--config", str(config))
    assert result.exit_code == 75
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 1 and "channel mail failed" in errors[0] and "pending" in errors[0]
    lines = [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines()]
    assert f"overdue:{body_id}:2023" in {e["key"] for e in lines}
    listed = json.loads(nianbao("alerts", "list", "--json").stdout)
    dept = next(r for r in listed if r["key"] == f"overdue:{body_id}:2023")
    assert dept["deliveries"] == {"jsonl:raised": "sent", "mail:raised": "pending"}
    assert dept["status"] == "pending" and dept["body"] == "民权县教育局"
    with sessions() as s:
        assert s.scalars(
            select(AlertDelivery).where(AlertDelivery.status == DeliveryStatus.PENDING)
        ).first()
    assert nianbao("alerts", "list").exit_code == 0
