"""Official documents (公文) as Word files, laid out after GB/T 9704-2012
《党政机关公文格式》: the one renderer every module's documents are written on.

A document is a list of :class:`Block`\\ s (its parts, top to bottom) made by the
constructors below — :func:`letterhead`, :func:`title`, :func:`number`,
:func:`addressee`, :func:`body`, :func:`heading1` …, :func:`signature`,
:func:`copies_to`, :func:`table` — and :func:`render` lays them out:

- A4 (210 × 297 mm); margins top 37 mm, bottom 35 mm, left 28 mm, right 26 mm
  (版心 156 × 225 mm); a document grid of 22 lines a page;
- 发文机关标志 (the issuer's mark) in red 方正小标宋简体 with the 文号 under it and a red
  rule (版头), for the documents that carry one;
- title 方正小标宋简体 二号 (22 pt), centred; a 文号 under it in 仿宋_GB2312;
- body 仿宋_GB2312 三号 (16 pt), first line indented two characters, exact line
  spacing 28.95 pt (22 lines a page); heading levels 黑体 (一、), 楷体_GB2312 (（一）),
  仿宋 bold (1.);
- issuer and date (成文日期, 2026年11月23日 in Arabic numerals) at the end, the date four
  characters from the right margin, the issuer centred over it;
- page numbers 4号 (14 pt) 宋体 "— 1 —" at the outer side: odd pages on the right, even
  pages on the left, one character from the edge.

Font names are written into the file — ``w:ascii``, ``w:hAnsi``, ``w:eastAsia`` and
``w:cs`` of every run, of the styles and of the document defaults — whether or not the
fonts exist on this machine; Word substitutes a missing font, the names stay.

A module declares its documents as :class:`DocumentKind`\\ s: a code, a Chinese label and
the function that builds the parts from a :class:`DocumentContext` (a plain dict read with
defaults: an empty value prints ×××, so a draft can always be generated and completed by
hand before signing). The issuer and the 文号 prefix are context values the caller takes
from the register (``org.selectors.document_issuer``), never constants.

Nothing here touches the database.
"""

from __future__ import annotations

import io
import threading
import zipfile
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from datetime import date as _Date  # DocumentContext.date() shadows the name in the class
from functools import lru_cache
from typing import Any, Generic, TypeVar

from django.utils import timezone
from docx import Document
from docx.enum.section import WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Length, Mm, Pt, RGBColor
from docx.text.paragraph import Paragraph

from jiandu.core.formatting import cn_date
from jiandu.core.validators import xml_safe

__all__ = [
    "BLANK",
    "FONT_BODY",
    "FONT_HEADING1",
    "FONT_HEADING2",
    "FONT_PAGE_NUMBER",
    "FONT_TITLE",
    "LINE_SPACING",
    "Block",
    "DocumentContext",
    "DocumentKind",
    "addressee",
    "body",
    "closing",
    "copies_to",
    "dated_line",
    "document_date",
    "draft_number",
    "heading1",
    "heading2",
    "heading3",
    "letterhead",
    "lines_of",
    "note",
    "number",
    "numbered",
    "paragraphs",
    "plain",
    "render",
    "render_kind",
    "signature",
    "table",
    "title",
]

FONT_TITLE = "方正小标宋简体"
FONT_BODY = "仿宋_GB2312"
FONT_HEADING1 = "黑体"
FONT_HEADING2 = "楷体_GB2312"
FONT_PAGE_NUMBER = "宋体"

SIZE_MARK = Pt(26)  # 发文机关标志: no fixed size, "醒目、美观、庄重"; smaller than 初号
SIZE_TITLE = Pt(22)  # 二号
SIZE_BODY = Pt(16)  # 三号
SIZE_PAGE_NUMBER = Pt(14)  # 四号
SIZE_TABLE = Pt(14)  # 四号 inside forms
LINE_SPACING = Pt(28.95)  # 22 lines in the 225 mm type area
TITLE_LINE_SPACING = Pt(36)
INDENT = Pt(32)  # two characters of 三号
RED = RGBColor(0xC0, 0x00, 0x00)

PAGE_WIDTH, PAGE_HEIGHT = Mm(210), Mm(297)
MARGIN_TOP, MARGIN_BOTTOM, MARGIN_LEFT, MARGIN_RIGHT = Mm(37), Mm(35), Mm(28), Mm(26)

#: What an empty value prints as: a blank to be filled in by hand before signing.
BLANK = "×××"


def document_date(value: Any) -> str:
    """A date as a document writes it (成文日期 in Arabic numerals): 2026年11月23日; text
    as it is; ××× if empty."""
    return cn_date(value, BLANK)


def lines_of(value: Any) -> list[str]:
    """Paragraphs of a value: the non-empty lines of a text, or the items of a list."""
    if value in (None, ""):
        return []
    if isinstance(value, str):
        return [line.strip() for line in value.splitlines() if line.strip()]
    return [str(item) for item in value if str(item).strip()]


# --------------------------------------------------------------------------- blocks


@dataclass(frozen=True)
class Block:
    """One paragraph (or a form table) of a document, before layout.

    ``style``: mark (发文机关标志), ruled_number (the 文号 of a 版头, over the red rule),
    title, number, addressee, body, h1, h2, h3, signature (``date`` is the 成文日期 it
    is centred over), date, note, closing (此致/特此通知, indented), plain (no indent),
    table (``rows``).
    """

    style: str
    text: str = ""
    rows: tuple[tuple[str, ...], ...] = ()
    date: str = ""


def letterhead(issuer: str, doc_number: str) -> list[Block]:
    """版头: the issuer's mark in red, the 文号 under it and the red rule."""
    return [Block("mark", issuer), Block("ruled_number", doc_number)]


def title(text: str) -> Block:
    return Block("title", text)


def number(text: str) -> Block:
    """The 文号 under the title and an empty line; only the empty line without one."""
    return Block("number", text)


def addressee(name: str) -> Block:
    """主送机关, flush left and followed by a full-width colon."""
    return Block("addressee", f"{name}：")


def body(text: str) -> Block:
    return Block("body", text)


def paragraphs(value: Any, *, blank: str | None = None) -> list[Block]:
    """One body paragraph per line of a text (or item of a list); ``blank`` stands in
    for an empty value."""
    items = lines_of(value) or ([blank] if blank is not None else [])
    return [body(line) for line in items]


def heading1(text: str) -> Block:
    """一、 in 黑体."""
    return Block("h1", text)


def heading2(text: str) -> Block:
    """（一） in 楷体_GB2312."""
    return Block("h2", text)


def heading3(text: str) -> Block:
    """1. in bold 仿宋."""
    return Block("h3", text)


def numbered(items: Iterable[str]) -> list[Block]:
    """1. … 2. … as body paragraphs."""
    return [body(f"{i}. {text}") for i, text in enumerate(items, start=1)]


def plain(text: str = "") -> Block:
    """A paragraph without indent (an empty line when ``text`` is empty)."""
    return Block("plain", text)


def closing(text: str) -> Block:
    """此致 / 特此通知。, indented like the body."""
    return Block("closing", text)


def note(text: str) -> Block:
    """Small print (四号) flush left: 抄送, 附注."""
    return Block("note", text)


def copies_to(units: str) -> list[Block]:
    """抄送：…。 after an empty line; nothing when there is no one to copy."""
    return [plain(), note(f"抄送：{units}。")] if units else []


def signature(issuer: str, when: str) -> list[Block]:
    """An empty line, the issuer centred over the date, the date four characters from
    the right (GB/T 9704-2012 7.3.5.1, a document to be sealed)."""
    return [plain(), Block("signature", issuer, date=when), Block("date", when)]


def dated_line(text: str) -> Block:
    """A line at the right, four characters from the margin, like the 成文日期."""
    return Block("date", text)


def table(rows: Iterable[Iterable[str]]) -> Block:
    """A form of label/value pairs; a row shorter than the widest has its last cell span
    the rest of the row (with room to write by hand)."""
    return Block("table", rows=tuple(tuple(row) for row in rows))


# ------------------------------------------------------------------------ the context


class DocumentContext:
    """Read access to a document's context dict, with the defaults every kind shares.

    Keys read here: ``issuer`` (发文机关, the commission's name as the register gives
    it), ``doc_prefix`` (its 文号 prefix, e.g. ××纪), ``doc_number`` (文号, e.g.
    ××纪立〔2026〕12号), ``title`` (overrides a kind's standard title) and ``date`` (成文日期,
    default today in the local time zone). Every value is optional.
    """

    def __init__(self, data: Mapping[str, Any]):
        self.data = dict(data)
        self.issuer = str(self.data.get("issuer") or BLANK)
        self.doc_prefix = str(self.data.get("doc_prefix") or "")

    def get(self, key: str, default: str = BLANK) -> str:
        """The value as text (a date written 2026年11月23日); ``default`` if empty."""
        value = self.data.get(key)
        if value in (None, ""):
            return default
        if isinstance(value, date | datetime):
            return document_date(value)
        return str(value)

    def date(self, key: str) -> str:
        return document_date(self.data.get(key))

    def lines(self, key: str) -> list[str]:
        return lines_of(self.data.get(key))

    @property
    def on(self) -> _Date:
        """The 成文日期 as a date (today unless the context gives one)."""
        value = self.data.get("date")
        if isinstance(value, datetime):
            return value.date()
        return value if isinstance(value, date) else timezone.localdate()

    @property
    def today(self) -> str:
        """The 成文日期 as the document writes it."""
        value = self.data.get("date")
        return document_date(value if value not in (None, "") else timezone.localdate())

    @property
    def doc_number(self) -> str:
        """The 文号 given; without one, a draft number from the issuer's prefix with the
        serial left blank (××纪〔2026〕　号); nothing without a prefix either."""
        given = self.get("doc_number", "")
        if given:
            return given
        return draft_number(self.doc_prefix, self.on.year) if self.doc_prefix else ""

    def title(self, standard: str) -> str:
        """The kind's standard title unless the context overrides it."""
        return self.get("title", standard)


def draft_number(prefix: str, year: int, serial: int | str = "\u3000") -> str:
    """文号 as GB/T 9704-2012 7.2.4 writes it: 机关代字, 年份 in 〔〕, 发文顺序号 without
    leading zeros: ××纪〔2026〕12号 (a full-width space for a serial still to be given)."""
    return f"{prefix}〔{year}〕{serial}号"


C = TypeVar("C", bound=DocumentContext)


@dataclass(frozen=True)
class DocumentKind(Generic[C]):
    """One kind of document: its code, Chinese label and the function that builds its
    parts from the context."""

    code: str
    label: str
    parts: Callable[[C], list[Block]]


def render_kind(kind: DocumentKind[C], context: C, *, keywords: str = "") -> bytes:
    """The ``.docx`` bytes of ``kind`` filled from ``context``; the file's properties
    name the kind (subject), the issuer (author) and ``keywords`` (e.g. a case number)."""
    return render(kind.parts(context), subject=kind.label, author=context.issuer, keywords=keywords)


# --------------------------------------------------------------------------- layout


def _set_fonts(rpr_parent: Any, font: str) -> None:
    """Write ``font`` into w:rFonts (ascii, hAnsi, eastAsia, cs) of a run or style."""
    rpr = rpr_parent.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), font)
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(attr), None)


def _run(
    paragraph: Paragraph,
    text: str,
    font: str,
    size: Length,
    *,
    bold: bool = False,
    color: RGBColor | None = None,
) -> None:
    run = paragraph.add_run(xml_safe(text))
    run.font.size = size
    run.font.bold = bold
    if color is not None:
        run.font.color.rgb = color
    _set_fonts(run._r, font)


def _format(
    paragraph: Paragraph,
    *,
    align: Any = None,
    indent: Length | None = None,
    right: Length | None = None,
) -> None:
    fmt = paragraph.paragraph_format
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = LINE_SPACING
    fmt.space_before = Pt(0)
    fmt.space_after = Pt(0)
    if align is not None:
        paragraph.alignment = align
    fmt.first_line_indent = indent
    if right is not None:
        fmt.right_indent = right


def _width(text: str) -> float:
    """Width in characters of 三号: CJK and full-width 1, ASCII (digits) ½."""
    return sum(0.5 if ord(ch) < 0x2E80 else 1.0 for ch in text)


def _page_number_field(paragraph: Paragraph) -> None:
    """— PAGE — in 4号 宋体: a PAGE field between two em dashes, one run per field part."""

    def part(element: Any) -> None:
        run = paragraph.add_run()
        run.font.size = SIZE_PAGE_NUMBER
        _set_fonts(run._r, FONT_PAGE_NUMBER)
        run._r.append(element)

    def field_char(kind: str) -> Any:
        element = OxmlElement("w:fldChar")
        element.set(qn("w:fldCharType"), kind)
        return element

    _run(paragraph, "— ", FONT_PAGE_NUMBER, SIZE_PAGE_NUMBER)
    part(field_char("begin"))
    instruction = OxmlElement("w:instrText")
    instruction.set(qn("xml:space"), "preserve")
    instruction.text = " PAGE "
    part(instruction)
    part(field_char("separate"))
    _run(paragraph, "1", FONT_PAGE_NUMBER, SIZE_PAGE_NUMBER)
    part(field_char("end"))
    _run(paragraph, " —", FONT_PAGE_NUMBER, SIZE_PAGE_NUMBER)


def _red_rule(paragraph: Paragraph) -> None:
    """The red rule under the 版头 (发文机关标志 and 文号)."""
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("w:val", "single"), ("w:sz", "12"), ("w:space", "8")):
        bottom.set(qn(key), value)
    bottom.set(qn("w:color"), str(RED))
    borders.append(bottom)
    paragraph._p.get_or_add_pPr().append(borders)


def _setup(document: Any) -> None:
    """Page, grid, default fonts and the page-number footers of an empty document."""
    section = document.sections[0]
    section.start_type = WD_SECTION.NEW_PAGE
    section.page_width, section.page_height = PAGE_WIDTH, PAGE_HEIGHT
    section.top_margin, section.bottom_margin = MARGIN_TOP, MARGIN_BOTTOM
    section.left_margin, section.right_margin = MARGIN_LEFT, MARGIN_RIGHT
    section.header_distance = Mm(15)
    section.footer_distance = Mm(21)  # the page number's rule sits 7 mm below the type area
    # 22 lines a page on the document grid.
    grid = section._sectPr.find(qn("w:docGrid"))
    if grid is None:
        grid = OxmlElement("w:docGrid")
        section._sectPr.append(grid)
    grid.set(qn("w:type"), "lines")
    grid.set(qn("w:linePitch"), str(round(LINE_SPACING.pt * 20)))
    # Normal style and the document defaults: 仿宋_GB2312 三号.
    normal = document.styles["Normal"]
    normal.font.size = SIZE_BODY
    _set_fonts(normal.element, FONT_BODY)
    defaults = document.styles.element.find(qn("w:docDefaults"))
    if defaults is not None:
        rpr_default = defaults.find(qn("w:rPrDefault"))
        if rpr_default is not None and rpr_default.find(qn("w:rPr")) is not None:
            fonts = rpr_default.find(qn("w:rPr")).find(qn("w:rFonts"))
            if fonts is not None:
                for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
                    fonts.set(qn(attr), FONT_BODY)
                for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
                    fonts.attrib.pop(qn(attr), None)
            lang = rpr_default.find(qn("w:rPr")).find(qn("w:lang"))
            if lang is not None:  # Chinese line breaking and punctuation
                lang.set(qn("w:eastAsia"), "zh-CN")
    # Page numbers: odd pages right, even pages left, one character from the edge.
    document.settings.odd_and_even_pages_header_footer = True
    odd = section.footer.paragraphs[0]
    odd.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    odd.paragraph_format.right_indent = Pt(14)
    _page_number_field(odd)
    even = section.even_page_footer.paragraphs[0]
    even.alignment = WD_ALIGN_PARAGRAPH.LEFT
    even.paragraph_format.left_indent = Pt(14)
    _page_number_field(even)


def _add_table(document: Any, rows: tuple[tuple[str, ...], ...]) -> None:
    width = max(len(row) for row in rows)
    grid = document.add_table(rows=len(rows), cols=width)
    grid.style = "Table Grid"
    grid.alignment = WD_TABLE_ALIGNMENT.CENTER
    for r, row in enumerate(rows):
        cells = list(grid.rows[r].cells)
        if len(row) < width:
            merged = cells[len(row) - 1].merge(cells[width - 1])
            cells = [*cells[: len(row) - 1], merged]
            grid.rows[r].height = Mm(30)
        for c, text in enumerate(row):
            paragraph = cells[c].paragraphs[0]
            _format(paragraph, align=WD_ALIGN_PARAGRAPH.LEFT, indent=Pt(0))
            font = FONT_HEADING1 if c % 2 == 0 else FONT_BODY
            _run(paragraph, text, font, SIZE_TABLE)


def _empty_line(document: Any) -> None:
    _format(document.add_paragraph())


def _render_block(document: Any, block: Block) -> None:
    style = block.style
    if style == "table":
        if block.rows:
            _add_table(document, block.rows)
        return
    if style == "number" and not block.text:  # no 文号: one empty line under the title
        _empty_line(document)
        return
    paragraph = document.add_paragraph()
    justify, centre, right = (
        WD_ALIGN_PARAGRAPH.JUSTIFY,
        WD_ALIGN_PARAGRAPH.CENTER,
        WD_ALIGN_PARAGRAPH.RIGHT,
    )
    if style == "mark":
        _format(paragraph, align=centre, indent=Pt(0))
        paragraph.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE
        paragraph.paragraph_format.space_after = Pt(16)
        _run(paragraph, block.text, FONT_TITLE, SIZE_MARK, color=RED)
    elif style == "ruled_number":
        _format(paragraph, align=centre, indent=Pt(0))
        _run(paragraph, block.text, FONT_BODY, SIZE_BODY)
        _red_rule(paragraph)
        _empty_line(document)
    elif style == "title":
        _format(paragraph, align=centre, indent=Pt(0))
        paragraph.paragraph_format.line_spacing = TITLE_LINE_SPACING
        _run(paragraph, block.text, FONT_TITLE, SIZE_TITLE)
    elif style == "number":
        _format(paragraph, align=centre, indent=Pt(0))
        _run(paragraph, block.text, FONT_BODY, SIZE_BODY)
        _empty_line(document)
    elif style in ("addressee", "plain"):
        _format(paragraph, align=justify, indent=Pt(0))
        _run(paragraph, block.text, FONT_BODY, SIZE_BODY)
    elif style == "h1":
        _format(paragraph, align=justify, indent=INDENT)
        _run(paragraph, block.text, FONT_HEADING1, SIZE_BODY)
    elif style == "h2":
        _format(paragraph, align=justify, indent=INDENT)
        _run(paragraph, block.text, FONT_HEADING2, SIZE_BODY)
    elif style == "h3":
        _format(paragraph, align=justify, indent=INDENT)
        _run(paragraph, block.text, FONT_BODY, SIZE_BODY, bold=True)
    elif style == "signature":  # centred over the date, which ends 4 characters in
        chars = max(0.0, 4 + (_width(block.date) - _width(block.text)) / 2)
        _format(paragraph, align=right, indent=Pt(0), right=Pt(round(SIZE_BODY.pt * chars, 1)))
        _run(paragraph, block.text, FONT_BODY, SIZE_BODY)
    elif style == "date":
        _format(paragraph, align=right, indent=Pt(0), right=Pt(INDENT.pt * 2))
        _run(paragraph, block.text, FONT_BODY, SIZE_BODY)
    elif style == "note":
        _format(paragraph, align=justify, indent=Pt(0))
        _run(paragraph, block.text, FONT_BODY, SIZE_PAGE_NUMBER)
    else:  # body, closing
        _format(paragraph, align=justify, indent=INDENT)
        _run(paragraph, block.text, FONT_BODY, SIZE_BODY)


_DOCUMENT_PART = "word/document.xml"
_CORE_PART = "docProps/core.xml"
_ZIP = zipfile.ZIP_DEFLATED


@dataclass(frozen=True)
class _Template:
    full: bytes  # an empty document already laid out (page, styles, footers)
    constant: bytes  # the same package without the two parts each document rewrites


@lru_cache(maxsize=1)
def _template() -> _Template:
    """Built once per process: see :func:`render`."""
    document = Document()
    _setup(document)
    document.core_properties.language = "zh-CN"  # creates docProps/core.xml
    full = io.BytesIO()
    document.save(full)
    constant = io.BytesIO()
    with zipfile.ZipFile(full) as source, zipfile.ZipFile(constant, "w", _ZIP) as target:
        for name in source.namelist():
            if name not in (_DOCUMENT_PART, _CORE_PART):
                target.writestr(name, source.read(name))
    return _Template(full=full.getvalue(), constant=constant.getvalue())


_local = threading.local()


def _blank_document() -> Any:
    """This thread's working document, its body emptied."""
    document = getattr(_local, "document", None)
    if document is None:
        document = _local.document = Document(io.BytesIO(_template().full))
    doc_body = document.element.body
    for child in list(doc_body):
        if child.tag != qn("w:sectPr"):
            doc_body.remove(child)
    return document


def render(
    blocks: Sequence[Block], *, subject: str = "", author: str = "", keywords: str = ""
) -> bytes:
    """The ``.docx`` bytes of a document made of ``blocks``, in the GB/T 9704 layout.
    The file's title property is the first title block's text.

    Opening and saving a package with python-docx costs ~30 ms, mostly parsing and
    compressing the large parts that never change (styles). So the laid-out empty
    package is built once (:func:`_template`); each call empties the body of a working
    document kept per thread, adds the blocks, and appends only ``word/document.xml``
    and ``docProps/core.xml`` to a copy of the compressed constant parts.
    """
    document = _blank_document()
    for block in blocks:
        _render_block(document, block)
    props = document.core_properties
    props.title = next((b.text for b in blocks if b.style == "title"), "")
    props.subject = subject
    props.author = author
    props.keywords = keywords
    buffer = io.BytesIO(_template().constant)
    with zipfile.ZipFile(buffer, "a", _ZIP) as package:
        package.writestr(_DOCUMENT_PART, document.part.blob)
        package.writestr(_CORE_PART, document.part.package._core_properties_part.blob)
    return buffer.getvalue()
