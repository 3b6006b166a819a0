"""Chinese names for the archive's closed vocabularies: levels, statuses, finding kinds.

Tables and pages show these; JSON keeps the English values.

>>> zh("county_department")
'县级部门'
>>> zh("no_such_word")
'no_such_word'
"""

from __future__ import annotations

from datetime import datetime

from .overdue.dates import CHINA

WORDS: dict[str, str] = {
    # body and region levels
    "province": "省级政府",
    "province_department": "省级部门",
    "city": "市级政府",
    "city_department": "市级部门",
    "county": "县级政府",
    "county_department": "县级部门",
    "township": "乡镇",
    "street": "街道",
    "village": "村",
    # cells of the coverage grid and overdue statuses
    "found": "已发布",
    "on_time": "按时",
    "late": "逾期发布",
    "missing": "未发布",
    "unknown": "无法确认",
    "blocked": "被拦截",
    "broken": "链接失效",
    "unreachable": "无法访问",
    "not_due": "未到期",
    # fetch outcomes, runs, alerts, reports
    "ok": "正常",
    "not_modified": "未变化",
    "too_large": "过大",
    "error": "错误",
    "running": "进行中",
    "finished": "已完成",
    "interrupted": "已中断",
    "failed": "失败",
    "pending": "待发送",
    "sent": "已发送",
    "resolved": "已解决",
    "active": "有效",
    "withdrawn": "已撤下",
    "info": "提示",
    "warning": "警告",
    # finding and alert kinds
    "check_failed": "勾稽关系不符",
    "continuity": "跨年度不衔接",
    "claimed_date_changed": "发布日期被改",
    "claimed_date_contradicted": "发布日期与抓取矛盾",
    "documents_disagree": "文档之间不一致",
    "no_year": "无法确定年度",
    "overdue": "逾期",
    "revision": "发布后修改",
    "source_broken": "栏目异常",
    "not_a_report": "不是年报",
    "needs_ocr": "需要文字识别",
    "extract_failed": "提取失败",
}


def zh(word: str | None) -> str:
    """The Chinese name of a vocabulary value; the value itself when it has none."""
    if word is None:
        return ""
    return WORDS.get(str(word), str(word))


def china_time(moment: datetime | str | None) -> str:
    """A stored UTC time as China time, to the minute (``2025-06-30 20:00``)."""
    if moment is None or moment == "":
        return ""
    if isinstance(moment, str):
        try:
            moment = datetime.fromisoformat(moment)
        except ValueError:
            return moment
    if moment.tzinfo is None:
        return moment.strftime("%Y-%m-%d %H:%M")
    return moment.astimezone(CHINA).strftime("%Y-%m-%d %H:%M")
