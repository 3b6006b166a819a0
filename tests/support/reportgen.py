"""Random, realistic 政府信息公开工作年度报告 data, and the oracle for its 勾稽 rules.

`random_report(rng, "2021")` returns a report dict in exactly the shape of
`shared/spec/report-schema.md` (without `checks`): a township with mostly zeros, a
county bureau or a county government with larger numbers, fees in 万元 with up to four
decimals, sometimes blank cells (`None`) and sometimes rows left out of `active`.

`expected_failed_checks(report)` recomputes every rule of the schema from the data
alone, written independently of the extractor, and returns the failed ones as
`{"rule", "expected", "found"}` (a blank cell counts as 0). Conventions for the two
numbers of each rule:

| rule | expected | found |
|---|---|---|
| `applications.balance.<column>` | `new + carried_over` | `total + carried_forward` |
| `applications.results.<column>` | sum of the result rows | the `total` row |
| `applications.row_total.<row>` | sum of the six applicant columns | the row's `total` |
| `appeals.<group>.total` | `upheld + corrected + other + pending` | `total` |
| `cell.not_a_number` | `None` | the text found in the cell |

`inconsistent_report(rng, template)` breaks one or two rules on purpose and returns the
report with the names of the rules it broke, so tests can hold the oracle to them.
"""

from __future__ import annotations

import copy
import math
import random
from collections.abc import Iterable, Sequence
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

# Fictional place names: none of them is meant to be a real county or town.
_COUNTY_NAMES = (
    "青溪", "石桥", "白马", "柳河", "安平", "云岭", "东湖", "南屏", "清河", "临川",
    "永宁", "长乐", "新丰", "桃源", "龙泉", "凤山", "宜阳", "华亭", "静海", "西平",
)
_TOWN_NAMES = (
    "大柳", "王庄", "花园", "双河", "杨楼", "马集", "城关", "孙店", "李堂", "黄岗",
    "高庙", "三里", "新集", "刘口", "前营", "北湖", "南街", "文昌", "金星", "古城",
)
_CITY_NAMES = ("江州", "宁阳", "嘉禾", "临泽", "泰和", "平遥", "阜川", "汉东")
_DEPARTMENTS = (
    "教育局", "卫生健康委员会", "自然资源局", "市场监督管理局", "住房和城乡建设局",
    "交通运输局", "民政局", "人力资源和社会保障局", "农业农村局", "生态环境分局",
    "财政局", "公安局", "应急管理局", "水利局",
)


def random_body(rng: random.Random, scale: Scale) -> str:
    """A realistic, fictional publishing body for the scale."""
    county = rng.choice(_COUNTY_NAMES)
    town = rng.choice(_TOWN_NAMES)
    if scale == "township":
        return rng.choice(
            [
                f"{town}镇人民政府",
                f"{county}县{town}镇人民政府",
                f"{town}乡人民政府",
                f"{town}街道办事处",
                f"{county}区{town}街道办事处",
            ]
        )
    if scale == "department":
        return rng.choice([f"{county}县", f"{county}区", f"{county}市"]) + rng.choice(_DEPARTMENTS)
    return rng.choice(
        [
            f"{county}县人民政府",
            f"{rng.choice(_CITY_NAMES)}市{county}区人民政府",
            f"{county}县人民政府办公室",
            f"{county}市人民政府",
        ]
    )


def scale_of_body(body: str) -> Scale:
    """Guess the scale of a body from its name (for a caller-given body)."""
    if body.endswith(("镇人民政府", "乡人民政府", "街道办事处")):
        return "township"
    if body.endswith(("人民政府", "人民政府办公室")):
        return "county"
    return "department"


def random_year(rng: random.Random, template: Template) -> int:
    """2019 template mostly for 2019–2020, 2021 template for 2021 on (sometimes 2020)."""
    if template == "2019":
        return rng.choice([2019, 2019, 2020, 2020, 2020, 2021]) if rng.random() < 0.9 else 2022
    return 2020 if rng.random() < 0.1 else rng.choice([2021, 2022, 2023, 2024])


# ---------------------------------------------------------------------------
# drawing numbers


def _small(rng: random.Random, p_zero: float, high: int) -> int:
    """Zero with probability p_zero, otherwise a log-uniform draw in 1..high."""
    if high <= 0 or rng.random() < p_zero:
        return 0
    return max(1, min(high, int(math.exp(rng.uniform(0.0, math.log(high + 1))))))


def _amount(rng: random.Random, high: float) -> float:
    """A 万元 amount with up to four decimals."""
    return round(rng.uniform(0.01, high), rng.choice([1, 2, 4, 4, 4]))


_RESULT_WEIGHTS: dict[str, float] = {
    "granted": 40,
    "partial": 6,
    "denied_state_secret": 0.3,
    "denied_law": 0.6,
    "denied_security": 0.4,
    "denied_third_party": 1,
    "denied_internal": 1,
    "denied_process": 1.5,
    "denied_enforcement_file": 0.5,
    "denied_query": 0.8,
    "unable_not_held": 14,
    "unable_needs_creation": 2,
    "unable_unclear": 1.5,
    "rejected_petition": 4,
    "rejected_duplicate": 3,
    "rejected_publication": 0.5,
    "rejected_excessive": 0.5,
    "rejected_confirmation": 0.7,
    "other_no_correction": 2,
    "other_no_fee": 0.3,
    "other": 3,
}

# (probability the column is zero, upper bound) for new applications, per scale
_APPLICANT_PROFILE: dict[str, dict[str, tuple[float, int]]] = {
    "township": {
        "natural_person": (0.55, 6),
        "enterprise": (0.9, 2),
        "research": (0.99, 1),
        "social_org": (0.98, 1),
        "legal_service": (0.95, 1),
        "other": (0.95, 1),
    },
    "department": {
        "natural_person": (0.15, 60),
        "enterprise": (0.6, 12),
        "research": (0.95, 2),
        "social_org": (0.9, 3),
        "legal_service": (0.7, 6),
        "other": (0.8, 4),
    },
    "county": {
        "natural_person": (0.02, 400),
        "enterprise": (0.3, 40),
        "research": (0.85, 3),
        "social_org": (0.75, 6),
        "legal_service": (0.4, 25),
        "other": (0.6, 10),
    },
}


def _spread(rng: random.Random, n: int, rows: Sequence[str]) -> dict[str, int]:
    """Distribute n handled applications over the result rows."""
    out = dict.fromkeys(rows, 0)
    weights = [_RESULT_WEIGHTS[r] for r in rows]
    for row in rng.choices(list(rows), weights=weights, k=n):
        out[row] += 1
    return out


def _applications(rng: random.Random, template: Template, scale: Scale) -> dict[str, Any]:
    rows = APPLICATION_ROWS[template]
    results = RESULT_ROWS[template]
    apps: dict[str, dict[str, Cell]] = {row: {} for row in rows}
    profile = _APPLICANT_PROFILE[scale]
    for col in APPLICANTS:
        p_zero, high = profile[col]
        new = _small(rng, p_zero, high)
        if scale == "county" and col == "natural_person":
            new = max(new, rng.randint(5, 60))
        carried = _small(rng, 0.8, max(1, high // 10)) if new or rng.random() < 0.1 else 0
        forward = rng.randint(0, min(new + carried, max(1, (new + carried) // 6)))
        if rng.random() < 0.6:
            forward = 0
        handled = new + carried - forward
        spread = _spread(rng, handled, results)
        apps["new"][col] = new
        apps["carried_over"][col] = carried
        for row in results:
            apps[row][col] = spread[row]
        apps["total"][col] = handled
        apps["carried_forward"][col] = forward
    for row in rows:
        apps[row]["total"] = sum(int(apps[row][c] or 0) for c in APPLICANTS)
    # keep the schema's column order inside each row
    return {row: {c: apps[row][c] for c in APPLICANT_COLUMNS} for row in rows}


def _appeals(rng: random.Random, scale: Scale) -> dict[str, Any]:
    high = {"township": 1, "department": 4, "county": 12}[scale]
    p_zero = {"township": 0.95, "department": 0.7, "county": 0.35}[scale]
    out: dict[str, dict[str, Cell]] = {}
    for group in APPEAL_GROUPS:
        cells: dict[str, Cell] = {f: _small(rng, p_zero, high) for f in APPEAL_FIELDS[:-1]}
        cells["total"] = sum(int(v or 0) for v in cells.values())
        out[group] = cells
    return out


def _active(rng: random.Random, template: Template, scale: Scale) -> dict[str, Any]:
    big = {"township": 0, "department": 1, "county": 2}[scale]
    doc_high = (0, 8, 40)[big]
    in_force_high = (3, 60, 300)[big]
    lic_high = (40, 3000, 25000)[big]
    pen_high = (15, 800, 6000)[big]
    coerce_high = (3, 40, 200)[big]
    fee_high = (5.0, 800.0, 9000.0)[big]
    p0 = (0.7, 0.25, 0.05)[big]
    if template == "2021":
        regs_in_force = _small(rng, 0.8, in_force_high // 5) if big == 2 else 0
        active: dict[str, dict[str, Cell]] = {
            "regulations": {
                "issued": 0 if big < 2 else _small(rng, 0.7, 3),
                "repealed": 0 if big < 2 else _small(rng, 0.8, 2),
                "in_force": regs_in_force,
            },
            "normative_documents": {
                "issued": _small(rng, p0, doc_high or 2),
                "repealed": _small(rng, p0 + 0.1, max(1, doc_high // 2)),
                "in_force": _small(rng, p0 / 2, in_force_high),
            },
            "licensing": {"decisions": _small(rng, p0, lic_high)},
            "penalty": {"decisions": _small(rng, p0, pen_high)},
            "coercion": {"decisions": _small(rng, p0 + 0.2, coerce_high)},
            "fees": {"amount": 0 if rng.random() < p0 else _amount(rng, fee_high)},
        }
        return active

    def change(prev: int) -> int:
        return 0 if rng.random() < 0.6 else rng.randint(-min(prev, 5), 6)

    def items(high: int) -> dict[str, Cell]:
        prev = _small(rng, p0, max(1, high // 20))
        return {"previous": prev, "change": change(prev), "decisions": _small(rng, p0, high)}

    made = _small(rng, p0, doc_high or 2)
    fee_prev = _small(rng, p0, (2, 20, 60)[big])
    return {
        "regulations": {
            "made": 0 if big < 2 else _small(rng, 0.7, 3),
            "published": 0,
            "total_published": 0 if big < 2 else _small(rng, 0.6, 30),
        },
        "normative_documents": {
            "made": made,
            "published": made,
            "total_published": made + _small(rng, p0 / 2, in_force_high),
        },
        "licensing": items(lic_high),
        "other_services": items(max(5, lic_high // 4)),
        "penalty": items(pen_high),
        "coercion": items(coerce_high),
        "fees": {"previous": fee_prev, "change": change(fee_prev)},
        "procurement": {
            "projects": _small(rng, p0, (4, 40, 300)[big]),
            "amount": 0 if rng.random() < p0 else _amount(rng, fee_high * 3),
        },
    }


def blank_zeros(rng: random.Random, report: dict[str, Any], p: float) -> dict[str, Any]:
    """Turn some zero cells into blanks (`None`); every rule still holds (blank = 0)."""
    for section in ("active", "applications", "appeals"):
        for row in report[section].values():
            for key, value in row.items():
                if value == 0 and rng.random() < p:
                    row[key] = None
    return report


def random_report(
    rng: random.Random,
    template: Template,
    *,
    consistent: bool = True,
    year: int | None = None,
    body: str | None = None,
    scale: Scale | None = None,
    blank_p: float | None = None,
    drop_active: Iterable[str] | None = None,
) -> dict[str, Any]:
    """A random report in the schema's shape (no `checks`).

    `consistent=True`: every 勾稽 rule holds. `consistent=False`: one or two rules are
    broken on purpose (use `inconsistent_report` to learn which). `blank_p` blanks that
    share of the zero cells (default: usually none, sometimes a few); `drop_active`
    names `active` rows to leave out (default: now and then one).
    """
    if template not in ACTIVE_FIELDS:
        raise ValueError(f"unknown template {template!r}")
    if not consistent:
        report, _ = inconsistent_report(
            rng, template, year=year, body=body, scale=scale, blank_p=blank_p,
            drop_active=drop_active,
        )
        return report
    if scale is None:
        scale = scale_of_body(body) if body else rng.choice(
            ["township", "township", "department", "county"]
        )
    report: dict[str, Any] = {
        "schema": SCHEMA_VERSION,
        "template": template,
        "year": year if year is not None else random_year(rng, template),
        "body": body if body is not None else random_body(rng, scale),
        "active": _active(rng, template, scale),
        "applications": _applications(rng, template, scale),
        "appeals": _appeals(rng, scale),
    }
    if blank_p is None:
        blank_p = rng.choice([0.0, 0.0, 0.0, 0.1, 0.3])
    blank_zeros(rng, report, blank_p)
    if drop_active is None:
        optional = ["coercion", "fees"]
        if template == "2019":
            optional += ["procurement", "other_services"]
        drop_active = [rng.choice(optional)] if rng.random() < 0.15 else []
    for key in drop_active:
        report["active"].pop(key, None)
    return report


# ---------------------------------------------------------------------------
# breaking rules on purpose

# Each breaker changes cells so that exactly the listed rules fail (for a column c).
# "results": granted[c] and granted.total up -> results.c, results.total
# "row_total": new.total up -> row_total.new, balance.total
# "balance": carried_forward[c] and carried_forward.total up -> balance.c, balance.total
# "appeals": review/litigation total up -> appeals.<group>.total
_BREAKERS = ("results", "row_total", "balance", "appeals")
_COMPATIBLE = (
    ("results",), ("row_total",), ("balance",), ("appeals",),
    ("results", "row_total"), ("results", "balance"), ("results", "appeals"),
    ("row_total", "appeals"), ("balance", "appeals"),
)


def _bump(row: dict[str, Cell], key: str, k: int) -> None:
    row[key] = int(row[key] or 0) + k


def break_rules(
    rng: random.Random, report: dict[str, Any], kinds: Sequence[str] | None = None
) -> tuple[dict[str, Any], list[str]]:
    """Copy of a consistent report with rules broken; returns it and the broken rules."""
    out = copy.deepcopy(report)
    apps = out["applications"]
    if kinds is None:
        kinds = rng.choice(_COMPATIBLE)
    if set(kinds) >= {"row_total", "balance"}:
        raise ValueError("row_total and balance breakers may cancel out on balance.total")
    broken: list[str] = []
    for kind in kinds:
        k = rng.choice([1, 1, 2, 3, 6])
        col = rng.choice(["natural_person", "natural_person", "enterprise", "legal_service"])
        if kind == "results":
            _bump(apps["granted"], col, k)
            _bump(apps["granted"], "total", k)
            broken += [f"applications.results.{col}", "applications.results.total"]
        elif kind == "row_total":
            _bump(apps["new"], "total", k)
            broken += ["applications.row_total.new", "applications.balance.total"]
        elif kind == "balance":
            _bump(apps["carried_forward"], col, k)
            _bump(apps["carried_forward"], "total", k)
            broken += [f"applications.balance.{col}", "applications.balance.total"]
        elif kind == "appeals":
            group = rng.choice(APPEAL_GROUPS)
            _bump(out["appeals"][group], "total", k)
            broken.append(f"appeals.{group}.total")
        else:
            raise ValueError(f"unknown breaker {kind!r}")
    return out, sorted(set(broken), key=rule_order)


def inconsistent_report(
    rng: random.Random,
    template: Template,
    *,
    kinds: Sequence[str] | None = None,
    **kwargs: Any,
) -> tuple[dict[str, Any], list[str]]:
    """A report with one or two rules broken, and the names of the broken rules."""
    base = random_report(rng, template, consistent=True, **kwargs)
    return break_rules(rng, base, kinds)


# ---------------------------------------------------------------------------
# the oracle


def _n(value: Cell) -> int | float:
    return 0 if value is None else value


def _num(value: int | float) -> int | float:
    """Integers stay integers in the output (sums of cells)."""
    return int(value) if float(value).is_integer() else value


def all_rules(template: str) -> list[str]:
    """Every arithmetic rule that applies to a report of the template, in order."""
    rules = [f"applications.balance.{c}" for c in APPLICANT_COLUMNS]
    rules += [f"applications.results.{c}" for c in APPLICANT_COLUMNS]
    rules += [f"applications.row_total.{r}" for r in APPLICATION_ROWS[template]]
    rules += [f"appeals.{g}.total" for g in APPEAL_GROUPS]
    return rules


def rule_order(rule: str) -> tuple[int, int]:
    """Sort key that puts rules in the order of `all_rules` (2021 superset)."""
    order = all_rules("2021")
    return (order.index(rule), 0) if rule in order else (len(order), 0)


def compute_checks(report: dict[str, Any]) -> list[dict[str, Any]]:
    """Every arithmetic rule with `ok`, `expected`, `found` (blank = 0)."""
    template = report["template"]
    apps: dict[str, dict[str, Cell]] = report.get("applications") or {}
    checks: list[dict[str, Any]] = []

    def cell(row: str, col: str) -> int | float:
        return _n((apps.get(row) or {}).get(col))

    def add(rule: str, expected: int | float, found: int | float) -> None:
        expected, found = _num(expected), _num(found)
        checks.append({"rule": rule, "ok": expected == found, "expected": expected, "found": found})

    for col in APPLICANT_COLUMNS:
        add(
            f"applications.balance.{col}",
            cell("new", col) + cell("carried_over", col),
            cell("total", col) + cell("carried_forward", col),
        )
    for col in APPLICANT_COLUMNS:
        add(
            f"applications.results.{col}",
            sum(cell(r, col) for r in RESULT_ROWS[template]),
            cell("total", col),
        )
    for row in APPLICATION_ROWS[template]:
        if row in apps:
            add(
                f"applications.row_total.{row}",
                sum(cell(row, c) for c in APPLICANTS),
                cell(row, "total"),
            )
    for group in APPEAL_GROUPS:
        g = (report.get("appeals") or {}).get(group)
        if g is not None:
            add(
                f"appeals.{group}.total",
                sum(_n(g.get(f)) for f in APPEAL_FIELDS[:-1]),
                _n(g.get("total")),
            )
    return checks


def expected_failed_checks(
    report: dict[str, Any], not_a_number: Iterable[str] = ()
) -> list[dict[str, Any]]:
    """The failed rules of a report as `{"rule", "expected", "found"}`, in rule order.

    `not_a_number` lists the texts of cells that held something that is not a number
    (the report has `None` there); each adds a `cell.not_a_number` failure.
    """
    failed = [
        {"rule": c["rule"], "expected": c["expected"], "found": c["found"]}
        for c in compute_checks(report)
        if not c["ok"]
    ]
    failed += [{"rule": "cell.not_a_number", "expected": None, "found": t} for t in not_a_number]
    return failed


# ---------------------------------------------------------------------------
# shape


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
