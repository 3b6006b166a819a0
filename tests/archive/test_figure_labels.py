"""The Chinese labels cover every figure the extractor can produce, in its own order."""

from __future__ import annotations

from archive import figure_labels as fl
from archive.extract import labels as ex
from archive.models import BodyLevel, FetchOutcome
from archive.words import WORDS, zh


def test_every_extractable_figure_has_a_label_and_a_unit() -> None:
    for template in fl.TEMPLATES:
        extractable = [
            f"active.{spec.key}.{field}"
            for spec in ex.ACTIVE_ROWS[template]
            for field in spec.fields
        ]
        extractable += [
            f"applications.{spec.key}.{field}"
            for spec in ex.APPLICATION_ROWS[template]
            for field in spec.fields
        ]
        extractable += [f"appeals.{g}.{f}" for g in ex.APPEAL_GROUPS for f in ex.APPEAL_FIELDS]
        assert list(fl.paths(template)) == extractable
        for path in extractable:
            assert fl.label(path, template) != path
            assert fl.unit(path) in ("件", "万元")
        money = {f"active.{spec.key}.{f}" for spec in ex.ACTIVE_ROWS[template] for f in spec.money}
        assert {p for p in extractable if fl.unit(p) == "万元"} == money


def test_template_specific_labels() -> None:
    assert fl.label("applications.other.total", "2019") == "三、申请 · 三（六）其他处理 · 总计"
    assert fl.label("applications.other.total", "2021") == "三、申请 · 三（六）3.其他 · 总计"
    assert fl.label("active.normative_documents.made", "2019").endswith(
        "规范性文件 · 本年新制作数量"
    )
    # a path of the other template still reads, from the template that has it
    assert (
        fl.label("active.procurement.amount", "2021")
        == "二、主动公开 · 政府集中采购 · 金额（万元）"
    )
    assert fl.label("applications.granted.total", section=False) == "三（一）予以公开 · 总计"


def test_dictionary_has_one_entry_per_path_and_template() -> None:
    entries = fl.dictionary()
    keys = [(e.path, e.template) for e in entries]
    assert len(keys) == len(set(keys))
    assert {t for _, t in keys} == {"2019", "2021"}
    assert len(fl.all_paths()) == len({p for p, _ in keys})


def test_rule_labels() -> None:
    assert fl.rule_label("applications.results.enterprise") == "总计＝各项处理结果之和（商业企业）"
    assert (
        fl.rule_label("applications.row_total.granted") == "三（一）予以公开：总计＝六类申请人之和"
    )
    assert fl.rule_label("something.new") == "something.new"


def test_every_level_and_outcome_has_a_chinese_name() -> None:
    for value in [*BodyLevel, *FetchOutcome]:
        assert value.value in WORDS, value
        assert zh(value.value) != value.value
