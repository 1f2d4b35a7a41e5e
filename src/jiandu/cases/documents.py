"""Stage documents generated as Word files, pure: no ORM.

:func:`render_document` fills the template of one document kind with case data and
returns the bytes of a ``.docx`` laid out as an official document after GB/T 9704-2012
《党政机关公文格式》:

- A4 (210 × 297 mm); margins top 37 mm, bottom 35 mm, left 28 mm, right 26 mm
  (版心 156 × 225 mm); a document grid of 22 lines a page;
- title 方正小标宋简体 二号 (22 pt), centred; the document number (文号, e.g.
  青纪立〔2026〕12号) centred under it in 仿宋_GB2312;
- body 仿宋_GB2312 三号 (16 pt), first line indented two characters, exact line
  spacing 28.95 pt (22 lines a page); heading levels 黑体 (一、), 楷体_GB2312 (（一）),
  仿宋 bold (1.);
- issuer and date (成文日期, 2026年11月23日 in Arabic numerals) at the end, the date
  four characters from the right margin;
- page numbers 4号 (14 pt) 宋体 "— 1 —", odd pages on the right and even pages on the
  left, one character from the edge.

Font names are written into the file — ``w:ascii``, ``w:hAnsi``, ``w:eastAsia`` and
``w:cs`` of every run, of the styles and of the document defaults — whether or not the
fonts exist on this machine; Word substitutes a missing font, the names stay.

The context is a plain dict; every key is optional (a missing value prints ×××, so a
draft can always be generated and completed by hand before signing):

``issuer``
    the commission (its name in the register: ``org.selectors.commission_of``; a
    missing one prints ×××); the party committee ("中共××县纪律检查
    委员会") and supervisory commission ("××县监察委员会") names are derived from it
    unless ``discipline_issuer`` / ``supervision_issuer`` are given.
``doc_number``
    文号, e.g. "青纪立〔2026〕12号". ``case_number``: the case's number (案件编号).
``title``
    overrides the kind's standard title.
``case_kind``
    "person" (default), "incident" (以事立案) or "organisation" (单位立案), [条例] 181;
    ``subject``: what an incident case is about (an organisation case is about
    ``unit``; a person case about its persons).
``persons``
    list of dicts: ``name``, ``gender`` ("男"/"女" or "M"/"F"), ``ethnicity``,
    ``birth`` (date or text), ``education``, ``party_joined`` (date/text; empty for a
    non-member), ``work_started``, ``unit``, ``title`` (post), ``rank``, ``measures``
    (measure codes of :class:`jiandu.cases.rules.sanctions.Measure`), ``influence_end``
    (date), ``attitude`` (态度和认识).
``unit``
    the unit concerned (organisation case, notices, recommendation addressee).
``facts``
    text or list of paragraphs (违纪违法事实); ``evidence``: list of items;
    ``violations``: text naming the rules broken ("违反了廉洁纪律"); each document adds
    what it constitutes (，构成违纪 / 构成职务违法 / 构成违纪违法, from the measures) unless
    the text already says "构成".
``basis``
    the articles applied, e.g. "《中国共产党纪律处分条例》第一百零二条"; ``party_basis``
    and ``gov_basis`` override it in the party and government decisions.
``clue_source``
    where the problem came from ("群众来信反映…").
dates
    ``date`` (成文日期, default today in the local time zone), ``filed_on``,
    ``received_on`` (审理受理), ``decided_on``, ``served_on``, ``executed_on``,
    ``detention_start``, ``detention_end``, ``extended_end``, ``reply_due``, ``visit_on``
    — ``date`` objects (written 2026年11月23日) or text.
others
    ``filing_approver`` (who approved the filing and a revocation, default "<issuer>主要
    负责人审批，报中共<county>委员会主要负责人", [规则] 38), ``detention_approver``
    (default 上一级监察机关, [监察法] 43),
    ``party_decided_by`` / ``gov_decided_by`` (default the 常委会会议 / 委务会议),
    ``report_to`` (呈批报告 addressee), ``handling_unit`` (承办部门), ``team`` (names),
    ``leader`` (包案领导), ``steps`` (list), ``opinion`` (处理意见 / 审理意见 text),
    ``offence`` (涉嫌罪名), ``criminal_basis`` (刑法条文), ``procuratorate``,
    ``detention_place``, ``family`` (留置通知书 addressee), ``reason`` (撤销理由),
    ``money_recovered`` (Decimal, 元), ``execution_items`` (list), ``problems`` and
    ``suggestions`` (lists, 建议书), ``visit_form``, ``visitors``, ``visit_findings``,
    ``unit_opinion``, ``note`` (回访登记表 备注), ``cc`` (抄送), ``appeal_to`` (申诉/复审
    机关), ``review_unit`` (default 案件审理室), ``due_on`` (审查调查方案 完成时限).
"""

from __future__ import annotations

import io
import threading
import zipfile
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from functools import lru_cache
from typing import Any

from django.utils import timezone
from docx import Document
from docx.enum.section import WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from docx.text.paragraph import Paragraph

from jiandu.cases.rules.sanctions import (
    Measure,
    MeasureCategory,
    influence_period_end,
    is_permanent,
    measure_kind,
)
from jiandu.core.validators import xml_safe

__all__ = [
    "DOCUMENT_KINDS",
    "DOCX_CONTENT_TYPE",
    "FONT_BODY",
    "FONT_HEADING1",
    "FONT_HEADING2",
    "FONT_PAGE_NUMBER",
    "FONT_TITLE",
    "DocumentKind",
    "cn_date",
    "render_document",
]

DOCX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

FONT_TITLE = "方正小标宋简体"
FONT_BODY = "仿宋_GB2312"
FONT_HEADING1 = "黑体"
FONT_HEADING2 = "楷体_GB2312"
FONT_PAGE_NUMBER = "宋体"

SIZE_TITLE = Pt(22)  # 二号
SIZE_BODY = Pt(16)  # 三号
SIZE_PAGE_NUMBER = Pt(14)  # 四号
SIZE_TABLE = Pt(14)  # 四号 inside forms
LINE_SPACING = Pt(28.95)  # 22 lines in the 225 mm type area
INDENT = Pt(32)  # two characters of 三号

PAGE_WIDTH, PAGE_HEIGHT = Mm(210), Mm(297)
MARGIN_TOP, MARGIN_BOTTOM, MARGIN_LEFT, MARGIN_RIGHT = Mm(37), Mm(35), Mm(28), Mm(26)

BLANK = "×××"
DEFAULT_ISSUER = BLANK  # the caller names the commission from the register


# --------------------------------------------------------------------------- blocks


@dataclass(frozen=True)
class Block:
    """One paragraph (or a form table) of a document, before layout.

    ``style``: title, number, addressee, body, h1, h2, h3, signature (``date`` is the
    成文日期 it is centred over), date, note, closing (此致/特此通知, indented), plain
    (no indent), table (``rows``).
    """

    style: str
    text: str = ""
    rows: tuple[tuple[str, ...], ...] = ()
    date: str = ""


def _b(style: str, text: str = "") -> Block:
    return Block(style, text)


Template = Callable[["Ctx"], list[Block]]


@dataclass(frozen=True)
class DocumentKind:
    code: str
    label: str
    template: Template


# ------------------------------------------------------------------------ the context


def cn_date(value: Any) -> str:
    """2026年11月23日 for a date (or datetime); text is returned as it is; ××× if empty."""
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        return f"{value.year}年{value.month}月{value.day}日"
    if value in (None, ""):
        return BLANK
    return str(value)


def _cn_month(value: Any) -> str:
    """2026年11月 (for births, joining the party, starting work)."""
    if isinstance(value, date):
        return f"{value.year}年{value.month}月"
    return cn_date(value)


def _money(value: Any) -> str:
    amount = Decimal(str(value))
    return f"人民币{amount:,.2f}元"


def _lines(value: Any) -> list[str]:
    if value in (None, ""):
        return []
    if isinstance(value, str):
        return [line.strip() for line in value.splitlines() if line.strip()]
    return [str(item) for item in value if str(item).strip()]


#: How a measure is named in a decision ("给予…处分" / "予以…").
_SANCTION_WORDING: dict[str, str] = {
    Measure.PARTY_WARNING: "党内警告处分",
    Measure.PARTY_SERIOUS_WARNING: "党内严重警告处分",
    Measure.PARTY_REMOVAL_FROM_POST: "撤销党内职务处分",
    Measure.PARTY_PROBATION_1Y: "留党察看一年处分",
    Measure.PARTY_PROBATION_2Y: "留党察看二年处分",
    Measure.PARTY_EXPULSION: "开除党籍处分",
    Measure.GOV_WARNING: "政务警告处分",
    Measure.GOV_DEMERIT: "政务记过处分",
    Measure.GOV_MAJOR_DEMERIT: "政务记大过处分",
    Measure.GOV_DEMOTION: "政务降级处分",
    Measure.GOV_REMOVAL_FROM_POST: "政务撤职处分",
    Measure.GOV_EXPULSION: "开除公职处分",
}


def _measure_wording(code: str) -> str:
    return _SANCTION_WORDING.get(code) or str(Measure(code).label)


class Ctx:
    """Read access to the context dict with the defaults and wording of all kinds."""

    def __init__(self, data: Mapping[str, Any]):
        self.data = dict(data)
        self.issuer = str(self.data.get("issuer") or DEFAULT_ISSUER)
        base = self.issuer.removesuffix("纪委监委")
        self.discipline_issuer = str(
            self.data.get("discipline_issuer") or f"中共{base}纪律检查委员会"
        )
        self.supervision_issuer = str(self.data.get("supervision_issuer") or f"{base}监察委员会")
        persons = self.data.get("persons") or []
        self.persons: list[dict[str, Any]] = [dict(p) for p in persons] or [{}]
        self.person = self.persons[0]

    def get(self, key: str, default: str = BLANK) -> str:
        value = self.data.get(key)
        if value in (None, ""):
            return default
        if isinstance(value, date | datetime):
            return cn_date(value)
        return str(value)

    def date(self, key: str) -> str:
        return cn_date(self.data.get(key))

    def lines(self, key: str) -> list[str]:
        return _lines(self.data.get(key))

    @property
    def today(self) -> str:
        return cn_date(self.data.get("date") or timezone.localdate())

    @property
    def case_kind(self) -> str:
        return str(self.data.get("case_kind") or "person")

    # -- persons

    @staticmethod
    def name_of(person: Mapping[str, Any]) -> str:
        return str(person.get("name") or BLANK)

    @property
    def name(self) -> str:
        return "、".join(self.name_of(p) for p in self.persons)

    @staticmethod
    def post_of(person: Mapping[str, Any]) -> str:
        return f"{person.get('unit') or ''}{person.get('title') or ''}"

    def named(self, person: Mapping[str, Any]) -> str:
        """××县交通运输局副局长张三."""
        return f"{self.post_of(person)}{self.name_of(person)}"

    def intro(self, person: Mapping[str, Any]) -> str:
        """张三，男，汉族，1975年3月生，大学学历，1998年6月加入中国共产党，1996年7月参加
        工作，现任××县交通运输局副局长。"""
        gender = {"M": "男", "F": "女"}.get(str(person.get("gender")), person.get("gender"))
        parts = [self.name_of(person)]
        if gender:
            parts.append(str(gender))
        if person.get("ethnicity"):
            parts.append(str(person["ethnicity"]))
        if person.get("birth"):
            parts.append(f"{_cn_month(person['birth'])}生")
        if person.get("education"):
            parts.append(str(person["education"]))
        if person.get("party_joined"):
            parts.append(f"{_cn_month(person['party_joined'])}加入中国共产党")
        if person.get("work_started"):
            parts.append(f"{_cn_month(person['work_started'])}参加工作")
        post = self.post_of(person)
        if post:
            parts.append(f"现任{post}")
        return "，".join(parts) + "。"

    def subject(self) -> str:
        """What the case is about: a person's (or several) problems, an incident, a unit."""
        if self.case_kind == "incident":
            return self.get("subject")
        if self.case_kind == "organisation":  # the unit itself is the subject
            return self.get("unit", "") or self.get("subject")
        return "、".join(self.named(p) for p in self.persons)

    def problem(self) -> str:
        """张三涉嫌违纪违法问题; an incident case names its incident as it is."""
        if self.case_kind == "incident":
            return self.subject()
        return f"{self.subject()}涉嫌违纪违法问题"

    @property
    def filing_approver(self) -> str:
        """Who approved the filing: [规则] 38, the commission's main leader examines and
        the main leader of the Party committee at the same level approves."""
        base = self.issuer.removesuffix("纪委监委")
        default = f"{self.issuer}主要负责人审批，报中共{base}委员会主要负责人"
        return self.get("filing_approver", default)

    def finding(self, person: Mapping[str, Any], kind: str | None = None) -> str:
        """违反了廉洁纪律，构成违纪 — what the conduct broke and constitutes: a party
        decision 违纪, a government decision 职务违法, a report from the measures."""
        text = self.get("violations", f"违反了{BLANK}")
        if "构成" in text:
            return text
        kinds = {kind} if kind else {measure_kind(c) for c in self.measures_of(person)}
        party, gov = MeasureCategory.PARTY in kinds, MeasureCategory.GOVERNMENT in kinds
        if party and gov:
            return f"{text}，构成违纪违法"
        if party:
            return f"{text}，构成违纪"
        if gov:
            return f"{text}，构成职务违法"
        return text

    def measures_of(self, person: Mapping[str, Any], kind: str | None = None) -> list[str]:
        codes = [str(c) for c in person.get("measures") or ()]
        if kind is not None:
            codes = [c for c in codes if measure_kind(c) == kind]
        return codes

    def sanction_text(self, person: Mapping[str, Any], kind: str | None = None) -> str:
        codes = self.measures_of(person, kind)
        return "、".join(_measure_wording(c) for c in codes) or BLANK


def _facts(ctx: Ctx) -> list[Block]:
    lines = ctx.lines("facts") or [BLANK]
    return [_b("body", line) for line in lines]


def _signature(issuer: str, when: str) -> list[Block]:
    """An empty line, the issuer centred over the date, the date four characters from
    the right (GB/T 9704-2012 7.3.5.1, a document to be sealed)."""
    return [_b("plain"), Block("signature", issuer, date=when), _b("date", when)]


def _width(text: str) -> float:
    """Width in characters of 三号: CJK and full-width 1, ASCII (digits) ½."""
    return sum(0.5 if ord(ch) < 0x2E80 else 1.0 for ch in text)


def _numbered(items: Iterable[str], style: str = "body") -> list[Block]:
    return [_b(style, f"{i}. {text}") for i, text in enumerate(items, start=1)]


# ------------------------------------------------------------------------- templates


def _filing_report(ctx: Ctx) -> list[Block]:
    """立案审查调查呈批报告 ([规则] 37–38; [条例] 180)."""
    blocks = [
        _b("title", ctx.get("title", f"关于对{ctx.subject()}立案审查调查的呈批报告")),
        _b("number", ctx.get("doc_number", "")),
        _b("addressee", f"{ctx.get('report_to', ctx.issuer + '主要负责同志')}："),
    ]
    if ctx.case_kind == "person":
        blocks += [_b("body", ctx.intro(p)) for p in ctx.persons]
    source = ctx.get("clue_source", "")
    if source:
        blocks.append(_b("body", source))
    blocks.append(_b("body", "经初步核实，现已查明以下问题："))
    blocks += _facts(ctx)
    blocks += [
        _b(
            "body",
            f"上述问题涉嫌违纪违法，需要追究党纪政务责任。根据《中国共产党纪律检查机关监督执纪"
            f"工作规则》第三十七条、第三十八条和《中华人民共和国监察法实施条例》第一百八十条的"
            f"规定，建议对{ctx.problem()}立案审查调查，由{ctx.get('handling_unit')}"
            f"承办。",
        ),
        _b("body", "妥否，请批示。"),
    ]
    blocks += _signature(ctx.get("handling_unit"), ctx.today)
    blocks.append(
        Block(
            "table",
            rows=(
                ("承办部门意见", ""),
                ("分管领导意见", ""),
                ("主要负责人审批", ""),
            ),
        )
    )
    return blocks


def _filing_decision(ctx: Ctx) -> list[Block]:
    """立案决定书 ([规则] 38; [监察法] 39; [条例] 180, 184)."""
    if ctx.case_kind == "incident":
        target = f"{ctx.problem()}立案调查"
    else:  # a person (or several), or an organisation
        target = f"{ctx.problem()}立案审查调查"
    return [
        _b("title", ctx.get("title", "立案决定书")),
        _b("number", ctx.get("doc_number", "")),
        _b(
            "body",
            f"根据《中国共产党纪律检查机关监督执纪工作规则》第三十八条和《中华人民共和国监察法》"
            f"第三十九条的规定，经{ctx.filing_approver}批准，决定自"
            f"{ctx.date('filed_on')}起对{target}。",
        ),
        _b("body", f"案件编号：{ctx.get('case_number')}。"),
        *_signature(ctx.issuer, ctx.date("filed_on") if ctx.data.get("filed_on") else ctx.today),
    ]


def _filing_notice(ctx: Ctx) -> list[Block]:
    """立案通知书: served on the unit once the filing is announced ([条例] 184)."""
    addressee = ctx.get("unit", "") or ctx.person.get("unit") or BLANK
    return [
        _b("title", ctx.get("title", "立案通知书")),
        _b("number", ctx.get("doc_number", "")),
        _b("addressee", f"{addressee}："),
        _b(
            "body",
            f"经{ctx.filing_approver}批准，本委决定自{ctx.date('filed_on')}"
            f"起对{ctx.problem()}立案审查调查。",
        ),
        _b("body", "请你单位积极支持配合，被审查调查人应当如实说明问题，不得隐匿、毁灭证据。"),
        _b("closing", "特此通知。"),
        *_signature(ctx.issuer, ctx.today),
    ]


def _investigation_plan(ctx: Ctx) -> list[Block]:
    """审查调查方案 ([规则] 39; [条例] 185)."""
    steps = ctx.lines("steps") or [
        "调取有关书证、物证和电子数据，固定证据；",
        "依规依纪依法询问有关证人；",
        "与被审查调查人谈话，听取其陈述和申辩；",
        "查清事实后撰写审查调查报告，按程序移送审理。",
    ]
    team = "、".join(_lines(ctx.data.get("team"))) or BLANK
    return [
        _b("title", ctx.get("title", f"关于{ctx.problem()}的审查调查方案")),
        _b("number", ctx.get("doc_number", "")),
        _b("h1", "一、基本情况"),
        *[_b("body", ctx.intro(p)) for p in ctx.persons if ctx.case_kind == "person"],
        _b(
            "body",
            f"经{ctx.filing_approver}批准，{ctx.date('filed_on')}对{ctx.subject()}"
            f"立案审查调查，案件编号{ctx.get('case_number')}。",
        ),
        _b("h1", "二、审查调查的主要问题"),
        *_facts(ctx),
        _b("h1", "三、方法步骤"),
        *_numbered(steps),
        _b("h1", "四、组织分工"),
        _b(
            "body",
            f"包案领导：{ctx.get('leader')}；承办部门：{ctx.get('handling_unit')}；"
            f"审查调查组成员：{team}。",
        ),
        _b("h1", "五、安全保障和纪律要求"),
        _b(
            "body",
            "严格落实安全责任制，谈话全程同步录音录像；审查调查组成员严守保密纪律，"
            "不得私自接触被审查调查人及其亲友，发现问题及时报告。",
        ),
        _b("h1", "六、时间安排"),
        _b("body", f"审查调查工作应于{ctx.date('due_on')}前完成。"),
        *_signature(ctx.get("handling_unit"), ctx.today),
    ]


def _investigation_report(ctx: Ctx) -> list[Block]:
    """审查调查报告 ([规则] 51–52; [条例] 188–190)."""
    blocks = [
        _b("title", ctx.get("title", f"关于{ctx.problem()}的审查调查报告")),
        _b("number", ctx.get("doc_number", "")),
        _b("addressee", f"{ctx.issuer}："),
        _b(
            "body",
            f"经{ctx.filing_approver}批准，{ctx.date('filed_on')}对{ctx.problem()}"
            f"立案审查调查（案件编号{ctx.get('case_number')}）。现已审查调查终结，报告如下：",
        ),
        _b("h1", "一、被审查调查人基本情况"),
        *[_b("body", ctx.intro(p)) for p in ctx.persons],
        _b("h1", "二、违纪违法事实"),
        *_facts(ctx),
        _b("h1", "三、被审查调查人的态度和认识"),
        *[_b("body", f"{ctx.name_of(p)}：{p.get('attitude') or BLANK}") for p in ctx.persons],
        _b("h1", "四、处理意见"),
    ]
    for p in ctx.persons:
        blocks.append(
            _b(
                "body",
                f"{ctx.name_of(p)}的上述行为{ctx.finding(p)}。依据{ctx.get('basis')}，"
                f"建议给予{ctx.name_of(p)}{ctx.sanction_text(p)}。",
            )
        )
    if Decimal(str(ctx.data.get("money_recovered") or 0)) > 0:
        blocks.append(_b("body", f"收缴违纪违法所得{_money(ctx.data['money_recovered'])}。"))
    blocks += _signature(ctx.get("handling_unit"), ctx.today)
    return blocks


def _detention_decision(ctx: Ctx) -> list[Block]:
    """留置决定书 ([监察法] 22, 43; [条例] 92)."""
    p = ctx.person
    return [
        _b("title", ctx.get("title", "留置决定书")),
        _b("number", ctx.get("doc_number", "")),
        _b(
            "body",
            f"根据《中华人民共和国监察法》第二十二条、第四十三条的规定，经本委领导人员集体研究"
            f"并报{ctx.get('detention_approver', '上一级监察机关')}批准，决定对涉嫌"
            f"{ctx.get('offence')}的{ctx.named(p)}采取留置措施。",
        ),
        _b(
            "body",
            f"留置时间自{ctx.date('detention_start')}起至{ctx.date('detention_end')}止。"
            f"留置地点：{ctx.get('detention_place')}。",
        ),
        *_signature(ctx.supervision_issuer, ctx.today),
    ]


def _detention_notice(ctx: Ctx) -> list[Block]:
    """留置通知书: the unit and family within 24 hours ([监察法] 44; [条例] 98)."""
    p = ctx.person
    return [
        _b("title", ctx.get("title", "留置通知书")),
        _b("number", ctx.get("doc_number", "")),
        _b("addressee", f"{ctx.get('family', ctx.get('unit'))}："),
        _b(
            "body",
            f"根据《中华人民共和国监察法》第四十四条的规定，本委已于{ctx.date('detention_start')}"
            f"对涉嫌{ctx.get('offence')}的{ctx.named(p)}采取留置措施。",
        ),
        _b("closing", "特此通知。"),
        *_signature(ctx.supervision_issuer, ctx.today),
    ]


def _detention_extension(ctx: Ctx) -> list[Block]:
    """延长留置时间决定书: once, at most 3 months, approved above ([监察法] 43; [条例] 101)."""
    p = ctx.person
    return [
        _b("title", ctx.get("title", "延长留置时间决定书")),
        _b("number", ctx.get("doc_number", "")),
        _b(
            "body",
            f"本委于{ctx.date('detention_start')}对涉嫌{ctx.get('offence')}的{ctx.named(p)}"
            f"采取留置措施，留置时间至{ctx.date('detention_end')}届满。因案情重大复杂，"
            f"根据《中华人民共和国监察法》第四十三条的规定，经"
            f"{ctx.get('detention_approver', '上一级监察机关')}批准，决定延长留置时间三个月，自"
            f"{ctx.date('detention_end')}延长至{ctx.date('extended_end')}。",
        ),
        *_signature(ctx.supervision_issuer, ctx.today),
    ]


def _review_report(ctx: Ctx) -> list[Block]:
    """审理报告 ([规则] 53–55; [条例] 194–197)."""
    blocks = [
        _b("title", ctx.get("title", f"关于{ctx.subject()}违纪违法案的审理报告")),
        _b("number", ctx.get("doc_number", "")),
        _b("addressee", f"{ctx.issuer}："),
        _b(
            "body",
            f"{ctx.get('handling_unit')}于{ctx.date('received_on')}将{ctx.subject()}违纪违法"
            f"一案（案件编号{ctx.get('case_number')}）移送审理。审理室依规依纪依法进行了审核"
            f"把关，现将审理情况报告如下：",
        ),
        _b("h1", "一、被审查调查人基本情况"),
        *[_b("body", ctx.intro(p)) for p in ctx.persons],
        _b("h1", "二、立案及审查调查情况"),
        _b(
            "body",
            f"{ctx.date('filed_on')}，经{ctx.filing_approver}批准立案审查调查。",
        ),
        _b("h1", "三、违纪违法事实"),
        *_facts(ctx),
        _b("h1", "四、审理意见"),
    ]
    opinion = ctx.lines("opinion")
    if opinion:
        blocks += [_b("body", line) for line in opinion]
    for p in ctx.persons:
        blocks.append(
            _b(
                "body",
                f"经审理认为，{ctx.name_of(p)}的上述行为{ctx.finding(p)}。依据{ctx.get('basis')}，"
                f"建议给予{ctx.name_of(p)}{ctx.sanction_text(p)}。",
            )
        )
    blocks += _signature(ctx.get("review_unit", "案件审理室"), ctx.today)
    return blocks


def _party_sanction_decision(ctx: Ctx) -> list[Block]:
    """党纪处分决定书 ([处分条例] 8–13; [规则] 56; [批准程序规定])."""
    p = ctx.person
    sanction = ctx.sanction_text(p, MeasureCategory.PARTY)
    decided_by = ctx.get("party_decided_by", ctx.discipline_issuer + "常委会会议研究")
    return [
        _b("title", ctx.get("title", f"关于给予{ctx.name_of(p)}{sanction}的决定")),
        _b("number", ctx.get("doc_number", "")),
        _b("body", ctx.intro(p)),
        _b("body", "经查："),
        *_facts(ctx),
        _b(
            "body",
            f"{ctx.name_of(p)}的上述行为{ctx.finding(p, MeasureCategory.PARTY)}。依据"
            f"{ctx.get('party_basis', ctx.get('basis'))}，经{decided_by}，决定给予"
            f"{ctx.name_of(p)}{sanction}。",
        ),
        *_period_sentence(ctx, p, MeasureCategory.PARTY),
        _b(
            "body",
            f"{ctx.name_of(p)}如对本决定不服，可以自收到本决定之日起一个月内向"
            f"{ctx.get('appeal_to', ctx.discipline_issuer)}提出申诉。",
        ),
        *_signature(ctx.discipline_issuer, ctx.date("decided_on")),
        *_cc(ctx),
    ]


def _gov_sanction_decision(ctx: Ctx) -> list[Block]:
    """政务处分决定书 ([政务处分法] 7–8, 15, 44–47, 55)."""
    p = ctx.person
    sanction = ctx.sanction_text(p, MeasureCategory.GOVERNMENT)
    decided_by = ctx.get("gov_decided_by", ctx.supervision_issuer + "委务会议研究")
    return [
        _b("title", ctx.get("title", "政务处分决定书")),
        _b("number", ctx.get("doc_number", "")),
        _b("body", ctx.intro(p)),
        _b("body", "经查："),
        *_facts(ctx),
        _b(
            "body",
            f"{ctx.name_of(p)}的上述行为{ctx.finding(p, MeasureCategory.GOVERNMENT)}。依据"
            f"{ctx.get('gov_basis', ctx.get('basis'))}，经{decided_by}，决定给予"
            f"{ctx.name_of(p)}{sanction}。",
        ),
        _b("body", "本决定自作出之日起生效，政务处分期自本决定生效之日起计算。"),
        *_period_sentence(ctx, p, MeasureCategory.GOVERNMENT),
        _b(
            "body",
            f"{ctx.name_of(p)}如对本决定不服，可以自收到本决定之日起一个月内向"
            f"{ctx.get('appeal_to', ctx.supervision_issuer)}申请复审。",
        ),
        *_signature(ctx.supervision_issuer, ctx.date("decided_on")),
        *_cc(ctx),
    ]


def _period_sentence(ctx: Ctx, person: Mapping[str, Any], kind: str) -> list[Block]:
    """The influence period of the decided sanction, when the decision date is known."""
    decided_on = ctx.data.get("decided_on")
    if not isinstance(decided_on, date):
        return []
    sentences = []
    for code in ctx.measures_of(person, kind):
        end = influence_period_end(code, decided_on)
        if end is not None:
            sentences.append(
                f"{_measure_wording(code)}的影响期自{cn_date(decided_on)}起至{cn_date(end)}止。"
            )
        elif is_permanent(code):
            sentences.append(
                f"受到{_measure_wording(code)}的，不得录用为公务员以及参照公务员法管理的人员。"
            )
    return [_b("body", s) for s in sentences]


def _cc(ctx: Ctx) -> list[Block]:
    cc = ctx.get("cc", "")
    return [_b("plain"), _b("note", f"抄送：{cc}。")] if cc else []


def _prosecution_opinion(ctx: Ctx) -> list[Block]:
    """起诉意见书 ([监察法] 45(4), 47; [规则] 57; [条例] 208, 212)."""
    p = ctx.person
    evidence = ctx.lines("evidence") or [BLANK]
    return [
        _b("title", ctx.get("title", "起诉意见书")),
        _b("number", ctx.get("doc_number", "")),
        _b("body", f"被调查人{ctx.intro(p)}"),
        _b(
            "body",
            f"被调查人{ctx.name_of(p)}涉嫌{ctx.get('offence')}一案，由本委于{ctx.date('filed_on')}"
            f"立案调查。现已调查终结。",
        ),
        _b("body", "经依法调查查明："),
        *_facts(ctx),
        _b("body", "认定上述事实的证据如下："),
        *_numbered(evidence),
        _b(
            "body",
            f"综上所述，被调查人{ctx.name_of(p)}的行为已涉嫌触犯{ctx.get('criminal_basis')}的"
            f"规定，涉嫌{ctx.get('offence')}。依照《中华人民共和国监察法》第四十五条第一款第四项"
            f"和第四十七条的规定，现将此案移送审查起诉。",
        ),
        _b("closing", "此致"),
        _b("plain", ctx.get("procuratorate")),
        *_signature(ctx.supervision_issuer, ctx.today),
    ]


def _revocation_decision(ctx: Ctx) -> list[Block]:
    """撤销案件决定书 ([监察法] 45 第二款; [条例] 206)."""
    return [
        _b("title", ctx.get("title", "撤销案件决定书")),
        _b("number", ctx.get("doc_number", "")),
        _b(
            "body",
            f"本委于{ctx.date('filed_on')}对{ctx.problem()}立案审查调查"
            f"（案件编号{ctx.get('case_number')}）。经审查调查，{ctx.get('reason')}。",
        ),
        _b(
            "body",
            f"根据《中华人民共和国监察法》第四十五条第二款的规定，经"
            f"{ctx.filing_approver}批准，决定撤销该案，并通知被审查调查人所在单位。",
        ),
        *_signature(ctx.issuer, ctx.today),
    ]


def _execution_report(ctx: Ctx) -> list[Block]:
    """执行情况报告 ([条例] 203; [政务处分法] 54)."""
    p = ctx.person
    items = ctx.lines("execution_items") or [
        "已将处分决定在本单位一定范围内宣布；",
        "已按规定调整其职务、职级和工资待遇；",
        "已将处分决定及执行材料归入本人档案。",
    ]
    return [
        _b("title", ctx.get("title", f"关于{ctx.name_of(p)}处分决定执行情况的报告")),
        _b("number", ctx.get("doc_number", "")),
        _b("addressee", f"{ctx.issuer}："),
        _b(
            "body",
            f"{ctx.date('decided_on')}，{ctx.issuer}决定给予{ctx.named(p)}"
            f"{ctx.sanction_text(p)}。{ctx.date('served_on')}，向{ctx.name_of(p)}本人宣布并送达"
            f"了处分决定。现将执行情况报告如下：",
        ),
        *_numbered(items),
        _b("body", f"以上决定已于{ctx.date('executed_on')}执行完毕。"),
        *_signature(ctx.get("unit"), ctx.today),
    ]


def _recommendation(ctx: Ctx) -> list[Block]:
    """纪检监察建议书 ([监察法] 45 第一款第五项; [条例] 36)."""
    problems = ctx.lines("problems") or [BLANK]
    suggestions = ctx.lines("suggestions") or [BLANK]
    blocks = [
        _b("title", ctx.get("title", "纪检监察建议书")),
        _b("number", ctx.get("doc_number", "")),
        _b("addressee", f"{ctx.get('unit')}："),
        _b(
            "body",
            f"本委在查办{ctx.subject()}违纪违法案件中发现，你单位在廉政建设和履行职责方面"
            f"存在以下问题：",
        ),
    ]
    numerals = "一二三四五六七八九十"
    for i, text in enumerate(problems):
        blocks.append(_b("body", f"{numerals[i % 10]}是{text}"))
    blocks.append(
        _b(
            "body",
            "为此，根据《中华人民共和国监察法》第四十五条第一款第五项的规定，提出如下建议：",
        )
    )
    blocks += [_b("h2", f"（{numerals[i % 10]}）{text}") for i, text in enumerate(suggestions)]
    blocks += [
        _b(
            "body",
            f"请你单位认真研究，切实整改，并于{ctx.date('reply_due')}前将整改落实情况书面回复"
            f"本委。",
        ),
        *_signature(ctx.issuer, ctx.today),
    ]
    return blocks


def _followup_record(ctx: Ctx) -> list[Block]:
    """回访登记表 (DOMAIN.md §4: once within the influence period, policy default)."""
    p = ctx.person
    end = p.get("influence_end")
    decided_on = ctx.data.get("decided_on")
    if end is None and isinstance(decided_on, date):
        ends = [influence_period_end(c, decided_on) for c in ctx.measures_of(p)]
        ends = [e for e in ends if e is not None]
        end = max(ends) if ends else None
    rows = (
        ("被回访人", ctx.name_of(p), "单位职务", ctx.post_of(p) or BLANK),
        ("处理处分情况", ctx.sanction_text(p), "决定日期", ctx.date("decided_on")),
        ("影响期至", cn_date(end), "回访时间", ctx.date("visit_on")),
        ("回访形式", ctx.get("visit_form"), "回访人", "、".join(_lines(ctx.data.get("visitors")))),
        ("思想、工作、生活情况", ctx.get("visit_findings")),
        ("所在单位意见", ctx.get("unit_opinion")),
        ("回访意见", ctx.get("opinion")),
        ("备注", ctx.get("note", "")),
    )
    return [
        _b("title", ctx.get("title", "回访登记表")),
        _b("number", ctx.get("doc_number", "")),
        Block("table", rows=rows),
        _b("plain"),
        _b("date", f"填表单位：{ctx.issuer}　　填表日期：{ctx.today}"),
    ]


DOCUMENT_KINDS: dict[str, DocumentKind] = {
    kind.code: kind
    for kind in (
        DocumentKind("filing_report", "立案审查调查呈批报告", _filing_report),
        DocumentKind("filing_decision", "立案决定书", _filing_decision),
        DocumentKind("filing_notice", "立案通知书", _filing_notice),
        DocumentKind("investigation_plan", "审查调查方案", _investigation_plan),
        DocumentKind("investigation_report", "审查调查报告", _investigation_report),
        DocumentKind("detention_decision", "留置决定书", _detention_decision),
        DocumentKind("detention_notice", "留置通知书", _detention_notice),
        DocumentKind("detention_extension", "延长留置时间决定书", _detention_extension),
        DocumentKind("review_report", "审理报告", _review_report),
        DocumentKind("party_sanction_decision", "党纪处分决定书", _party_sanction_decision),
        DocumentKind("gov_sanction_decision", "政务处分决定书", _gov_sanction_decision),
        DocumentKind("prosecution_opinion", "起诉意见书", _prosecution_opinion),
        DocumentKind("revocation_decision", "撤销案件决定书", _revocation_decision),
        DocumentKind("execution_report", "执行情况报告", _execution_report),
        DocumentKind("recommendation", "纪检监察建议书", _recommendation),
        DocumentKind("followup_record", "回访登记表", _followup_record),
    )
}


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


def _run(paragraph: Paragraph, text: str, font: str, size: Pt, *, bold: bool = False) -> None:
    run = paragraph.add_run(xml_safe(text))
    run.font.size = size
    run.font.bold = bold
    _set_fonts(run._r, font)


def _format(paragraph: Paragraph, *, align: Any = None, indent: Any = None, right: Any = None):
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


def _setup(document: Any) -> None:
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
    """A form: label/value pairs; a row shorter than the widest has its value cell span
    the rest of the row (and room to write by hand)."""
    width = max(len(row) for row in rows)
    table = document.add_table(rows=len(rows), cols=width)
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for r, row in enumerate(rows):
        cells = list(table.rows[r].cells)
        if len(row) < width:
            merged = cells[len(row) - 1].merge(cells[width - 1])
            cells = [*cells[: len(row) - 1], merged]
            table.rows[r].height = Mm(30)
        for c, text in enumerate(row):
            paragraph = cells[c].paragraphs[0]
            _format(paragraph, align=WD_ALIGN_PARAGRAPH.LEFT, indent=Pt(0))
            font = FONT_HEADING1 if c % 2 == 0 else FONT_BODY
            _run(paragraph, text, font, SIZE_TABLE)


def _render_block(document: Any, block: Block) -> None:
    if block.style == "table":
        _add_table(document, block.rows)
        return
    if block.style == "number" and not block.text:  # no 文号: one empty line under the title
        _format(document.add_paragraph())
        return
    paragraph = document.add_paragraph()
    style = block.style
    if style == "title":
        _format(paragraph, align=WD_ALIGN_PARAGRAPH.CENTER, indent=Pt(0))
        paragraph.paragraph_format.line_spacing = Pt(36)
        _run(paragraph, block.text, FONT_TITLE, SIZE_TITLE)
    elif style == "number":
        _format(paragraph, align=WD_ALIGN_PARAGRAPH.CENTER, indent=Pt(0))
        _run(paragraph, block.text, FONT_BODY, SIZE_BODY)
        document.add_paragraph()  # one empty line under the number
        _format(document.paragraphs[-1])
    elif style in ("addressee", "plain"):
        _format(paragraph, align=WD_ALIGN_PARAGRAPH.JUSTIFY, indent=Pt(0))
        _run(paragraph, block.text, FONT_BODY, SIZE_BODY)
    elif style == "h1":
        _format(paragraph, align=WD_ALIGN_PARAGRAPH.JUSTIFY, indent=INDENT)
        _run(paragraph, block.text, FONT_HEADING1, SIZE_BODY)
    elif style == "h2":
        _format(paragraph, align=WD_ALIGN_PARAGRAPH.JUSTIFY, indent=INDENT)
        _run(paragraph, block.text, FONT_HEADING2, SIZE_BODY)
    elif style == "h3":
        _format(paragraph, align=WD_ALIGN_PARAGRAPH.JUSTIFY, indent=INDENT)
        _run(paragraph, block.text, FONT_BODY, SIZE_BODY, bold=True)
    elif style == "signature":  # centred over the date, which ends 4 characters in
        chars = max(0.0, 4 + (_width(block.date) - _width(block.text)) / 2)
        right = Pt(round(SIZE_BODY.pt * chars, 1))
        _format(paragraph, align=WD_ALIGN_PARAGRAPH.RIGHT, indent=Pt(0), right=right)
        _run(paragraph, block.text, FONT_BODY, SIZE_BODY)
    elif style == "date":
        _format(paragraph, align=WD_ALIGN_PARAGRAPH.RIGHT, indent=Pt(0), right=INDENT * 2)
        _run(paragraph, block.text, FONT_BODY, SIZE_BODY)
    elif style == "note":
        _format(paragraph, align=WD_ALIGN_PARAGRAPH.JUSTIFY, indent=Pt(0))
        _run(paragraph, block.text, FONT_BODY, SIZE_PAGE_NUMBER)
    else:  # body, closing
        _format(paragraph, align=WD_ALIGN_PARAGRAPH.JUSTIFY, indent=INDENT)
        _run(paragraph, block.text, FONT_BODY, SIZE_BODY)


_DOCUMENT_PART = "word/document.xml"
_CORE_PART = "docProps/core.xml"


@dataclass(frozen=True)
class _Template:
    full: bytes  # an empty document already laid out (page, styles, footers)
    constant: bytes  # the same package without the two parts each document rewrites


@lru_cache(maxsize=1)
def _template() -> _Template:
    """Built once per process: see :func:`render_document`."""
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


_ZIP = zipfile.ZIP_DEFLATED
_local = threading.local()


def _blank_document() -> Any:
    """This thread's working document, its body emptied."""
    document = getattr(_local, "document", None)
    if document is None:
        document = _local.document = Document(io.BytesIO(_template().full))
    body = document.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)
    return document


def render_document(kind: str, context: Mapping[str, Any]) -> bytes:
    """The ``.docx`` bytes of document ``kind`` (a :data:`DOCUMENT_KINDS` code) filled
    with ``context`` (module docstring). ``KeyError`` for an unknown kind.

    Opening and saving a package with python-docx costs ~30 ms, mostly parsing and
    compressing the large parts that never change (styles). So the laid-out empty
    package is built once (:func:`_template`); each call empties the body of a working
    document kept per thread, adds the blocks, and appends only ``word/document.xml``
    and ``docProps/core.xml`` to a copy of the compressed constant parts.
    """
    if kind not in DOCUMENT_KINDS:
        raise KeyError(f"unknown document kind: {kind!r}")
    document_kind = DOCUMENT_KINDS[kind]
    ctx = Ctx(context)
    blocks = document_kind.template(ctx)
    document = _blank_document()
    for block in blocks:
        _render_block(document, block)
    props = document.core_properties
    props.title = next((b.text for b in blocks if b.style == "title"), "")
    props.subject = document_kind.label
    props.author = ctx.issuer
    props.keywords = str(context.get("case_number") or "")
    buffer = io.BytesIO(_template().constant)
    with zipfile.ZipFile(buffer, "a", _ZIP) as package:
        package.writestr(_DOCUMENT_PART, document.part.blob)
        package.writestr(_CORE_PART, document.part.package._core_properties_part.blob)
    return buffer.getvalue()
