"""The alerts configuration file (YAML): which channels, how many tries.

```yaml
retries: 3            # tries per channel and check (1-10)
overdue_requires_crawl: false  # true: alert only after a healthy crawl past the deadline
backoff: 1.0          # seconds before the 2nd try, doubled after each failure
channels:
  - {type: stdout}
  - {type: jsonl, path: /var/lib/nianbao/alerts.jsonl}
  - type: smtp
    name: editors                   # default: the type; must be unique
    host: smtp.example.org
    port: 587
    starttls: true
    username: nianbao
    password_env: NIANBAO_SMTP_PASSWORD
    from: nianbao@example.org
    to: [desk@example.org]
    kinds: [overdue, source_broken] # default: every kind
  - type: webhook
    url: https://hooks.example.org/nianbao
    headers_env: {Authorization: NIANBAO_WEBHOOK_TOKEN}
```

Without a file, alerts go to stdout. Errors name the file and the channel, in one line.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from ..errors import InputError
from .channels import Channel, JsonlChannel, StdoutChannel
from .smtp import SmtpChannel
from .webhook import WebhookChannel

KINDS = ("overdue", "source_broken", "revision")
_COMMON = {"type", "name", "kinds"}
_FIELDS: dict[str, set[str]] = {
    "stdout": set(),
    "jsonl": {"path"},
    "smtp": {
        "host",
        "port",
        "starttls",
        "ssl",
        "username",
        "password_env",
        "from",
        "to",
        "timeout",
        "subject_prefix",
    },
    "webhook": {"url", "headers", "headers_env", "timeout"},
}


@dataclass
class AlertsConfig:
    channels: list[Channel] = field(default_factory=lambda: [StdoutChannel()])
    retries: int = 3
    backoff: float = 1.0
    overdue_requires_crawl: bool = False


def load_config(path: Path | None) -> AlertsConfig:
    """Read ``path``; None gives the default (stdout only)."""
    if path is None:
        return AlertsConfig()
    try:
        doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise InputError(f"cannot read {path}: {exc.strerror}") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" line {mark.line + 1}" if mark else ""
        raise InputError(f"{path.name}{where}: YAML syntax error") from None
    return parse_config(doc or {}, path.name)


def parse_config(doc: Any, name: str = "alerts config") -> AlertsConfig:
    if not isinstance(doc, dict):
        raise InputError(f"{name}: expected a mapping with channels, retries, backoff")
    unknown = sorted(set(doc) - {"channels", "retries", "backoff", "overdue_requires_crawl"})
    if unknown:
        raise InputError(
            f"{name}: unknown key {unknown[0]!r} (expected channels, retries, backoff)"
        )
    retries, backoff = doc.get("retries", 3), doc.get("backoff", 1.0)
    if not isinstance(retries, int) or isinstance(retries, bool) or not 1 <= retries <= 10:
        raise InputError(f"{name}: retries must be a whole number from 1 to 10")
    if not isinstance(backoff, int | float) or isinstance(backoff, bool) or not 0 <= backoff <= 60:
        raise InputError(f"{name}: backoff must be a number of seconds from 0 to 60")
    items = doc.get("channels")
    if not isinstance(items, list) or not items:
        raise InputError(f"{name}: channels must be a non-empty list")
    channels = [_channel(item, f"{name} channels[{i}]") for i, item in enumerate(items)]
    seen: set[str] = set()
    for ch in channels:
        if ch.name in seen:
            raise InputError(f"{name}: two channels are named {ch.name!r}; give each a name")
        seen.add(ch.name)
    strict = doc.get("overdue_requires_crawl", False)
    if not isinstance(strict, bool):
        raise InputError(f"{name}: overdue_requires_crawl must be true or false")
    return AlertsConfig(channels, retries, float(backoff), strict)


def _channel(item: Any, where: str) -> Channel:
    if not isinstance(item, dict):
        raise InputError(f"{where}: must be a mapping with a type")
    kind = item.get("type")
    if kind not in _FIELDS:
        raise InputError(f"{where}: unknown type {kind!r} (expected {' | '.join(_FIELDS)})")
    unknown = sorted(set(item) - _COMMON - _FIELDS[kind])
    if unknown:
        raise InputError(f"{where}: unknown field {unknown[0]!r} for a {kind} channel")
    kinds = item.get("kinds")
    if kinds is not None and (
        not isinstance(kinds, list) or not kinds or any(k not in KINDS for k in kinds)
    ):
        raise InputError(f"{where}: kinds must be a list of {', '.join(KINDS)}")
    name = item.get("name")
    if name is not None and (not isinstance(name, str) or not name.strip()):
        raise InputError(f"{where}: name must be text")
    common: dict[str, Any] = {"name": name, "kinds": kinds}

    def need(key: str) -> Any:
        if item.get(key) in (None, ""):
            raise InputError(f"{where}: a {kind} channel needs {key}")
        return item[key]

    if kind == "stdout":
        return StdoutChannel(**common)
    if kind == "jsonl":
        return JsonlChannel(str(need("path")), **common)
    if kind == "webhook":
        url = str(need("url"))
        if not url.startswith(("http://", "https://")):
            raise InputError(f"{where}: url {url!r} must start with http:// or https://")
        for key in ("headers", "headers_env"):
            if not isinstance(item.get(key) or {}, dict):
                raise InputError(f"{where}: {key} must be a mapping")
        return WebhookChannel(
            url,
            headers=item.get("headers"),
            headers_env=item.get("headers_env"),
            timeout=float(item.get("timeout", 10)),
            **common,
        )
    to = need("to")
    if isinstance(to, str):
        to = [to]
    if not isinstance(to, list) or not all(isinstance(a, str) and "@" in a for a in to):
        raise InputError(f"{where}: to must be an address or a list of addresses")
    port = item.get("port", 25)
    if not isinstance(port, int) or not 0 < port < 65536:
        raise InputError(f"{where}: port must be a number from 1 to 65535")
    return SmtpChannel(
        str(need("host")),
        to,
        str(need("from")),
        port=port,
        starttls=bool(item.get("starttls", False)),
        use_ssl=bool(item.get("ssl", False)),
        username=item.get("username"),
        password_env=item.get("password_env"),
        timeout=float(item.get("timeout", 20)),
        subject_prefix=str(item.get("subject_prefix", "nianbao")),
        **common,
    )
