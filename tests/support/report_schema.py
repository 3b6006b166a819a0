"""The report's shape: `docs/report-schema.md` as key sets, and `shape_errors`.

Row and column keys per template (`RESULT_ROWS`, `APPLICATION_ROWS`, `ACTIVE_FIELDS`,
`APPLICANT_COLUMNS`, `APPEAL_GROUPS`, `APPEAL_FIELDS`, `TOP_KEYS`), shared by the
generator, the oracle and the renderers; `shape_errors(report)` lists every way a
report differs from them (empty = valid).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Literal

Template = Literal["2019", "2021"]
Scale = Literal["township", "department", "county"]
Cell = int | float | None

SCHEMA_VERSION = 1

APPLICANT_COLUMNS: tuple[str, ...] = (
    "natural_person",
    "enterprise",
    "research",
    "social_org",
    "legal_service",
    "other",
    "total",
)
APPLICANTS: tuple[str, ...] = APPLICANT_COLUMNS[:-1]

DENIED_ROWS = (
    "denied_state_secret",
    "denied_law",
    "denied_security",
    "denied_third_party",
    "denied_internal",
    "denied_process",
    "denied_enforcement_file",
    "denied_query",
)
UNABLE_ROWS = ("unable_not_held", "unable_needs_creation", "unable_unclear")
REJECTED_ROWS = (
    "rejected_petition",
    "rejected_duplicate",
    "rejected_publication",
    "rejected_excessive",
    "rejected_confirmation",
)

RESULT_ROWS: dict[str, tuple[str, ...]] = {
    "2021": (
        "granted",
        "partial",
        *DENIED_ROWS,
        *UNABLE_ROWS,
        *REJECTED_ROWS,
        "other_no_correction",
        "other_no_fee",
        "other",
    ),
    "2019": ("granted", "partial", *DENIED_ROWS, *UNABLE_ROWS, *REJECTED_ROWS, "other"),
}

APPLICATION_ROWS: dict[str, tuple[str, ...]] = {
    t: ("new", "carried_over", *rows, "total", "carried_forward")
    for t, rows in RESULT_ROWS.items()
}

ACTIVE_FIELDS: dict[str, dict[str, tuple[str, ...]]] = {
    "2021": {
        "regulations": ("issued", "repealed", "in_force"),
        "normative_documents": ("issued", "repealed", "in_force"),
        "licensing": ("decisions",),
        "penalty": ("decisions",),
        "coercion": ("decisions",),
        "fees": ("amount",),
    },
    "2019": {
        "regulations": ("made", "published", "total_published"),
        "normative_documents": ("made", "published", "total_published"),
        "licensing": ("previous", "change", "decisions"),
        "other_services": ("previous", "change", "decisions"),
        "penalty": ("previous", "change", "decisions"),
        "coercion": ("previous", "change", "decisions"),
        "fees": ("previous", "change"),
        "procurement": ("projects", "amount"),
    },
}

APPEAL_GROUPS: tuple[str, ...] = ("review", "litigation_direct", "litigation_after_review")
APPEAL_FIELDS: tuple[str, ...] = ("upheld", "corrected", "other", "pending", "total")

TOP_KEYS: tuple[str, ...] = (
    "schema",
    "template",
    "year",
    "body",
    "active",
    "applications",
    "appeals",
)


def shape_errors(report: dict[str, Any]) -> list[str]:
    """Differences between a report and the schema's key sets (empty = valid)."""
    errors: list[str] = []
    if tuple(report) != TOP_KEYS:
        errors.append(f"top-level keys {list(report)} != {list(TOP_KEYS)}")
        return errors
    template = report["template"]
    if template not in ACTIVE_FIELDS:
        return [f"unknown template {template!r}"]
    if report["schema"] != SCHEMA_VERSION:
        errors.append(f"schema {report['schema']!r}")
    if report["year"] is not None and not isinstance(report["year"], int):
        errors.append("year is not an int")
    if report["body"] is not None and not isinstance(report["body"], str):
        errors.append("body is not a string")

    def cells_ok(where: str, row: dict[str, Any], fields: Sequence[str]) -> None:
        if list(row) != list(fields):
            errors.append(f"{where}: keys {list(row)} != {list(fields)}")
        for key, value in row.items():
            number = isinstance(value, int | float) and not isinstance(value, bool)
            if value is not None and not number:
                errors.append(f"{where}.{key}: {value!r} is not a number or null")

    fields = ACTIVE_FIELDS[template]
    for key, row in report["active"].items():
        if key not in fields:
            errors.append(f"active.{key}: not a row of template {template}")
        else:
            cells_ok(f"active.{key}", row, fields[key])
    if list(report["applications"]) != list(APPLICATION_ROWS[template]):
        errors.append(f"applications rows {list(report['applications'])}")
    for key, row in report["applications"].items():
        cells_ok(f"applications.{key}", row, APPLICANT_COLUMNS)
    if list(report["appeals"]) != list(APPEAL_GROUPS):
        errors.append(f"appeals groups {list(report['appeals'])}")
    for key, row in report["appeals"].items():
        cells_ok(f"appeals.{key}", row, APPEAL_FIELDS)
    return errors
