"""discovery evidence, family names, city and province levels

- ``report_versions.year_basis`` / ``body_basis`` / ``evidence``: which rung of the
  evidence ladder decided a report's year and body, and what every rung said.
- ``sources.family`` becomes a plain string checked against the crawler's family
  registry (a new family needs no migration); ``sources.removed_at`` for
  ``nianbao sources remove``.
- Body levels gain province and city governments and their departments.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-02 07:30:51.237972
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import archive.models.base

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

OLD_LEVELS = ("county", "county_department", "township", "street")
NEW_LEVELS = (
    "province",
    "province_department",
    "city",
    "city_department",
    *OLD_LEVELS,
)
FAMILIES = ("auto", "trs", "jcms", "generic")


def _level(values: tuple[str, ...], name: str) -> sa.Enum:
    return sa.Enum(*values, name=name, native_enum=False, create_constraint=True, length=32)


def _sqlite() -> bool:
    return op.get_bind().dialect.name == "sqlite"


def _check(table: str, name: str, column: str, values: tuple[str, ...]) -> None:
    """Replace the CHECK constraint of a non-native enum (batch mode on SQLite rebuilds
    the table from the new type instead)."""
    op.drop_constraint(op.f(f"ck_{table}_{name}"), table, type_="check")
    listed = ", ".join(f"'{v}'" for v in values)
    op.create_check_constraint(op.f(f"ck_{table}_{name}"), table, f"{column} IN ({listed})")


def _set_levels(values: tuple[str, ...], old: tuple[str, ...]) -> None:
    for table, name in (("bodies", "body_level"), ("deadline_rules", "deadline_level")):
        if not _sqlite():
            _check(table, name, "level", values)
            continue
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.alter_column(
                "level", type_=_level(values, name), existing_type=_level(old, name)
            )


def upgrade() -> None:
    with op.batch_alter_table("report_versions", schema=None) as batch_op:
        batch_op.add_column(sa.Column("year_basis", sa.String(length=32), nullable=True))
        batch_op.add_column(sa.Column("body_basis", sa.String(length=32), nullable=True))
        batch_op.add_column(sa.Column("evidence", sa.JSON(), nullable=True))

    with op.batch_alter_table("sources", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("removed_at", archive.models.base.UTCDateTime(timezone=True), nullable=True)
        )
        # the enum's CHECK constraint goes with its type, on every backend
        batch_op.alter_column(
            "family",
            type_=sa.String(length=32),
            existing_type=_level(FAMILIES, "source_family"),
            existing_nullable=False,
        )
    _set_levels(NEW_LEVELS, OLD_LEVELS)


def downgrade() -> None:
    _set_levels(OLD_LEVELS, NEW_LEVELS)
    with op.batch_alter_table("sources", schema=None) as batch_op:
        batch_op.drop_column("removed_at")
        batch_op.alter_column(
            "family",
            type_=_level(FAMILIES, "source_family"),
            existing_type=sa.String(length=32),
            existing_nullable=False,
        )

    with op.batch_alter_table("report_versions", schema=None) as batch_op:
        batch_op.drop_column("evidence")
        batch_op.drop_column("body_basis")
        batch_op.drop_column("year_basis")
