"""A found report is attributed to a registered body by its name or an alias, or to none."""

from __future__ import annotations

from archive.attribution import BodyIndex, division_name, normalize_name
from archive.extract.meta import body_from_title as name_from_title

INDEX = BodyIndex(
    [
        (1, "民权县人民政府", ["民权县政府"], "411421"),
        (2, "北关镇人民政府", ["北关镇"], "411421101"),
        (3, "民权县教育局", [], "411421"),
        (4, "城关镇人民政府", [], "411421102"),
        (5, "城关镇人民政府", [], "411422102"),  # the same name in another county
    ]
)


def _id(name: str | None) -> int | None:
    found = INDEX.match(name)
    return found.body_id if found else None


def test_exact_names_and_aliases() -> None:
    assert _id("民权县人民政府") == 1
    assert _id("民权县政府") == 1
    assert _id("北关镇") == 2


def test_a_name_with_the_county_in_front_matches_the_registered_suffix() -> None:
    assert _id("民权县北关镇人民政府") == 2
    assert _id("河南省民权县教育局") == 3


def test_spaces_and_punctuation_do_not_matter() -> None:
    assert _id(" 北关镇 人民政府 ") == 2
    assert normalize_name("（北关镇）人民政府") == "北关镇人民政府"


def test_ambiguous_or_unknown_names_attribute_nothing() -> None:
    assert _id("城关镇人民政府") is None
    assert _id("某某乡人民政府") is None
    assert _id(None) is None


def test_body_name_from_a_title() -> None:
    assert name_from_title("北关镇人民政府2021年政府信息公开工作年度报告") == "北关镇人民政府"
    assert name_from_title("民权县教育局 2020 年政府信息公开工作年度报告") == "民权县教育局"
    assert name_from_title("2021年政府信息公开工作年度报告") is None
    assert name_from_title("2023年民权县教育局政府信息公开工作年度报告") == "民权县教育局"


def test_a_registered_name_inside_a_title() -> None:
    found = INDEX.match_in("关于公布2023年河南省民权县教育局政府信息公开工作年度报告的通知")
    assert found is not None and found.body_id == 3
    assert INDEX.match_in("城关镇人民政府2023年年报") is None  # two bodies of that name


def test_a_name_inside_a_title_counts_only_as_a_whole_name() -> None:
    index = BodyIndex(
        [
            (1, "民权县人民政府", ["民权县", "民权县政府"], "411421"),
            (2, "北关镇人民政府", ["北关镇", "北关镇政府"], "411421101"),
        ]
    )
    # an unregistered department or institution is not the county or the township
    assert index.match_in("民权县教育局2023年政府信息公开工作年度报告") is None
    assert index.match_in("北关镇卫生院2023年度政府信息公开工作年度报告") is None
    assert index.match_in("民权县政府办公室2023年政府信息公开工作年度报告") is None
    # the bodies themselves, with the county in front or the year first
    assert index.match_in("民权县北关镇2023年政府信息公开工作年度报告").body_id == 2
    assert index.match_in("2023年民权县政府信息公开工作年度报告").body_id == 1
    assert index.match_in("关于公布民权县人民政府2023年度报告的通知").body_id == 1


def test_a_government_answers_to_its_division_name() -> None:
    index = BodyIndex(
        [
            (1, "鹤鸣县人民政府", [], "430121"),
            (2, "鹤鸣县教育局", [], "430121"),
            (3, "龙湾街道办事处", [], "430121101"),
            (4, "白沙镇人民政府", [], "430121102"),
            (5, "白沙镇人民政府", [], "430122102"),  # the same name in another county
        ]
    )
    found = index.match("鹤鸣县")  # 鹤鸣县2023年政府信息公开工作年度报告
    assert found is not None and found.body_id == 1
    found = index.match("龙湾街道")
    assert found is not None and found.body_id == 3
    assert index.match("白沙镇") is None  # two governments of that name: nothing guessed
    found = index.match_in("鹤鸣县2023年政府信息公开工作年度报告")
    assert found is not None and found.body_id == 1
    found = index.match_in("鹤鸣县教育局2023年政府信息公开工作年度报告")
    assert found is not None and found.body_id == 2


def test_prefecture_governments_answer_to_their_division_name() -> None:
    # 自治州 and 盟 are prefecture-level divisions like 市: their governments too
    assert division_name("湘西土家族苗族自治州人民政府") == "湘西土家族苗族自治州"
    assert division_name("锡林郭勒盟人民政府") == "锡林郭勒盟"
    assert division_name("长沙市人民政府") == "长沙市"
    assert division_name("湘西土家族苗族自治州财政局") is None


def test_a_registered_alias_beats_a_division_name() -> None:
    index = BodyIndex([(1, "鹤鸣县人民政府", [], "430121"), (2, "鹤鸣县政府办", ["鹤鸣县"], "430121")])
    found = index.match("鹤鸣县")
    assert found is not None and found.body_id == 2


def test_a_government_answers_to_its_registered_region_name() -> None:
    index = BodyIndex(
        [(1, "民权县北关镇人民政府", [], "411421101"), (2, "民权县人民政府", [], "411421")],
        {"411421101": "北关镇", "411421": "民权县"},
    )
    found = index.match("北关镇")  # 北关镇2023年政府信息公开工作年度报告
    assert found is not None and found.body_id == 1
    found = index.match("民权县")
    assert found is not None and found.body_id == 2
