"""Alerts: notices for people when a report is overdue, a source broke, or a report changed.

``rules`` raises and resolves alerts in the archive (one per ``Alert.key``), ``delivery``
tracks each alert's delivery per channel, ``channels``/``smtp``/``webhook`` send them,
``config`` reads the channels from YAML, and ``service`` ties these together for
``nianbao alerts check`` and the scheduler.
"""

from .config import AlertsConfig, load_config
from .rules import CheckResult, check_alerts
from .service import CheckReport, check_and_deliver

__all__ = [
    "AlertsConfig",
    "CheckReport",
    "CheckResult",
    "check_alerts",
    "check_and_deliver",
    "load_config",
]
