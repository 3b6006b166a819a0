"""Closed vocabularies stored in the archive (levels, statuses, kinds)."""

from __future__ import annotations

import enum


class BodyLevel(enum.StrEnum):
    """Who must publish; decides the legal deadline (条例 第四十九条)."""

    PROVINCE = "province"
    PROVINCE_DEPARTMENT = "province_department"
    CITY = "city"
    CITY_DEPARTMENT = "city_department"
    COUNTY = "county"
    COUNTY_DEPARTMENT = "county_department"
    TOWNSHIP = "township"
    STREET = "street"


class RegionLevel(enum.StrEnum):
    PROVINCE = "province"
    CITY = "city"
    COUNTY = "county"
    TOWNSHIP = "township"
    VILLAGE = "village"


class RunStatus(enum.StrEnum):
    RUNNING = "running"
    FINISHED = "finished"
    INTERRUPTED = "interrupted"
    FAILED = "failed"


class FetchOutcome(enum.StrEnum):
    """What one fetch amounted to; only ``ok`` and ``not_modified`` are evidence of content."""

    OK = "ok"
    NOT_MODIFIED = "not_modified"
    BLOCKED = "blocked"
    BROKEN = "broken"
    UNREACHABLE = "unreachable"
    TOO_LARGE = "too_large"
    ERROR = "error"


class ReportStatus(enum.StrEnum):
    ACTIVE = "active"
    WITHDRAWN = "withdrawn"


class Severity(enum.StrEnum):
    INFO = "info"
    WARNING = "warning"
    ERROR = "error"


class AlertStatus(enum.StrEnum):
    PENDING = "pending"
    SENT = "sent"
    RESOLVED = "resolved"
