"""The template's own Chinese labels for every figure path, and the data dictionary.

A figure path is the schema's key path (``applications.granted.enterprise``); its label
is the row and column as the national template prints them (三（一）予以公开 · 商业企业).
The tables here are the schema's contract (``report-schema.md``) written as data, so the
terminal, the dashboard and the exports name a figure the same way.

>>> label("active.regulations.issued", "2021")
'二、主动公开 · 规章 · 本年制发件数'
>>> label("applications.granted.enterprise")
'三、申请 · 三（一）予以公开 · 商业企业'
>>> unit("active.fees.amount")
'万元'
>>> label("no.such.path")
'no.such.path'
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

SECTIONS = {
    "active": "二、主动公开",
    "applications": "三、申请",
    "appeals": "四、复议诉讼",
}
SECTION_TITLES = {
    "active": "二、主动公开政府信息情况",
    "applications": "三、收到和处理政府信息公开申请情况",
    "appeals": "四、政府信息公开行政复议、行政诉讼情况",
}
TOP = {"template": "模板", "year": "年度", "body": "发布机关"}

ACTIVE_ROWS = {
    "2021": {
        "regulations": ("规章", ("issued", "repealed", "in_force")),
        "normative_documents": ("行政规范性文件", ("issued", "repealed", "in_force")),
        "licensing": ("行政许可", ("decisions",)),
        "penalty": ("行政处罚", ("decisions",)),
        "coercion": ("行政强制", ("decisions",)),
        "fees": ("行政事业性收费", ("amount",)),
    },
    "2019": {
        "regulations": ("规章", ("made", "published", "total_published")),
        "normative_documents": ("规范性文件", ("made", "published", "total_published")),
        "licensing": ("行政许可", ("previous", "change", "decisions")),
        "other_services": ("其他对外管理服务事项", ("previous", "change", "decisions")),
        "penalty": ("行政处罚", ("previous", "change", "decisions")),
        "coercion": ("行政强制", ("previous", "change", "decisions")),
        "fees": ("行政事业性收费", ("previous", "change")),
        "procurement": ("政府集中采购", ("projects", "amount")),
    },
}
ACTIVE_FIELDS = {
    "issued": "本年制发件数",
    "repealed": "本年废止件数",
    "in_force": "现行有效件数",
    "decisions": "处理决定数量",
    "amount": "金额（万元）",
    "made": "本年新制作数量",
    "published": "本年新公开数量",
    "total_published": "对外公开总数量",
    "previous": "上一年项目数量",
    "change": "本年增/减",
    "projects": "采购项目数量",
}
APPLICANT_COLUMNS = {
    "natural_person": "自然人",
    "enterprise": "商业企业",
    "research": "科研机构",
    "social_org": "社会公益组织",
    "legal_service": "法律服务机构",
    "other": "其他",
    "total": "总计",
}
_APPLICATIONS_COMMON = (
    ("new", "一、本年新收政府信息公开申请数量"),
    ("carried_over", "二、上年结转政府信息公开申请数量"),
    ("granted", "三（一）予以公开"),
    ("partial", "三（二）部分公开"),
    ("denied_state_secret", "三（三）1.属于国家秘密"),
    ("denied_law", "三（三）2.其他法律行政法规禁止公开"),
    ("denied_security", "三（三）3.危及“三安全一稳定”"),
    ("denied_third_party", "三（三）4.保护第三方合法权益"),
    ("denied_internal", "三（三）5.属于三类内部事务信息"),
    ("denied_process", "三（三）6.属于四类过程性信息"),
    ("denied_enforcement_file", "三（三）7.属于行政执法案卷"),
    ("denied_query", "三（三）8.属于行政查询事项"),
    ("unable_not_held", "三（四）1.本机关不掌握相关政府信息"),
    ("unable_needs_creation", "三（四）2.没有现成信息需要另行制作"),
    ("unable_unclear", "三（四）3.补正后申请内容仍不明确"),
    ("rejected_petition", "三（五）1.信访举报投诉类申请"),
    ("rejected_duplicate", "三（五）2.重复申请"),
    ("rejected_publication", "三（五）3.要求提供公开出版物"),
    ("rejected_excessive", "三（五）4.无正当理由大量反复申请"),
    ("rejected_confirmation", "三（五）5.要求行政机关确认或重新出具已获取信息"),
)
_APPLICATIONS_TAIL = (
    ("total", "三（七）总计"),
    ("carried_forward", "四、结转下年度继续办理"),
)
APPLICATION_ROWS = {
    "2021": dict(
        (
            *_APPLICATIONS_COMMON,
            ("other_no_correction", "三（六）1.申请人无正当理由逾期不补正"),
            ("other_no_fee", "三（六）2.申请人逾期未按收费通知要求缴纳费用"),
            ("other", "三（六）3.其他"),
            *_APPLICATIONS_TAIL,
        )
    ),
    "2019": dict((*_APPLICATIONS_COMMON, ("other", "三（六）其他处理"), *_APPLICATIONS_TAIL)),
}
APPEAL_GROUPS = {
    "review": "行政复议",
    "litigation_direct": "行政诉讼（未经复议直接起诉）",
    "litigation_after_review": "行政诉讼（复议后起诉）",
}
APPEAL_FIELDS = {
    "upheld": "结果维持",
    "corrected": "结果纠正",
    "other": "其他结果",
    "pending": "尚未审结",
    "total": "总计",
}
TEMPLATES = ("2021", "2019")


def _row_label(section: str, row: str, template: str | None) -> str | None:
    if section == "active":
        for t in (template, *TEMPLATES):
            if t in ACTIVE_ROWS and row in ACTIVE_ROWS[t]:
                return ACTIVE_ROWS[t][row][0]
    elif section == "applications":
        for t in (template, *TEMPLATES):
            if t in APPLICATION_ROWS and row in APPLICATION_ROWS[t]:
                return APPLICATION_ROWS[t][row]
    elif section == "appeals":
        return APPEAL_GROUPS.get(row)
    return None


def _field_label(section: str, field: str) -> str | None:
    table = {"active": ACTIVE_FIELDS, "applications": APPLICANT_COLUMNS, "appeals": APPEAL_FIELDS}
    return table.get(section, {}).get(field)


def label(path: str, template: str | None = None, *, section: bool = True) -> str:
    """The template's words for ``path``; the path itself when the schema has none."""
    if path in TOP:
        return TOP[path]
    parts = path.split(".")
    if len(parts) != 3 or parts[0] not in SECTIONS:
        return path
    name, row, field = parts
    row_text = _row_label(name, row, template)
    field_text = _field_label(name, field)
    if row_text is None or field_text is None:
        return path
    words = [row_text, field_text]
    return " · ".join([SECTIONS[name], *words] if section else words)


def rule_label(rule: str | None) -> str:
    """What a check's rule says, in Chinese; the rule itself when it is not known.

    >>> rule_label("applications.balance.total")
    '本年新收＋上年结转＝总计＋结转下年度（总计）'
    >>> rule_label("appeals.review.total")
    '行政复议：总计＝维持＋纠正＋其他＋尚未审结'
    """
    if not rule:
        return ""
    parts = rule.split(".")
    if parts[:2] == ["applications", "balance"] and len(parts) == 3:
        column = APPLICANT_COLUMNS.get(parts[2], parts[2])
        return f"本年新收＋上年结转＝总计＋结转下年度（{column}）"
    if parts[:2] == ["applications", "results"] and len(parts) == 3:
        column = APPLICANT_COLUMNS.get(parts[2], parts[2])
        return f"总计＝各项处理结果之和（{column}）"
    if parts[:2] == ["applications", "row_total"] and len(parts) == 3:
        row = _row_label("applications", parts[2], None) or parts[2]
        return f"{row}：总计＝六类申请人之和"
    if parts[0] == "appeals" and len(parts) == 3 and parts[2] == "total":
        return f"{APPEAL_GROUPS.get(parts[1], parts[1])}：总计＝维持＋纠正＋其他＋尚未审结"
    if rule == "cell.not_a_number":
        return "单元格不是数字"
    return rule


def unit(path: str) -> str | None:
    """万元 for money, 件 for every count, None for what is not a figure."""
    parts = path.split(".")
    if len(parts) != 3 or parts[0] not in SECTIONS:
        return None
    if parts[0] == "active" and parts[2] == "amount":
        return "万元"
    return "件"


@dataclass(frozen=True)
class Entry:
    """One line of the data dictionary."""

    path: str
    label: str
    unit: str | None
    template: str

    def as_dict(self) -> dict[str, str | None]:
        return {
            "path": self.path,
            "label": self.label,
            "unit": self.unit,
            "template": self.template,
        }


def paths(template: str) -> Iterator[str]:
    """Every figure path of ``template``, in the template's order."""
    for row, (_, fields) in ACTIVE_ROWS[template].items():
        for field in fields:
            yield f"active.{row}.{field}"
    for row in APPLICATION_ROWS[template]:
        for column in APPLICANT_COLUMNS:
            yield f"applications.{row}.{column}"
    for group in APPEAL_GROUPS:
        for field in APPEAL_FIELDS:
            yield f"appeals.{group}.{field}"


def dictionary() -> list[Entry]:
    """Every figure path of both templates: one entry per (path, template)."""
    return [
        Entry(path, label(path, template), unit(path), template)
        for template in TEMPLATES
        for path in paths(template)
    ]


def all_paths() -> list[str]:
    """Every figure path of either template, 2021's order first, each once."""
    seen: dict[str, None] = {}
    for template in TEMPLATES:
        for path in paths(template):
            seen.setdefault(path)
    return list(seen)
