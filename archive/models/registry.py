"""What to watch: regions, the bodies that must publish, the sources that list them,
and per-region deadline overrides. Filled by ``nianbao sources import``.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base, str_enum, utcnow
from .enums import BodyLevel, RegionLevel


class Region(Base):
    """A GB/T 2260 (6-digit) or NBS (9/12-digit) administrative division.

    ``parent_code`` is a plain code, not a foreign key: a registry may name a parent
    (a prefecture, say) that it does not register itself.
    """

    __tablename__ = "regions"

    code: Mapped[str] = mapped_column(String(12), primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    parent_code: Mapped[str | None] = mapped_column(String(12), index=True)
    level: Mapped[RegionLevel] = mapped_column(str_enum(RegionLevel, "region_level"))
    # The as-of date of the administrative-divisions edition that last listed this region
    # (``regions import-divisions``); None for a region registered by hand.
    edition: Mapped[date | None]
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    bodies: Mapped[list[Body]] = relationship(back_populates="region")


class Body(Base):
    """A body that must publish a report each year (one row per name and region)."""

    __tablename__ = "bodies"
    __table_args__ = (
        UniqueConstraint("region_code", "name"),
        # missing and overdue read every body in this order with these columns: from
        # this index alone, not from the rows in another order (archive/overdue/absent.py)
        Index("ix_bodies_by_region_name", "region_code", "name", "level", "inactive_from"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), index=True)
    aliases: Mapped[list[Any]] = mapped_column(default=list)
    level: Mapped[BodyLevel] = mapped_column(str_enum(BodyLevel, "body_level"))
    region_code: Mapped[str] = mapped_column(ForeignKey("regions.code"))
    # Set when the body's division left the administrative divisions (merged, renamed):
    # the body keeps its reports but is not expected to publish for report years from
    # this date's year on.
    inactive_from: Mapped[date | None]
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    region: Mapped[Region] = relationship(back_populates="bodies")


class Source(Base):
    """A page that lists reports (a 年报 column); one source may list many bodies."""

    __tablename__ = "sources"

    id: Mapped[int] = mapped_column(primary_key=True)
    url: Mapped[str] = mapped_column(String(2000), unique=True)
    region_code: Mapped[str] = mapped_column(ForeignKey("regions.code"), index=True)
    # A CMS family name checked against the crawler's registry (archive/families.py):
    # a plain string, so a new family needs no migration.
    family: Mapped[str] = mapped_column(String(32), default="auto")
    name: Mapped[str | None] = mapped_column(String(200))
    settings: Mapped[dict[str, Any]] = mapped_column(default=dict)
    enabled: Mapped[bool] = mapped_column(default=True)
    # Set by ``sources remove``: out of the registry, its captures and reports kept.
    removed_at: Mapped[datetime | None]
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    region: Mapped[Region] = relationship()


class DeadlineRule(Base):
    """An override of the built-in deadline: by level, by region, or both."""

    __tablename__ = "deadline_rules"
    __table_args__ = (
        UniqueConstraint("level", "region_code"),
        CheckConstraint("month BETWEEN 1 AND 12", name="month_range"),
        CheckConstraint("day BETWEEN 1 AND 31", name="day_range"),
        Index(None, "region_code"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    level: Mapped[BodyLevel | None] = mapped_column(str_enum(BodyLevel, "deadline_level"))
    region_code: Mapped[str | None] = mapped_column(String(12))
    month: Mapped[int]
    day: Mapped[int]
    # Months after the report year: 1 means "in year Y+1" (the only case the 条例 uses).
    year_offset: Mapped[int] = mapped_column(default=1)
