"""The archive's SQLAlchemy models; import from here (``from archive.models import Body``)."""

from .base import Base, UTCDateTime, utcnow
from .crawl import Blob, Capture, CrawlRun
from .enums import (
    AlertStatus,
    BodyLevel,
    FetchOutcome,
    RegionLevel,
    ReportStatus,
    RunStatus,
    Severity,
)
from .findings import Alert, Finding, Schedule
from .registry import Body, DeadlineRule, Region, Source
from .reports import Report, ReportVersion, Sighting
from .users import User

__all__ = [
    "Alert",
    "AlertStatus",
    "Base",
    "Blob",
    "Body",
    "BodyLevel",
    "Capture",
    "CrawlRun",
    "DeadlineRule",
    "FetchOutcome",
    "Finding",
    "Region",
    "RegionLevel",
    "Report",
    "ReportStatus",
    "ReportVersion",
    "RunStatus",
    "Schedule",
    "Severity",
    "Sighting",
    "Source",
    "UTCDateTime",
    "User",
    "utcnow",
]
