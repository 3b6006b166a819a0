"""A crawl node's Scrapyd HTTP JSON API, and the crawl-run tasks the cluster sends it.

``ScrapydNode`` wraps ``schedule.json`` / ``listjobs.json`` / ``daemonstatus.json`` of one
node and keeps what this scheduler has running there; ``Task`` is one crawl run (the
sources of a few hosts) and its latest Scrapyd job. ``dispatch.ClusterScheduler`` decides
what goes where.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

import httpx

PROJECT = "nianbao"
SPIDER = "portals"


class NodeUnreachable(Exception):
    """The node did not answer (refused, timed out) or answered with an error."""


class ScrapydNode:
    """One node's Scrapyd HTTP JSON API, and what this scheduler has running there."""

    def __init__(self, url: str, timeout: float = 10.0) -> None:
        self.url = url.rstrip("/")
        self.client = httpx.Client(base_url=self.url, timeout=timeout)
        self.jobs: dict[str, Task] = {}
        self.down_since: datetime | None = None
        self.alert_key: str | None = None
        self.next_probe = 0.0

    def _call(self, method: str, path: str, **kwargs: Any) -> dict[str, Any]:
        try:
            answer = self.client.request(method, path, **kwargs)
            data = answer.json()
        except (httpx.HTTPError, ValueError) as exc:
            raise NodeUnreachable(f"{type(exc).__name__}: {exc}"[:300]) from None
        if not isinstance(data, dict) or data.get("status") != "ok":
            message = data.get("message") if isinstance(data, dict) else data
            raise NodeUnreachable(f"Scrapyd answered: {message}"[:300])
        return data

    def status(self) -> dict[str, Any]:
        return self._call("GET", "/daemonstatus.json")

    def schedule(self, job_id: str, args: dict[str, str], settings: dict[str, str]) -> None:
        form: dict[str, Any] = {"project": PROJECT, "spider": SPIDER, "jobid": job_id, **args}
        form["setting"] = [f"{k}={v}" for k, v in settings.items()]
        self._call("POST", "/schedule.json", data=form)

    def job_states(self) -> dict[str, str]:
        """Job id → pending | running | finished, for this node's nianbao jobs."""
        data = self._call("GET", "/listjobs.json", params={"project": PROJECT})
        return {
            job["id"]: state
            for state in ("pending", "running", "finished")
            for job in data.get(state, [])
        }

    def close(self) -> None:
        self.client.close()


@dataclass
class Task:
    """One crawl run for the sources of a few hosts; one Scrapyd job per attempt."""

    run_id: int
    region: str
    hosts: list[str]
    source_ids: list[int]
    node: ScrapydNode | None = None
    job_id: str | None = None
    attempts: int = 0
    outcome: str = "queued"
    done: bool = False
    renewed: float = 0.0

    @property
    def leases(self) -> list[str]:
        return [f"host:{h}" for h in self.hosts]
