"""Generated stage documents: every kind is a valid .docx in the GB/T 9704 layout, with
the case data in its standard wording. The bytes are opened again with
python-docx and inspected; no database is used."""

from __future__ import annotations

import io
import zipfile
from datetime import date
from decimal import Decimal

import pytest
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from jiandu.cases.documents import DOCUMENT_KINDS, render_document
from jiandu.core.documents import (
    FONT_BODY,
    FONT_HEADING1,
    FONT_HEADING2,
    FONT_PAGE_NUMBER,
    FONT_TITLE,
)
from jiandu.core.documents import document_date as cn_date

KIND_LABELS = {
    "filing_report": "立案审查调查呈批报告",
    "filing_decision": "立案决定书",
    "filing_notice": "立案通知书",
    "investigation_plan": "审查调查方案",
    "investigation_report": "审查调查报告",
    "detention_decision": "留置决定书",
    "detention_notice": "留置通知书",
    "detention_extension": "延长留置时间决定书",
    "review_report": "审理报告",
    "party_sanction_decision": "党纪处分决定书",
    "gov_sanction_decision": "政务处分决定书",
    "prosecution_opinion": "起诉意见书",
    "revocation_decision": "撤销案件决定书",
    "execution_report": "执行情况报告",
    "recommendation": "纪检监察建议书",
    "followup_record": "回访登记表",
    "property_list": "移送司法机关涉案财物清单",
}

ALLOWED_FONTS = {FONT_TITLE, FONT_BODY, FONT_HEADING1, FONT_HEADING2, FONT_PAGE_NUMBER}

CONTEXT = {
    "issuer": "青山县纪委监委",
    "doc_number": "青纪立〔2026〕12号",
    "case_number": "QS-AJ-2026-0012",
    "persons": [
        {
            "name": "张建国",
            "gender": "M",
            "ethnicity": "汉族",
            "birth": date(1975, 3, 2),
            "education": "大学学历",
            "party_joined": date(1998, 6, 1),
            "work_started": date(1996, 7, 1),
            "unit": "青山县交通运输局",
            "title": "副局长",
            "measures": ["party_serious_warning", "gov_demerit"],
            "attitude": "能够认识错误，主动退缴违纪款项。",
        }
    ],
    "facts": [
        "2023年1月至2025年6月，张建国多次接受管理服务对象宴请。",
        "2024年春节期间，张建国收受某建筑公司负责人所送购物卡，价值人民币1万元。",
    ],
    "violations": "违反了廉洁纪律",
    "basis": "《中国共产党纪律处分条例》第一百零二条",
    "filed_on": date(2026, 3, 2),
    "received_on": date(2026, 9, 1),
    "decided_on": date(2026, 11, 23),
    "served_on": date(2026, 11, 27),
    "executed_on": date(2026, 12, 10),
    "date": date(2026, 11, 23),
    "handling_unit": "第二纪检监察室",
    "leader": "李明",
    "team": ["王五", "赵六"],
    "money_recovered": Decimal("42000"),
    "offence": "受贿罪",
    "criminal_basis": "《中华人民共和国刑法》第三百八十五条",
    "procuratorate": "青山县人民检察院",
    "detention_start": date(2026, 4, 1),
    "detention_end": date(2026, 7, 1),
    "extended_end": date(2026, 10, 1),
    "detention_place": "青山县留置点",
    "family": "张建国家属",
    "unit": "青山县交通运输局",
    "reply_due": date(2026, 12, 23),
    "problems": ["公务接待管理制度执行不严；", "干部日常监督管理不到位。"],
    "suggestions": ["健全公务接待审批制度。", "加强对干部的日常教育监督。"],
    "reason": "没有证据证明被审查调查人存在违纪违法行为",
    "visit_on": date(2027, 5, 10),
    "visit_form": "个别谈话",
    "visitors": ["王五"],
    "cc": "县委组织部",
    "due_on": date(2027, 3, 2),
    "evidence": ["证人证言", "银行流水"],
    "clue_source": "2026年1月，群众来信反映张建国违规接受宴请问题。",
    "opinion": "事实清楚，证据确凿，定性准确，处理恰当，手续完备。",
    "visit_findings": "思想稳定，工作积极。",
    "unit_opinion": "同意。",
}


def _open(data: bytes):
    return Document(io.BytesIO(data))


def _mm(length) -> float:
    """Millimetres as stored: Word keeps twips (1/20 pt), so 37 mm is 2098 twips."""
    assert abs(length - Mm(round(length.mm))) <= 635  # within one twip
    return round(length.mm)


def _text(document) -> str:
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    return "\n".join(parts)


def _fonts(run) -> dict[str, str]:
    fonts = run._r.rPr.find(qn("w:rFonts"))
    return {attr: fonts.get(qn(f"w:{attr}")) for attr in ("ascii", "hAnsi", "eastAsia", "cs")}


def _runs(document):
    for paragraph in document.paragraphs:
        yield paragraph, paragraph.runs
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                for paragraph in cell.paragraphs:
                    yield paragraph, paragraph.runs


def test_the_kinds_and_their_labels():
    assert {code: kind.label for code, kind in DOCUMENT_KINDS.items()} == KIND_LABELS
    assert all(kind.code == code for code, kind in DOCUMENT_KINDS.items())


@pytest.mark.parametrize("kind", list(KIND_LABELS))
def test_every_kind_is_a_valid_docx_in_the_official_layout(kind):
    data = render_document(kind, CONTEXT)
    assert zipfile.is_zipfile(io.BytesIO(data))
    document = _open(data)

    section = document.sections[0]
    assert _mm(section.page_width) == 210
    assert _mm(section.page_height) == 297
    assert _mm(section.top_margin) == 37
    assert _mm(section.bottom_margin) == 35
    assert _mm(section.left_margin) == 28
    assert _mm(section.right_margin) == 26
    grid = section._sectPr.find(qn("w:docGrid"))
    assert grid.get(qn("w:linePitch")) == "579"  # 28.95 pt: 22 lines a page

    title = document.paragraphs[0]
    assert title.alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert title.runs[0].font.size == Pt(22)
    assert _fonts(title.runs[0])["eastAsia"] == FONT_TITLE

    number = document.paragraphs[1]
    assert number.text == "青纪立〔2026〕12号"
    assert number.alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert _fonts(number.runs[0]) == dict.fromkeys(("ascii", "hAnsi", "eastAsia", "cs"), FONT_BODY)

    body = [p for p in document.paragraphs[2:] if p.text.strip()]
    assert body, "a document has a body"
    for _paragraph, runs in _runs(document):
        for run in runs:
            fonts = _fonts(run)
            assert fonts["eastAsia"] in ALLOWED_FONTS, (kind, run.text, fonts)
            assert fonts["ascii"] == fonts["eastAsia"]
    for paragraph in body:
        if paragraph.runs[0].font.size == Pt(16):
            fmt = paragraph.paragraph_format
            assert fmt.line_spacing_rule == WD_LINE_SPACING.EXACTLY
            assert fmt.line_spacing == Pt(28.95)

    text = _text(document)
    assert "张建国" in text
    assert "×××" not in text  # the full context fills every blank
    assert document.core_properties.subject == KIND_LABELS[kind]


@pytest.mark.parametrize("kind", list(KIND_LABELS))
def test_body_paragraphs_use_fangsong_three_with_two_character_indent(kind):
    document = _open(render_document(kind, CONTEXT))
    bodies = [
        p
        for p in document.paragraphs
        if p.runs
        and _fonts(p.runs[0])["eastAsia"] == FONT_BODY
        and p.paragraph_format.first_line_indent == Pt(32)
    ]
    if kind != "followup_record":  # a form: everything is in the table
        assert bodies
    for paragraph in bodies:
        assert paragraph.runs[0].font.size == Pt(16)


@pytest.mark.parametrize("kind", list(KIND_LABELS))
def test_every_kind_renders_from_an_empty_context(kind):
    document = _open(render_document(kind, {}))
    text = _text(document)
    assert "×××" in text  # blanks to be filled in by hand
    assert document.paragraphs[0].text  # a title
    assert "〔" not in text  # no 文号 given, none invented
    assert document.paragraphs[1].text == ""  # the empty line under the title


def test_consecutive_documents_do_not_share_content():
    first = _open(render_document("party_sanction_decision", CONTEXT))
    other = {**CONTEXT, "persons": [{"name": "刘芳", "unit": "青山镇", "title": "镇长"}]}
    second = _open(render_document("filing_decision", other))
    text = _text(second)
    assert "刘芳" in text and "张建国" not in text and "经查" not in text
    assert second.core_properties.subject == "立案决定书"
    assert first.core_properties.subject == "党纪处分决定书"
    assert second.core_properties.keywords == "QS-AJ-2026-0012"


def test_rendering_in_threads():
    from concurrent.futures import ThreadPoolExecutor

    names = [f"张{c}" for c in "甲乙丙丁戊己庚辛壬癸子丑"]

    def render(name):
        context = {**CONTEXT, "persons": [{"name": name, "measures": ["party_warning"]}]}
        return name, _text(_open(render_document("party_sanction_decision", context)))

    with ThreadPoolExecutor(max_workers=4) as pool:
        for name, text in pool.map(render, names):
            assert f"关于给予{name}党内警告处分的决定" in text
            assert sum(other in text for other in names) == 1


def test_unknown_kind():
    with pytest.raises(KeyError):
        render_document("arrest_warrant", CONTEXT)


def test_page_numbers_in_the_footer_odd_right_even_left():
    document = _open(render_document("review_report", CONTEXT))
    assert document.settings.odd_and_even_pages_header_footer
    section = document.sections[0]
    odd = section.footer.paragraphs[0]
    even = section.even_page_footer.paragraphs[0]
    assert odd.alignment == WD_ALIGN_PARAGRAPH.RIGHT
    assert even.alignment == WD_ALIGN_PARAGRAPH.LEFT
    for paragraph in (odd, even):
        xml = paragraph._p.xml
        assert "PAGE" in xml and 'w:fldCharType="begin"' in xml and 'w:fldCharType="end"' in xml
        assert paragraph.text.startswith("— ") and paragraph.text.endswith(" —")
        for run in paragraph.runs:
            assert run.font.size == Pt(14)
            assert _fonts(run)["eastAsia"] == FONT_PAGE_NUMBER


def test_issuer_centred_over_the_date_four_characters_from_the_right():
    # GB/T 9704-2012 7.3.5.1: the date 右空四字; the issuer centred over the date.
    document = _open(render_document("party_sanction_decision", CONTEXT))
    paragraphs = {p.text: p for p in document.paragraphs}
    date_line = paragraphs["2026年11月23日"]
    assert date_line.alignment == WD_ALIGN_PARAGRAPH.RIGHT
    assert date_line.paragraph_format.right_indent == Pt(64)  # 4 × 16 pt
    # "2026年11月23日" is 7 characters wide (digits are half width), the issuer 12:
    # 4 + (7 − 12) / 2 = 1.5 characters → 24 pt
    signature = paragraphs["中共青山县纪律检查委员会"]
    assert signature.paragraph_format.right_indent == Pt(24)
    short = _open(render_document("detention_decision", CONTEXT))
    issuer = next(p for p in short.paragraphs if p.text == "青山县监察委员会")
    assert issuer.paragraph_format.right_indent == Pt(56)  # 4 + (7 − 8) / 2 = 3.5


def test_headings_use_heiti_and_kaiti():
    plan = _open(render_document("investigation_plan", CONTEXT))
    h1 = [p for p in plan.paragraphs if p.text.startswith("一、")]
    assert h1 and _fonts(h1[0].runs[0])["eastAsia"] == FONT_HEADING1
    recommendation = _open(render_document("recommendation", CONTEXT))
    h2 = [p for p in recommendation.paragraphs if p.text.startswith("（一）")]
    assert h2 and _fonts(h2[0].runs[0])["eastAsia"] == FONT_HEADING2
    assert h2[0].text == "（一）健全公务接待审批制度。"


def test_document_defaults_and_normal_style_carry_the_body_font():
    document = _open(render_document("filing_decision", CONTEXT))
    normal = document.styles["Normal"]
    assert normal.font.size == Pt(16)
    fonts = normal.element.rPr.find(qn("w:rFonts"))
    assert fonts.get(qn("w:eastAsia")) == FONT_BODY
    defaults = document.styles.element.find(qn("w:docDefaults"))
    default_fonts = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr")).find(qn("w:rFonts"))
    assert default_fonts.get(qn("w:eastAsia")) == FONT_BODY


def test_party_sanction_decision_wording_and_influence_period():
    document = _open(render_document("party_sanction_decision", CONTEXT))
    text = _text(document)
    assert document.paragraphs[0].text == "关于给予张建国党内严重警告处分的决定"
    assert "张建国，男，汉族，1975年3月生，大学学历，1998年6月加入中国共产党" in text
    assert "现任青山县交通运输局副局长。" in text
    assert "决定给予张建国党内严重警告处分。" in text
    # 18 months from 2026-11-23 (day 1) → last day 2028-05-22
    assert "党内严重警告处分的影响期自2026年11月23日起至2028年5月22日止。" in text
    assert "政务记过" not in text  # the government sanction has its own decision
    signature, when = [p.text for p in document.paragraphs if p.text.strip()][-3:-1]
    assert signature == "中共青山县纪律检查委员会"
    assert when == "2026年11月23日"
    assert "抄送：县委组织部。" in text


def test_gov_sanction_decision_wording_and_influence_period():
    text = _text(_open(render_document("gov_sanction_decision", CONTEXT)))
    assert "决定给予张建国政务记过处分。" in text
    assert "政务处分期自本决定生效之日起计算" in text
    # 12 months from 2026-11-23 → 2027-11-22
    assert "政务记过处分的影响期自2026年11月23日起至2027年11月22日止。" in text
    assert "向青山县监察委员会申请复审" in text
    assert "党内严重警告" not in text


def test_what_the_conduct_constitutes_follows_the_measures():
    party = _text(_open(render_document("party_sanction_decision", CONTEXT)))
    assert "违反了廉洁纪律，构成违纪。依据《中国共产党纪律处分条例》第一百零二条" in party
    gov = _text(_open(render_document("gov_sanction_decision", CONTEXT)))
    assert "违反了廉洁纪律，构成职务违法。" in gov
    report = _text(_open(render_document("investigation_report", CONTEXT)))
    assert "违反了廉洁纪律，构成违纪违法。" in report
    # a basis of its own for the government decision; a "构成" already written stays alone
    context = {
        **CONTEXT,
        "violations": "违反了工作纪律，构成严重违纪违法",
        "gov_basis": "《中华人民共和国公职人员政务处分法》第三十九条",
    }
    gov = _text(_open(render_document("gov_sanction_decision", context)))
    assert (
        "违反了工作纪律，构成严重违纪违法。依据《中华人民共和国公职人员政务处分法》第三十九条"
        in gov
    )
    assert "构成职务违法" not in gov


def test_filing_approval_per_the_rules():
    # [规则] 38: the commission's main leader examines, the county Party secretary approves
    text = _text(_open(render_document("filing_decision", CONTEXT)))
    assert "经青山县纪委监委主要负责人审批，报中共青山县委员会主要负责人批准，决定自" in text


def test_expulsion_decision_says_permanent():
    context = {**CONTEXT, "persons": [{"name": "李四", "measures": ["gov_expulsion"]}]}
    text = _text(_open(render_document("gov_sanction_decision", context)))
    assert "决定给予李四开除公职处分。" in text
    assert "不得录用为公务员" in text
    assert "影响期" not in text


def test_filing_decision_for_a_person_an_incident_and_an_organisation():
    person = _text(_open(render_document("filing_decision", CONTEXT)))
    assert (
        "决定自2026年3月2日起对青山县交通运输局副局长张建国涉嫌违纪违法问题立案审查调查" in person
    )
    assert "案件编号：QS-AJ-2026-0012。" in person
    incident = {**CONTEXT, "case_kind": "incident", "subject": "青山镇扶贫资金被挪用问题"}
    assert "对青山镇扶贫资金被挪用问题立案调查" in _text(
        _open(render_document("filing_decision", incident))
    )
    organisation = {**CONTEXT, "case_kind": "organisation", "unit": "青山县林业局"}
    assert "对青山县林业局涉嫌违纪违法问题立案审查调查" in _text(
        _open(render_document("filing_decision", organisation))
    )


def test_several_persons_are_all_named():
    context = {
        **CONTEXT,
        "persons": [
            {"name": "张建国", "unit": "青山县交通运输局", "title": "副局长"},
            {"name": "刘芳", "unit": "青山县交通运输局", "title": "财务股股长"},
        ],
    }
    text = _text(_open(render_document("investigation_report", context)))
    assert "张建国" in text and "刘芳" in text
    assert "刘芳，现任青山县交通运输局财务股股长。" in text


def test_detention_documents():
    decision = _text(_open(render_document("detention_decision", CONTEXT)))
    assert "留置时间自2026年4月1日起至2026年7月1日止" in decision
    assert "青山县监察委员会" in decision
    extension = _text(_open(render_document("detention_extension", CONTEXT)))
    assert "自2026年7月1日延长至2026年10月1日" in extension
    notice = _text(_open(render_document("detention_notice", CONTEXT)))
    assert notice.splitlines()[3] == "张建国家属："


def test_recommendation_reply_deadline_and_addressee():
    document = _open(render_document("recommendation", CONTEXT))
    text = _text(document)
    assert "青山县交通运输局：" in [p.text for p in document.paragraphs]
    assert "一是公务接待管理制度执行不严；" in text
    assert "于2026年12月23日前将整改落实情况书面回复本委" in text


def test_followup_record_is_a_form_with_the_influence_period():
    document = _open(render_document("followup_record", CONTEXT))
    assert document.tables
    cells = [cell.text for row in document.tables[0].rows for cell in row.cells]
    assert "被回访人" in cells and "张建国" in cells
    # 严重警告 18 months → 2028-05-22 is later than 记过 (2027-11-22)
    assert "2028年5月22日" in cells
    assert "个别谈话" in cells


def test_investigation_report_money_and_proposal():
    text = _text(_open(render_document("investigation_report", CONTEXT)))
    assert "收缴违纪违法所得人民币42,000.00元。" in text
    assert "建议给予张建国党内严重警告处分、政务记过处分。" in text


def test_prosecution_opinion_and_revocation():
    opinion = _text(_open(render_document("prosecution_opinion", CONTEXT)))
    assert "涉嫌受贿罪" in opinion and "青山县人民检察院" in opinion
    assert "现将此案移送审查起诉" in opinion
    revocation = _text(_open(render_document("revocation_decision", CONTEXT)))
    assert "没有证据证明被审查调查人存在违纪违法行为" in revocation
    assert "决定撤销该案" in revocation


def test_cn_date():
    assert cn_date(date(2026, 11, 23)) == "2026年11月23日"
    assert cn_date(date(2026, 1, 5)) == "2026年1月5日"
    assert cn_date(None) == "×××"
    assert cn_date("2026年上半年") == "2026年上半年"
