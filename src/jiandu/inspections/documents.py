"""Escalation documents (督办通知书, 提醒书, 告诫书, 问责建议) as Word files.

Two parts, kept apart so that the layout can be merged with the cases module's
documents later:

1. ``OfficialDocument`` — the GB/T 9704-2012 layout of a Party and government
   document (党政机关公文格式): A4 paper, margins 37/35/28/26 mm, the issuer's mark in
   red 方正小标宋简体, the document number (文号) under it and a red rule, the title in
   方正小标宋简体 二号 (22 pt), the addressee and the body in 仿宋_GB2312 三号 (16 pt) on
   a fixed 28 pt line, the body indented two characters, the issuer and the date at
   the right. Nothing here knows about inspections.
2. The texts of the four documents (``title_for``, ``body_text``) and ``escalation_docx``,
   which lays out one recorded ``Escalation`` exactly as issued (its stored text).
"""

from __future__ import annotations

import io
from datetime import date
from typing import Any

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

from jiandu.core.validators import xml_safe

# --- 1. layout (GB/T 9704-2012) --------------------------------------------------------------

TITLE_FONT = "方正小标宋简体"
BODY_FONT = "仿宋_GB2312"
HEADING_FONT = "黑体"
RED = RGBColor(0xC0, 0x00, 0x00)
SIZE_ER = Pt(22)  # 二号
SIZE_SAN = Pt(16)  # 三号
LINE = Pt(28)


def cn_date(d: date) -> str:
    """成文日期 in Arabic numerals, as GB/T 9704-2012 7.3.5.1 prescribes."""
    return f"{d.year}年{d.month}月{d.day}日"


class OfficialDocument:
    """A document in the official layout; add parts top to bottom, then ``bytes()``."""

    def __init__(self) -> None:
        self.doc = Document()
        section = self.doc.sections[0]
        section.page_width, section.page_height = Mm(210), Mm(297)
        section.top_margin, section.bottom_margin = Mm(37), Mm(35)
        section.left_margin, section.right_margin = Mm(28), Mm(26)
        normal = self.doc.styles["Normal"]
        self._font(normal.font, normal.element, BODY_FONT, SIZE_SAN)
        normal.paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        normal.paragraph_format.line_spacing = LINE
        normal.paragraph_format.space_before = Pt(0)
        normal.paragraph_format.space_after = Pt(0)

    @staticmethod
    def _font(font: Any, element: Any, name: str, size: Any, color: Any = None) -> None:
        font.name = name
        font.size = size
        if color is not None:
            font.color.rgb = color
        rpr = element.get_or_add_rPr()
        fonts = rpr.find(qn("w:rFonts"))
        if fonts is None:
            fonts = OxmlElement("w:rFonts")
            rpr.append(fonts)
        for attr in ("w:ascii", "w:hAnsi", "w:eastAsia"):
            fonts.set(qn(attr), name)

    def _paragraph(
        self, text: str, *, font: str, size: Any, align: Any = None, color: Any = None
    ) -> Any:
        paragraph = self.doc.add_paragraph()
        if align is not None:
            paragraph.alignment = align
        run = paragraph.add_run(xml_safe(text))
        self._font(run.font, run._element, font, size, color)
        return paragraph

    def issuer_mark(self, issuer: str, doc_number: str) -> None:
        """发文机关标志 (red), 发文字号, and the red rule under them (版头)."""
        mark = self._paragraph(
            issuer,
            font=TITLE_FONT,
            size=Pt(26),
            align=WD_ALIGN_PARAGRAPH.CENTER,
            color=RED,
        )
        mark.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE
        mark.paragraph_format.space_after = Pt(16)
        number = self._paragraph(
            doc_number, font=BODY_FONT, size=SIZE_SAN, align=WD_ALIGN_PARAGRAPH.CENTER
        )
        borders = OxmlElement("w:pBdr")
        bottom = OxmlElement("w:bottom")
        for key, value in (("w:val", "single"), ("w:sz", "12"), ("w:space", "8")):
            bottom.set(qn(key), value)
        bottom.set(qn("w:color"), "C00000")
        borders.append(bottom)
        number._p.get_or_add_pPr().append(borders)
        self.doc.add_paragraph()

    def title(self, text: str) -> None:
        paragraph = self._paragraph(
            text, font=TITLE_FONT, size=SIZE_ER, align=WD_ALIGN_PARAGRAPH.CENTER
        )
        paragraph.paragraph_format.line_spacing = Pt(36)
        self.doc.add_paragraph()

    def addressee(self, text: str) -> None:
        self._paragraph(f"{text}：", font=BODY_FONT, size=SIZE_SAN)

    def body(self, text: str) -> None:
        """Paragraphs separated by blank lines, each indented two characters."""
        for block in text.split("\n"):
            block = block.strip()
            if not block:
                continue
            paragraph = self._paragraph(block, font=BODY_FONT, size=SIZE_SAN)
            paragraph.paragraph_format.first_line_indent = Pt(32)
            paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY

    def signature(self, issuer: str, on: date) -> None:
        """发文机关署名 and 成文日期 at the right, about four characters in."""
        self.doc.add_paragraph()
        self.doc.add_paragraph()
        for text in (issuer, cn_date(on)):
            paragraph = self._paragraph(
                text, font=BODY_FONT, size=SIZE_SAN, align=WD_ALIGN_PARAGRAPH.RIGHT
            )
            paragraph.paragraph_format.right_indent = Pt(64)

    def bytes(self) -> bytes:
        buffer = io.BytesIO()
        self.doc.save(buffer)
        return buffer.getvalue()


# --- 2. the escalation documents --------------------------------------------------------------

TITLES = {
    "notice": "巡察整改督办通知书",
    "reminder": "巡察整改提醒书",
    "warning": "巡察整改告诫书",
    "accountability": "关于对巡察整改不力问题进行问责的建议",
}
ACCOUNTABILITY_ADDRESSEE = "县纪委监委、县委组织部"


def title_for(level: str) -> str:
    return TITLES[level]


def addressee_for(item: Any, level: str) -> str:
    return ACCOUNTABILITY_ADDRESSEE if level == "accountability" else item.responsible_unit.name


def body_text(item: Any, level: str, on: date) -> str:
    """The document's text for an overdue ledger item."""
    target = item.finding.target
    late = (on - item.deadline).days
    facts = (
        f"{target.round.name}反馈{target.unit.name}的问题“{item.finding.description[:120]}”，"
        f"整改台账第{item.seq}项“{item.measures[:120]}”由{item.responsible_unit.name}负责"
        f"（责任人：{item.responsible_person}），完成时限为{cn_date(item.deadline)}。"
        f"截至{cn_date(on)}，该事项仍未完成整改，已超过完成时限{late}天。"
    )
    earlier = list(item.escalations.order_by("issued_on", "id"))
    history = "".join(
        f"{cn_date(e.issued_on)}已发出{e.get_level_display()}（{e.doc_number}）；" for e in earlier
    )
    if level == "notice":
        ask = (
            "请你单位高度重视，切实履行整改主体责任，于收到本通知之日起15日内完成整改，"
            "并将整改情况和佐证材料报送巡察办。逾期仍未完成的，将按程序发出提醒书。"
        )
    elif level == "reminder":
        ask = (
            f"{history}你单位仍未完成整改。现予以提醒：请主要负责人亲自研究部署，"
            "于收到本提醒书之日起15日内完成整改并书面报告。逾期仍未完成的，将对你单位发出告诫书。"
        )
    elif level == "warning":
        ask = (
            f"{history}你单位至今仍未完成整改，整改责任落实不力。现予以告诫：请你单位"
            "主要负责人作为整改第一责任人（《中国共产党巡视工作条例》第二十七条），"
            "立即组织整改，于收到本告诫书之日起15日内完成并书面说明原因。"
            "逾期仍未完成的，将提出问责建议。"
        )
    else:
        ask = (
            f"{history}{item.responsible_unit.name}仍未完成整改，属于巡察整改不力。"
            "根据《中国共产党问责条例》有关规定，建议对该单位整改责任人和主要负责人"
            "依规依纪依法予以问责。"
        )
    return f"{facts}\n{ask}"


def escalation_docx(escalation: Any) -> bytes:
    """The recorded document as a Word file, exactly as issued."""
    document = OfficialDocument()
    document.issuer_mark(escalation.issuer, escalation.doc_number)
    document.title(escalation.title)
    document.addressee(escalation.addressee)
    document.body(escalation.body)
    document.signature(escalation.issuer, escalation.issued_on)
    return document.bytes()
