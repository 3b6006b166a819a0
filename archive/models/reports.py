"""What was found: reports (one per body and year), their versions and sightings."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base, str_enum, utcnow
from .enums import ReportStatus

# what overdue reads of a report that could be late, first the columns it ranges over
_LATE_KEYS = ("year", "claimed_published", "first_seen", "body_id", "claimed_date_source")
_LATE_KEYS_BY_SEEN = ("year", "first_seen", "claimed_published", "body_id", "claimed_date_source")


class Report(Base):
    """The report of one body for one year, whatever URLs and versions it had.

    ``body_id`` is null for a body that is not registered; ``body_name`` then keeps the
    name as found, so nothing is dropped. Both uniques hold: one report per registered
    body and year, and one per name, region and year.

    ``claimed_published`` and ``claimed_date_source`` repeat version 1's (the date the
    report claims it was published never changes after version 1; later versions keep
    their own). Written with version 1 (``archive/versions.py``: ``keep_first_claim``),
    they let ``overdue`` find the reports that could be late from this table's
    indexes alone, year by year, instead of joining every report to its first version.
    """

    __tablename__ = "reports"
    __table_args__ = (
        UniqueConstraint("body_id", "year"),
        UniqueConstraint("region_code", "body_name", "year"),
        Index(None, "year"),
        # overdue asks for the newest first_seen: one step in this index, not a scan
        Index("ix_reports_first_seen", "first_seen"),
        # overdue's candidates per year: claimed after a date, or first seen after one;
        # each is a range in one of these, which also hold every column overdue reads
        # of a report, so the rows themselves are not visited (archive/overdue/late.py)
        Index("ix_reports_year_claimed", *_LATE_KEYS),
        Index("ix_reports_year_first_seen", *_LATE_KEYS_BY_SEEN),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    body_id: Mapped[int | None] = mapped_column(ForeignKey("bodies.id"))
    body_name: Mapped[str] = mapped_column(String(200))
    region_code: Mapped[str | None] = mapped_column(ForeignKey("regions.code"))
    year: Mapped[int]
    status: Mapped[ReportStatus] = mapped_column(
        str_enum(ReportStatus, "report_status"), default=ReportStatus.ACTIVE
    )
    withdrawn_run_id: Mapped[int | None] = mapped_column(ForeignKey("crawl_runs.id"))
    first_seen: Mapped[datetime] = mapped_column(default=utcnow)
    # version 1's claimed publication date and where it was read (see the docstring)
    claimed_published: Mapped[date | None]
    claimed_date_source: Mapped[str | None] = mapped_column(String(50))

    versions: Mapped[list[ReportVersion]] = relationship(
        back_populates="report", order_by="ReportVersion.number"
    )


class ReportVersion(Base):
    """One meaningful state of a report: its figures (schema JSON) and normalized text."""

    __tablename__ = "report_versions"
    __table_args__ = (
        UniqueConstraint("report_id", "number"),
        # overdue reads the claimed date of every first version: from this index, not
        # from rows that carry the text and figures
        Index(
            "ix_report_versions_claimed",
            "report_id",
            "number",
            "claimed_published",
            "claimed_date_source",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("reports.id"))
    number: Mapped[int]
    template: Mapped[str | None] = mapped_column(String(8))
    figures: Mapped[dict[str, Any]] = mapped_column(default=dict)
    text_hash: Mapped[str | None] = mapped_column(String(64))
    # The normalized text (archive/normalize.py) the hash is of, for text diffs.
    text: Mapped[str | None] = mapped_column(Text)
    url: Mapped[str | None] = mapped_column(String(2000))
    document_url: Mapped[str | None] = mapped_column(String(2000))
    document_format: Mapped[str | None] = mapped_column(String(16))
    capture_id: Mapped[int | None] = mapped_column(ForeignKey("captures.id"))
    document_blob_sha256: Mapped[str | None] = mapped_column(ForeignKey("blobs.sha256"))
    first_seen: Mapped[datetime] = mapped_column(default=utcnow)
    last_seen: Mapped[datetime] = mapped_column(default=utcnow)
    claimed_published: Mapped[date | None]
    claimed_date_source: Mapped[str | None] = mapped_column(String(50))
    extractor_version: Mapped[str | None] = mapped_column(String(32))
    # Which rung of the evidence ladder (archive/evidence.py) decided the year and the
    # body, and what every rung said: {"year": {"title": 2021, ...}, "conflicts": [...]}.
    year_basis: Mapped[str | None] = mapped_column(String(32))
    body_basis: Mapped[str | None] = mapped_column(String(32))
    evidence: Mapped[dict[str, Any] | None] = mapped_column(JSON)

    report: Mapped[Report] = relationship(back_populates="versions")


class Sighting(Base):
    """A capture at which a version was seen: keeps every URL a report lived at."""

    __tablename__ = "sightings"
    __table_args__ = (UniqueConstraint("version_id", "capture_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("report_versions.id"), index=True)
    capture_id: Mapped[int] = mapped_column(ForeignKey("captures.id"), index=True)
    url: Mapped[str] = mapped_column(String(2000))
    seen_at: Mapped[datetime] = mapped_column(default=utcnow)
