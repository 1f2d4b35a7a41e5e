"""The official-document renderer (GB/T 9704-2012): page, margins, fonts and sizes,
the fixed 28.95 pt line, the page-number field, the 版头 and the 文号 drawn from the
issuer's prefix. The bytes are opened again with python-docx; no database is used."""

from __future__ import annotations

import io
from datetime import date

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from jiandu.core.documents import (
    FONT_BODY,
    FONT_HEADING1,
    FONT_HEADING2,
    FONT_PAGE_NUMBER,
    FONT_TITLE,
    DocumentContext,
    DocumentKind,
    addressee,
    body,
    copies_to,
    document_date,
    draft_number,
    heading1,
    heading2,
    letterhead,
    number,
    render,
    render_kind,
    signature,
    table,
    title,
)

FONT_ATTRIBUTES = ("ascii", "hAnsi", "eastAsia", "cs")


def _open(data: bytes):
    return Document(io.BytesIO(data))


def _fonts(run) -> dict[str, str]:
    fonts = run._r.rPr.find(qn("w:rFonts"))
    return {attr: fonts.get(qn(f"w:{attr}")) for attr in FONT_ATTRIBUTES}


def _notice(ctx: DocumentContext) -> list:
    return [
        title(ctx.title("关于开展专项检查的通知")),
        number(ctx.doc_number),
        addressee("各乡镇纪委"),
        heading1("一、检查内容"),
        heading2("（一）公务接待"),
        body(f"请于{ctx.date('due_on')}前报送检查情况。"),
        *signature(ctx.issuer, ctx.today),
        *copies_to(ctx.get("cc", "")),
    ]


NOTICE = DocumentKind("notice", "通知", _notice)


def _sample(**context) -> object:
    defaults = {
        "issuer": "某县纪委监委",
        "doc_prefix": "某纪",
        "date": date(2026, 11, 23),
        "due_on": date(2026, 12, 1),
    }
    ctx = DocumentContext({**defaults, **context})
    return _open(render_kind(NOTICE, ctx, keywords="K-1"))


def test_page_and_margins_are_gbt_9704():
    section = _sample().sections[0]
    for length, mm in (
        (section.page_width, 210),
        (section.page_height, 297),
        (section.top_margin, 37),
        (section.bottom_margin, 35),
        (section.left_margin, 28),
        (section.right_margin, 26),
    ):
        assert abs(length - Mm(mm)) <= 635  # Word keeps twips: within one
    grid = section._sectPr.find(qn("w:docGrid"))
    assert grid.get(qn("w:type")) == "lines" and grid.get(qn("w:linePitch")) == "579"


def test_title_body_and_headings_fonts_and_sizes():
    document = _sample()
    paragraphs = {p.text: p for p in document.paragraphs if p.text}
    heading = paragraphs["关于开展专项检查的通知"]
    assert heading.alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert heading.runs[0].font.size == Pt(22)
    assert _fonts(heading.runs[0]) == dict.fromkeys(FONT_ATTRIBUTES, FONT_TITLE)
    text = paragraphs["请于2026年12月1日前报送检查情况。"]
    assert text.runs[0].font.size == Pt(16)
    assert _fonts(text.runs[0]) == dict.fromkeys(FONT_ATTRIBUTES, FONT_BODY)
    assert text.paragraph_format.first_line_indent == Pt(32)
    assert _fonts(paragraphs["一、检查内容"].runs[0])["eastAsia"] == FONT_HEADING1
    assert _fonts(paragraphs["（一）公务接待"].runs[0])["eastAsia"] == FONT_HEADING2
    assert paragraphs["各乡镇纪委："].paragraph_format.first_line_indent == Pt(0)
    normal = document.styles["Normal"]
    assert normal.font.size == Pt(16)
    assert normal.element.rPr.find(qn("w:rFonts")).get(qn("w:eastAsia")) == FONT_BODY


def test_every_body_line_is_fixed_at_28_95_pt():
    document = _sample()
    sized = [p for p in document.paragraphs if p.runs and p.runs[0].font.size == Pt(16)]
    assert len(sized) >= 5
    for paragraph in sized:
        fmt = paragraph.paragraph_format
        assert fmt.line_spacing_rule == WD_LINE_SPACING.EXACTLY
        assert fmt.line_spacing == Pt(28.95)
        assert fmt.space_before == Pt(0) and fmt.space_after == Pt(0)


def test_the_footer_holds_a_page_number_field_at_the_outer_side():
    document = _sample()
    assert document.settings.odd_and_even_pages_header_footer
    section = document.sections[0]
    odd, even = section.footer.paragraphs[0], section.even_page_footer.paragraphs[0]
    assert odd.alignment == WD_ALIGN_PARAGRAPH.RIGHT
    assert even.alignment == WD_ALIGN_PARAGRAPH.LEFT
    for paragraph in (odd, even):
        xml = paragraph._p.xml
        assert "<w:instrText" in xml and " PAGE " in xml
        assert 'w:fldCharType="begin"' in xml and 'w:fldCharType="end"' in xml
        assert paragraph.text == "— 1 —"
        for run in paragraph.runs:
            assert run.font.size == Pt(14)
            assert _fonts(run)["eastAsia"] == FONT_PAGE_NUMBER


def test_the_document_names_the_configured_issuer_and_prefix():
    document = _sample(issuer="甲县纪委监委", doc_prefix="甲纪")
    texts = [p.text for p in document.paragraphs if p.text]
    assert texts[1] == "甲纪〔2026〕\u3000号"  # the serial is written in by hand
    assert texts[-2:] == ["甲县纪委监委", "2026年11月23日"]
    assert document.core_properties.author == "甲县纪委监委"
    assert document.core_properties.subject == "通知"
    assert document.core_properties.keywords == "K-1"
    # a 文号 given wins over the draft; no prefix and no number: an empty line
    given = _sample(doc_number="甲纪发〔2026〕7号")
    assert [p.text for p in given.paragraphs][1] == "甲纪发〔2026〕7号"
    bare = _sample(doc_prefix="")
    assert bare.paragraphs[1].text == "" and "〔" not in "".join(p.text for p in bare.paragraphs)


def test_an_empty_context_prints_blanks():
    document = _open(render_kind(NOTICE, DocumentContext({})))
    texts = [p.text for p in document.paragraphs if p.text]
    assert "请于×××前报送检查情况。" in texts
    assert "×××" in texts  # the issuer
    assert "抄送" not in "".join(texts)


def test_copies_to_in_small_print():
    document = _sample(cc="县委组织部")
    line = next(p for p in document.paragraphs if p.text.startswith("抄送"))
    assert line.text == "抄送：县委组织部。"
    assert line.runs[0].font.size == Pt(14)


def test_letterhead_is_red_with_the_number_over_a_red_rule():
    document = _open(
        render(
            [
                *letterhead("巡察工作领导小组办公室", "巡整督〔2026〕1号"),
                title("督办通知书"),
                number(""),
                body("正文。"),
            ]
        )
    )
    mark, ruled = document.paragraphs[0], document.paragraphs[1]
    assert mark.text == "巡察工作领导小组办公室"
    assert str(mark.runs[0].font.color.rgb) == "C00000"
    assert _fonts(mark.runs[0])["eastAsia"] == FONT_TITLE
    assert ruled.text == "巡整督〔2026〕1号"
    bottom = ruled._p.pPr.find(qn("w:pBdr")).find(qn("w:bottom"))
    assert bottom.get(qn("w:color")) == "C00000"
    assert document.paragraphs[3].text == "督办通知书"
    assert document.core_properties.title == "督办通知书"


def test_a_form_table_uses_the_heading_font_for_labels():
    document = _open(render([title("登记表"), table([("姓名", "张三"), ("备注", "")])]))
    cells = document.tables[0].rows[0].cells
    assert _fonts(cells[0].paragraphs[0].runs[0])["eastAsia"] == FONT_HEADING1
    assert _fonts(cells[1].paragraphs[0].runs[0])["eastAsia"] == FONT_BODY


def test_dates_and_numbers():
    assert document_date(date(2026, 1, 5)) == "2026年1月5日"
    assert document_date(None) == "×××"
    assert document_date("2026年上半年") == "2026年上半年"
    assert draft_number("青纪", 2026, 12) == "青纪〔2026〕12号"
