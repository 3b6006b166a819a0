"""A webhook: one JSON POST per check, ``{"source": "nianbao", "alerts": [events]}``."""

from __future__ import annotations

import json
import os
import urllib.error
import urllib.request
from typing import Any

from .. import __version__
from .channels import Channel, ChannelError


class WebhookChannel(Channel):
    """POSTs the batch; any 2xx answer is a delivery, anything else an error.

    ``headers`` are sent as given; ``headers_env`` maps a header to an environment
    variable that holds its value (for tokens kept out of the config file).
    """

    type = "webhook"

    def __init__(
        self,
        url: str,
        *,
        headers: dict[str, str] | None = None,
        headers_env: dict[str, str] | None = None,
        timeout: float = 10.0,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self.url, self.timeout = url, timeout
        self.headers = dict(headers or {})
        self.headers_env = dict(headers_env or {})

    def send(self, events: list[dict[str, Any]]) -> None:
        body = json.dumps({"source": "nianbao", "alerts": events}, ensure_ascii=False, default=str)
        headers = {
            "Content-Type": "application/json; charset=utf-8",
            "User-Agent": f"nianbao/{__version__}",
            **self.headers,
            **{h: os.environ.get(var, "") for h, var in self.headers_env.items()},
        }
        request = urllib.request.Request(
            self.url, data=body.encode("utf-8"), headers=headers, method="POST"
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                status = response.status
        except urllib.error.HTTPError as exc:
            raise ChannelError(f"POST {self.url}: HTTP {exc.code} {exc.reason}") from exc
        except (urllib.error.URLError, OSError) as exc:
            reason = getattr(exc, "reason", exc)
            raise ChannelError(f"POST {self.url}: {reason}") from exc
        if not 200 <= status < 300:
            raise ChannelError(f"POST {self.url}: HTTP {status}")
