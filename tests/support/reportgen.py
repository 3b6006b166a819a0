"""Random, realistic 政府信息公开工作年度报告 data, and the oracle for its 勾稽 rules.

`random_report(rng, "2021")` returns a report dict in exactly the shape of
`docs/report-schema.md` (without `checks`): a township with mostly zeros, a
county bureau or a county government with larger numbers, fees in 万元 with up to four
decimals, sometimes blank cells (`None`) and sometimes rows left out of `active`.

`inconsistent_report(rng, template)` breaks one or two rules on purpose and returns the
report with the names of the rules it broke, so tests can hold the oracle to them.

This module draws the reports; the shape and its key sets live in `report_schema`
(`shape_errors`), the rule oracle in `report_oracle` (`expected_failed_checks`,
`compute_checks`, `all_rules`, `rule_order`). Both are re-exported here, so callers
keep using `reportgen.X`.
"""

from __future__ import annotations

import copy
import math
import random
from collections.abc import Iterable, Sequence
from typing import Any

from tests.support.report_oracle import (
    all_rules,
    compute_checks,
    expected_failed_checks,
    rule_order,
)
from tests.support.report_schema import (
    ACTIVE_FIELDS,
    APPEAL_FIELDS,
    APPEAL_GROUPS,
    APPLICANT_COLUMNS,
    APPLICANTS,
    APPLICATION_ROWS,
    DENIED_ROWS,
    REJECTED_ROWS,
    RESULT_ROWS,
    SCHEMA_VERSION,
    TOP_KEYS,
    UNABLE_ROWS,
    Cell,
    Scale,
    Template,
    shape_errors,
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


__all__ = [
    "ACTIVE_FIELDS",
    "APPEAL_FIELDS",
    "APPEAL_GROUPS",
    "APPLICANTS",
    "APPLICANT_COLUMNS",
    "APPLICATION_ROWS",
    "DENIED_ROWS",
    "REJECTED_ROWS",
    "RESULT_ROWS",
    "SCHEMA_VERSION",
    "TOP_KEYS",
    "UNABLE_ROWS",
    "Cell",
    "Scale",
    "Template",
    "all_rules",
    "blank_zeros",
    "break_rules",
    "compute_checks",
    "expected_failed_checks",
    "inconsistent_report",
    "random_body",
    "random_report",
    "random_year",
    "rule_order",
    "scale_of_body",
    "shape_errors",
]
