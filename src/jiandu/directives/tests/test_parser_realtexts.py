"""The parser on the test set in ``realtexts/`` (texts in the forms published speeches,
work plans and minutes take, with layout variants: PDF hard wraps, lone quotation marks
of docx-to-web exports), scored separately from the seeds. Figures:
``python -m jiandu.devtools.parser_quality`` (``--detail`` lists every difference).
"""

from __future__ import annotations

import json

import pytest

from jiandu.devtools.parser_quality import (
    REALTEXTS_DIR,
    docx_quotes,
    measure_real,
    pdf_wrap,
    real_texts,
    table,
    total,
)
from jiandu.directives.parsing import dewrap, join_citation, parse

TEXTS = {t.name: t for t in real_texts()}


def test_the_set_has_ten_texts_and_layout_variants():
    bases = [n for n in TEXTS if "variant_of" not in _raw_labels(n)]
    variants = [n for n in TEXTS if "variant_of" in _raw_labels(n)]
    assert len(bases) >= 10
    assert any(n.endswith("_pdf") for n in variants) and any(n.endswith("_docx") for n in variants)
    for name in TEXTS:
        assert TEXTS[name].header.startswith("# ") and "标题" in TEXTS[name].header


def _raw_labels(name: str) -> dict:
    return json.loads((REALTEXTS_DIR / f"{name}.json").read_text(encoding="utf-8"))


def test_figures_on_the_test_set():
    scores = measure_real()
    print("\n" + table(scores))
    overall = total(scores)
    # measured: tasks 150/150/150; owners 54 labelled, 51 suggested, 51 right
    assert overall.task_precision >= 0.98
    assert overall.task_recall >= 0.98
    assert overall.owner_precision >= 0.98
    assert overall.owner_recall >= 0.92


@pytest.mark.parametrize(
    "name", sorted(n for n in TEXTS if "variant_of" in _raw_labels(n)), ids=str
)
def test_a_layout_variant_reads_as_its_original(name):
    base = TEXTS[_raw_labels(name)["variant_of"]]
    original = [(t.citation, t.title, t.owner_keys) for t in parse(base.text).walk()]
    variant = [(t.citation, t.title, t.owner_keys) for t in parse(TEXTS[name].text).walk()]
    assert variant == original


def test_a_title_wrapped_by_a_pdf_export_is_whole():
    text = (
        "在推进会上的讲话\n同志们：\n下面，我强调两点意见。\n"
        "第一点，提高思想认识，增强抓好基层纪检委员工作的责任感\n"
        "各乡镇纪委要把这项工作摆上重要日程，主要负责同志亲自研究、亲自调度，确保落实。"
        "要组织纪检委员集中学习履职规范，讲清楚管什么、怎么管，把工作情况纳入年度考核。\n"
        "第二点，突出监督重点，推动纪检委员履职落到实处\n"
        "纪检委员监督要盯住村级小微权力，发现问题及时报告，对问题线索按规定处置。"
        "要建立纪检委员列席村级重要会议制度，每月至少列席一次，每季度报告一次工作。\n"
    )
    wrapped = pdf_wrap(text, 25)
    assert "责\n任感" in wrapped  # the export cut the title where its line ended
    doc = parse(wrapped)
    assert [(t.citation, t.title) for t in doc.tasks] == [
        ("第一点", "提高思想认识，增强抓好基层纪检委员工作的责任感"),
        ("第二点", "突出监督重点，推动纪检委员履职落到实处"),
    ]


def test_lone_quotation_marks_join_their_neighbours():
    text = "（一）聚焦“两个维护”深化政治监督。一是紧盯重大决策部署。二是建立“一把手”监督档案。"
    exported = docx_quotes(text)
    assert "\n“\n两个维护\n”\n" in exported
    assert dewrap(exported) == text
    doc = parse(exported)
    assert doc.tasks[0].title == "聚焦“两个维护”深化政治监督"
    assert [t.citation for t in doc.walk()] == ["（一）", "（一）一是", "（一）二是"]


def test_text_written_one_paragraph_a_line_is_left_alone():
    for item in TEXTS.values():
        if "variant_of" not in _raw_labels(item.name):
            assert dewrap(item.text) == item.text, item.name


def test_numbering_forms_people_use():
    text = (
        "会议讲话\n同志们：\n"
        "第一点，压实责任。其一，各乡镇纪委要每月调度一次。其二，要建立工作台账。\n"
        "第二点，强化监督。首先，要紧盯重点领域。其次，要加强线索处置。最后，要严肃问责。\n"
    )
    doc = parse(text)
    assert [t.citation for t in doc.walk()] == [
        "第一点",
        "第一点，其一",
        "第一点，其二",
        "第二点",
        "第二点，首先",
        "第二点，其次",
        "第二点，最后",
    ]
    assert doc.tasks[0].children[0].owner_keys == ["township_commission:*"]


def test_citations_as_people_cite():
    assert join_citation("二、", "（一）") == "二、（一）"
    assert join_citation("二、（一）", "1.") == "二、（一）1."
    assert join_citation("第一", "一是") == "第一，一是"
    assert join_citation("", "第3段") == "第3段"
    # two enumerations under one heading are told apart by their paragraph
    text = "方案\n二、主要任务\n一是加强学习。二是强化监督。\n一是严格考核。二是严肃问责。\n"
    assert [t.citation for t in parse(text).walk()] == [
        "二、",
        "二、第1段一是",
        "二、第1段二是",
        "二、第2段一是",
        "二、第2段二是",
    ]


def test_markup_is_stripped_from_titles():
    doc = parse("方案\n一、**加强组织领导**。成立专班，定期调度。\n二、严格考核。年底前完成考核。")
    assert doc.tasks[0].title == "加强组织领导"
