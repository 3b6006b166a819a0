"""Titles and year sentences as real portals write them (``shared/real``).

- ``list_title``: a report's title in a column list, drawn by the shape frequencies of
  ``title-shapes.md`` (S01 107, S02 23, S04 21, S03b 9, S03 6, S04b 6, S08 3, S05 2,
  S10 2, S09b 1, S12 5), plus the irregularities listed there (stray spaces, a line break,
  a double year, 年 missing after the year, ``(文字版)``). ``yearless=True`` gives the
  no-year shapes (S06/S07 and 年报 variants).
- ``doc_title``: the heading inside the document: with or without the year, with or
  without the body, sometimes broken over two lines.
- ``period_sentence``: the statistics-period sentence in the variants of
  ``report-years.md`` §2, garbled ones included (``202311日至1231``).
- ``twin_title`` / ``news_title``: what else a 年报 column lists (解读, 图解, 一图读懂,
  meetings, notices).
"""

from __future__ import annotations

import random

# (weight, template): {b} body, {y} year. Weights are the totals of title-shapes.md.
SHAPES: tuple[tuple[int, str, str], ...] = (
    (107, "S01", "{b}{y}年政府信息公开工作年度报告"),
    (23, "S02", "{b}{y}年度政府信息公开工作年度报告"),
    (14, "S04", "{y}年{b}政府信息公开工作年度报告"),
    (7, "S04", "{y}年度{b}政府信息公开工作年度报告"),
    (5, "S03b", "{b}{y}年政府信息公开年度报告"),
    (4, "S03b", "{b}{y}年度信息公开年度报告"),
    (3, "S03", "{b}{y}年政府信息公开工作报告"),
    (3, "S03", "{b}{y}年度政府信息公开工作报告"),
    (6, "S04b", "{y}年度{b}政府信息公开工作报告"),
    (3, "S08", "{y}年政府信息公开工作年度报告"),
    (2, "S05", "{b}政府信息公开工作{y}年度报告"),
    (1, "S10", "{b}{y}年度政府信息公开年报"),
    (1, "S10", "{y}年{b}信息公开年报"),
    (1, "S09b", "{b} {y}年度政府信息公开工作的报告"),
    (1, "S12", "{b}{y}年度政府信息公开年度工作报告"),
    (1, "S12", "{b}{y}年度政府信息工作年度报告"),
    (1, "S12", "{b}{y}年度政府信息公开工作年度报告(文字版)"),
    (1, "S12", "{y}{b}{y}年度政府信息公开工作年度报告"),  # double year
    (1, "S12", "{y}{b}政府信息公开工作年度报告"),  # 年 missing after the year
)
YEARLESS: tuple[tuple[int, str, str], ...] = (
    (6, "S06", "{b}政府信息公开工作年度报告"),
    (2, "S06", "{b}政府信息公开年度报告"),
    (1, "S06", "{b}政府信息公开年报"),
    (1, "S06", "{b}政务信息公开工作年度报告"),
)


def _pick(rng: random.Random, shapes: tuple[tuple[int, str, str], ...]) -> tuple[str, str]:
    _, shape, template = rng.choices(shapes, weights=[w for w, _, _ in shapes])[0]
    return shape, template


def list_title(rng: random.Random, body: str, year: int, *, yearless: bool) -> tuple[str, str]:
    """(shape id, title) of a report as a column lists it."""
    shape, template = _pick(rng, YEARLESS if yearless else SHAPES)
    title = template.format(b=body, y=year)
    roll = rng.random()
    if roll < 0.04 and "{b}{y}" in template:
        title = title.replace(f"{body}{year}", f"{body} {year}", 1)  # 秀山…办公室 2023年
    elif roll < 0.06 and f"{year}年" in title:
        title = title.replace(f"{year}年", f"{year} 年", 1)  # 清水县教育局2023 年
    elif roll < 0.08:
        title = title + "  "  # 丰城市筱塘乡人民政府2024年…年度报告␠␠
    return shape, title


def doc_title(rng: random.Random, body: str, year: int, *, with_year: bool,
              with_body: bool = True) -> str:
    """The heading the document gives itself."""
    b = body if with_body else ""
    if with_year:
        title = rng.choice([f"{b}{year}年政府信息公开工作年度报告",
                            f"{b}{year}年政府信息公开工作年度报告",
                            f"{b}{year}年度政府信息公开工作年度报告",
                            f"{year}年{b}政府信息公开工作年度报告"])
    else:
        title = f"{b}政府信息公开工作年度报告"
    if rng.random() < 0.1:  # 西咸新区底张街道办事处2023年度政府\n信息公开工作年度报告
        cut = title.index("信息公开")
        title = title[:cut] + "\n" + title[cut:]
    return title


# Statistics-period sentences, verbatim shapes from report-years.md §2 ({y} = year,
# {yy} = the year's last two digits, {s} = the body's short self-name).
PERIODS: tuple[str, ...] = (
    "本报告所列数据的统计期限自{y}年1月1日起至{y}年12月31日止。",
    "本报告所列数据的统计期限自{y}年1月1日起至{y}年12月31日止。",
    "本报告所列数据的统计期限自{y}年1月1日起至{y}年12月31日止。",
    "本报告数据统计时限为{y}11日至1231。",
    "本报告中所列数据的统计期限自{y}1月1日起至{y}12月31日止。",
    "数据统计期限从{y}11日到1231日止。",
    "本报告中所列数据的统计期限自{y}11日起至{y}1230日止。",
    "本报告内容涵盖{y}年1月1日至12月21日{s}政府信息公开工作情况。",
    "统计书记时间段:{y}年1月1日起至{y}年12月31日止。",
    "本年度报告中所列数据的统计期限为:{y}年1月1日——{y}年12月31日。",
    "本报告所列数据截止日期为{y}年12月31日。",
    "报告中所列数据统计期限为{y}年1月1日到12月31日。",
    "本报告中所列数据的统计期限自{y}年1月1日起至{y}{yy}年12月31日止。",
    "本报告数据统计时限为{y}年1月1日至12月31日。",
)


def period_sentence(rng: random.Random, year: int, short: str) -> str:
    return rng.choice(PERIODS).format(y=year, yy=str(year)[2:], s=short)


def twin_title(rng: random.Random, body: str, year: int) -> str:
    """A 解读 / 图解 article beside the report (S11): not a report."""
    report = f"{body}{year}年政府信息公开工作年度报告"
    return rng.choice([
        f"关于{report}的解读",
        f"关于{report}的解读",
        f"文字解读:关于{report}的解读",
        f"文字解读:{report}",
        f"图解:{report}",
        f"一图读懂{report}",
    ])


def news_title(rng: random.Random, county: str, body: str, year: int) -> str:
    """An ordinary item a 年报 column also lists (meetings, notices, work plans)."""
    return rng.choice([
        f"{county}召开{year}年度政务公开工作推进会",
        f"{body}开展政府信息公开专题培训",
        f"关于印发《{county}{year}年政务公开工作要点》的通知",
        f"关于做好{year}年度政府信息公开工作年度报告编制和发布工作的通知",
        f"{county}{year}年第四季度政府网站和政务新媒体检查情况的通报",
        f"{body}召开{year}年度工作会暨党风廉政建设会议",
        f"{county}政府信息公开指南",
    ])
