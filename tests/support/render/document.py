"""`build_document`: lay a report out as the national template's full text.

Title, introduction, sections 一 to 六 (prose and the three tables), signature and
date; the result is a `Document` every renderer can write.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from tests.support.report_schema import APPLICANT_COLUMNS

from .model import Block, Document, Para
from .prose import _NOTICE, _PROBLEMS, _short_name, prose_overview
from .tables import (
    DOCS_2019,
    ITEMS_2019,
    ORGANISATIONS,
    active_table,
    appeals_table,
    applications_table,
    apply_columns,
)

#: How titles name the report (real forms; the year is the year reported on).
TITLE_FORMS = (
    "{body}{year}年政府信息公开工作年度报告",
    "{body}{year}年度政府信息公开工作年度报告",
    "{body}政府信息公开工作{year}年度报告",
    "{year}年度{body}政府信息公开工作报告",
)


@dataclass(frozen=True)
class Columns:
    """The columns a publisher printed, in its order: section 三's applicant columns,
    and the 2019 template's section 二 columns of blocks （一） (``docs``) and
    （五）/（六） (``items``)."""

    applicants: tuple[str, ...] = APPLICANT_COLUMNS
    docs: tuple[str, ...] = DOCS_2019
    items: tuple[str, ...] = ITEMS_2019

    def truth(self, report: dict[str, Any]) -> dict[str, Any]:
        """The report as this document gives it (columns left out are ``None``)."""
        return apply_columns(report, applicants=self.applicants, docs=self.docs,
                             items=self.items)


def random_columns(rng: random.Random) -> Columns:
    """Columns reordered or left out the ways publishers do: 总计 first or 自然人 after
    the organisations; organisations reordered; only 总计 printed; a 2019 block
    without 本年增/减 or with 处理决定数量 first; 对外公开总数量 before the others."""
    natural, total = ("natural_person",), ("total",)
    orgs = ORGANISATIONS
    choice = rng.randrange(7)
    if choice == 0:
        return Columns(applicants=total + natural + orgs)
    if choice == 1:
        return Columns(applicants=orgs + natural + total)
    if choice == 2:
        shuffled = list(orgs)
        rng.shuffle(shuffled)
        return Columns(applicants=natural + tuple(shuffled) + total)
    if choice == 3:
        return Columns(applicants=total)
    if choice == 4:
        return Columns(items=("previous", "decisions"))
    if choice == 5:
        return Columns(items=("decisions", "previous", "change"))
    return Columns(docs=("total_published", "made", "published"))


def build_document(
    report: dict[str, Any],
    rng: random.Random,
    *,
    long_prose: bool = False,
    social_label: str | None = None,
    published: date | None = None,
    columns: Columns | None = None,
    title: str | None = None,
) -> Document:
    """Lay a report out as the national template's full text; ``columns`` prints the
    tables' columns in another order or leaves some out (the truth of such a document
    is ``apply_columns(report, …)``); ``title`` is one of :data:`TITLE_FORMS` (default
    ``{body}{year}年政府信息公开工作年度报告``)."""
    columns = columns or Columns()
    body = report["body"] or "本机关"
    year = report["year"] or 2021
    template = report["template"]
    if published is None:
        published = date(year + 1, 1, 10) + timedelta(days=rng.randint(0, 50))
    if social_label is None:
        social_label = rng.choice(["社会公益组织", "社会公益组织", "社会组织"])
    title = (title or TITLE_FORMS[0]).format(body=body, year=year)
    contact = (
        f"如对本报告有任何疑问，请与{body}办公室联系（地址：{body[:2]}大道{rng.randint(1, 300)}号；"
        f"邮编：{rng.randint(450000, 479999)}；电话：0{rng.randint(370, 399)}-"
        f"{rng.randint(2000000, 8999999)}）。"
    )
    intro = (
        f"本报告根据《中华人民共和国政府信息公开条例》（以下简称《条例》）和{_NOTICE[template]}要求，"
        f"由{body}编制。报告全文包括总体情况、主动公开政府信息情况、收到和处理政府信息公开申请情况、"
        "政府信息公开行政复议和行政诉讼情况、存在的主要问题及改进情况、其他需要报告的事项。"
        f"本报告所列数据的统计期限自{year}年1月1日起至{year}年12月31日止。"
        f"本报告电子版可在{body}门户网站“政府信息公开”专栏查阅或下载。{contact}"
    )
    blocks: list[Block] = [Para(title, "title"), Para(intro)]
    blocks.append(Para("一、总体情况", "h1"))
    blocks += [Para(p) for p in prose_overview(rng, body, year, long_prose)]
    blocks.append(Para("二、主动公开政府信息情况", "h1"))
    blocks.append(active_table(report, docs=columns.docs, items=columns.items))
    blocks.append(Para("三、收到和处理政府信息公开申请情况", "h1"))
    blocks.append(applications_table(report, social_label, columns.applicants))
    blocks.append(Para("四、政府信息公开行政复议、行政诉讼情况", "h1"))
    blocks.append(appeals_table())
    blocks.append(Para("五、存在的主要问题及改进情况", "h1"))
    blocks.append(Para(_PROBLEMS.format(year=year, short=_short_name(body))))
    blocks.append(Para("六、其他需要报告的事项", "h1"))
    if template == "2021":
        sixth = (f"{year}年，{body}未收取政府信息公开信息处理费。"
                 "本年度无其他需要报告的事项。")
    else:
        sixth = "本年度无其他需要报告的事项。"
    blocks.append(Para(sixth))
    blocks.append(Para(body, "sign"))
    blocks.append(Para(f"{published.year}年{published.month}月{published.day}日", "sign"))
    return Document(report, title, blocks, published)
