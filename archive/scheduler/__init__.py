"""The scheduler: crawl schedules kept in the archive, a database lease per region, and
one long-running process (``nianbao scheduler run``) that starts due crawls as
subprocesses and runs the alerts check.
"""

from .lock import acquire, release, renew
from .runner import Scheduler
from .store import add_schedule, due_at, next_run, remove_schedule, schedule_rows

__all__ = [
    "Scheduler",
    "acquire",
    "add_schedule",
    "due_at",
    "next_run",
    "release",
    "remove_schedule",
    "renew",
    "schedule_rows",
]
