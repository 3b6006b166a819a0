"""The year a report covers and the body that publishes it, as its title says."""

from __future__ import annotations

import pytest

from archive.extract.labels import fold
from archive.extract.meta import find_body_and_year


def _meta(*lines: str, title: str | None = None) -> tuple[str | None, int | None]:
    folded = [fold(line) for line in lines]
    return find_body_and_year(folded, title, folded)


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        (["XX县人民政府2021年政府信息公开工作年度报告"], ("XX县人民政府", 2021)),
        (["XX镇2022年度政府信息公开工作年度报告"], ("XX镇", 2022)),
        (["2020年XX市生态环境局政府信息公开工作年度报告"], ("XX市生态环境局", 2020)),
        (["淮安市人民政府", "2024 年政府信息公开工作年度报告"], ("淮安市人民政府", 2024)),
        (["白马市人力资源和社会保障局2021年政府信息公开工作", "年度报告"],
         ("白马市人力资源和社会保障局", 2021)),
        (["今天是 2024年05月06日 星期一", "某某乡人民政府2019年政府信息公开工作年度报告"],
         ("某某乡人民政府", 2019)),
    ],
)
def test_title(lines: list[str], expected: tuple[str, int]) -> None:
    assert _meta(*lines) == expected


def test_year_is_not_the_year_of_a_cited_notice_or_the_publication_date() -> None:
    body, year = _meta(
        "阎村镇人民政府", "政府信息公开工作年度报告",
        "根据国办公开办函〔2021〕30号要求，现将我镇2023年政府信息公开工作年度报告公布如下。",
        "2024年1月20日",
    )
    assert (body, year) == ("阎村镇人民政府", 2023)


def test_statistics_period_decides_when_the_title_has_no_year() -> None:
    assert _meta("某局政府信息公开工作年度报告", "本报告所列数据的统计期限自2022年1月1日起")[1] == 2022


def test_html_title_is_a_fallback() -> None:
    assert _meta("正文", title="某县教育局2021年政府信息公开工作年度报告_某县政府网") == (
        "某县教育局", 2021)
