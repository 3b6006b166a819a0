"""Email over SMTP: one message per check, listing every new and resolved alert."""

from __future__ import annotations

import os
import smtplib
import ssl
from collections import Counter
from email.message import EmailMessage
from typing import Any

from .channels import Channel, ChannelError, line


class SmtpChannel(Channel):
    """Sends a plain-text email; ``starttls`` or ``ssl`` and a login are optional.

    The password comes from the environment (``password_env``), never the config file.
    """

    type = "smtp"

    def __init__(
        self,
        host: str,
        to: list[str],
        sender: str,
        *,
        port: int = 25,
        starttls: bool = False,
        use_ssl: bool = False,
        username: str | None = None,
        password_env: str | None = None,
        timeout: float = 20.0,
        subject_prefix: str = "nianbao",
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self.host, self.port, self.to, self.sender = host, port, to, sender
        self.starttls, self.use_ssl = starttls, use_ssl
        self.username, self.password_env = username, password_env
        self.timeout, self.subject_prefix = timeout, subject_prefix

    def message(self, events: list[dict[str, Any]]) -> EmailMessage:
        counts = Counter(e["event"] for e in events)
        parts = [f"{n} {what}" for what, n in sorted(counts.items())]
        msg = EmailMessage()
        msg["Subject"] = f"{self.subject_prefix}: {', '.join(parts)} alert(s)"
        msg["From"] = self.sender
        msg["To"] = ", ".join(self.to)
        body = [line(e) for e in events]
        msg.set_content("\n".join(body) + "\n")
        return msg

    def send(self, events: list[dict[str, Any]]) -> None:
        msg = self.message(events)
        try:
            if self.use_ssl:
                client: smtplib.SMTP = smtplib.SMTP_SSL(
                    self.host, self.port, timeout=self.timeout, context=ssl.create_default_context()
                )
            else:
                client = smtplib.SMTP(self.host, self.port, timeout=self.timeout)
            with client:
                if self.starttls:
                    client.starttls(context=ssl.create_default_context())
                if self.username:
                    password = os.environ.get(self.password_env or "", "")
                    client.login(self.username, password)
                client.send_message(msg)
        except (OSError, smtplib.SMTPException) as exc:
            raise ChannelError(f"SMTP {self.host}:{self.port}: {exc}") from exc
