"""Documents of the investigation (审查调查): its plan and report, detention (留置) and
the transfer for prosecution (移送起诉)."""

from __future__ import annotations

from decimal import Decimal

from jiandu.cases.documents.context import CaseContext
from jiandu.core.documents import (
    BLANK,
    Block,
    addressee,
    body,
    closing,
    heading1,
    lines_of,
    number,
    numbered,
    plain,
    signature,
    title,
)
from jiandu.core.formatting import money_words


def investigation_plan(ctx: CaseContext) -> list[Block]:
    """审查调查方案 ([规则] 39; [条例] 185)."""
    steps = ctx.lines("steps") or [
        "调取有关书证、物证和电子数据，固定证据；",
        "依规依纪依法询问有关证人；",
        "与被审查调查人谈话，听取其陈述和申辩；",
        "查清事实后撰写审查调查报告，按程序移送审理。",
    ]
    team = "、".join(lines_of(ctx.data.get("team"))) or BLANK
    return [
        title(ctx.title(f"关于{ctx.problem()}的审查调查方案")),
        number(ctx.doc_number),
        heading1("一、基本情况"),
        *[body(ctx.intro(p)) for p in ctx.persons if ctx.case_kind == "person"],
        body(
            f"经{ctx.filing_approver}批准，{ctx.date('filed_on')}对{ctx.subject()}"
            f"立案审查调查，案件编号{ctx.get('case_number')}。",
        ),
        heading1("二、审查调查的主要问题"),
        *ctx.facts(),
        heading1("三、方法步骤"),
        *numbered(steps),
        heading1("四、组织分工"),
        body(
            f"包案领导：{ctx.get('leader')}；承办部门：{ctx.get('handling_unit')}；"
            f"审查调查组成员：{team}。",
        ),
        heading1("五、安全保障和纪律要求"),
        body(
            "严格落实安全责任制，谈话全程同步录音录像；审查调查组成员严守保密纪律，"
            "不得私自接触被审查调查人及其亲友，发现问题及时报告。",
        ),
        heading1("六、时间安排"),
        body(f"审查调查工作应于{ctx.date('due_on')}前完成。"),
        *signature(ctx.get("handling_unit"), ctx.today),
    ]


def investigation_report(ctx: CaseContext) -> list[Block]:
    """审查调查报告 ([规则] 51–52; [条例] 188–190)."""
    blocks = [
        title(ctx.title(f"关于{ctx.problem()}的审查调查报告")),
        number(ctx.doc_number),
        addressee(ctx.issuer),
        body(
            f"经{ctx.filing_approver}批准，{ctx.date('filed_on')}对{ctx.problem()}"
            f"立案审查调查（案件编号{ctx.get('case_number')}）。现已审查调查终结，报告如下：",
        ),
        heading1("一、被审查调查人基本情况"),
        *[body(ctx.intro(p)) for p in ctx.persons],
        heading1("二、违纪违法事实"),
        *ctx.facts(),
        heading1("三、被审查调查人的态度和认识"),
        *[
            body(f"{ctx.name_of(p)}：{p.get('attitude') or ctx.get('attitude')}")
            for p in ctx.persons
        ],
        heading1("四、处理意见"),
    ]
    for p in ctx.persons:
        blocks.append(
            body(
                f"{ctx.name_of(p)}的上述行为{ctx.finding(p)}。依据{ctx.get('basis')}，"
                f"建议给予{ctx.name_of(p)}{ctx.sanction_text(p)}。",
            )
        )
    recovered = ctx.data.get("money_recovered") or 0
    if Decimal(str(recovered)) > 0:
        blocks.append(body(f"收缴违纪违法所得{money_words(recovered)}。"))
    blocks += signature(ctx.get("handling_unit"), ctx.today)
    return blocks


def detention_decision(ctx: CaseContext) -> list[Block]:
    """留置决定书 ([监察法] 22, 43; [条例] 92)."""
    p = ctx.person
    return [
        title(ctx.title("留置决定书")),
        number(ctx.doc_number),
        body(
            f"根据《中华人民共和国监察法》第二十二条、第四十三条的规定，经本委领导人员集体研究"
            f"并报{ctx.get('detention_approver', '上一级监察机关')}批准，决定对涉嫌"
            f"{ctx.get('offence')}的{ctx.named(p)}采取留置措施。",
        ),
        body(
            f"留置时间自{ctx.date('detention_start')}起至{ctx.date('detention_end')}止。"
            f"留置地点：{ctx.get('detention_place')}。",
        ),
        *signature(ctx.supervision_issuer, ctx.today),
    ]


def detention_notice(ctx: CaseContext) -> list[Block]:
    """留置通知书: the unit and family within 24 hours ([监察法] 44; [条例] 98)."""
    p = ctx.person
    return [
        title(ctx.title("留置通知书")),
        number(ctx.doc_number),
        addressee(ctx.get("family", ctx.get("unit"))),
        body(
            f"根据《中华人民共和国监察法》第四十四条的规定，本委已于{ctx.date('detention_start')}"
            f"对涉嫌{ctx.get('offence')}的{ctx.named(p)}采取留置措施。",
        ),
        closing("特此通知。"),
        *signature(ctx.supervision_issuer, ctx.today),
    ]


def detention_extension(ctx: CaseContext) -> list[Block]:
    """延长留置时间决定书: once, at most 3 months, approved above ([监察法] 43; [条例] 101)."""
    p = ctx.person
    return [
        title(ctx.title("延长留置时间决定书")),
        number(ctx.doc_number),
        body(
            f"本委于{ctx.date('detention_start')}对涉嫌{ctx.get('offence')}的{ctx.named(p)}"
            f"采取留置措施，留置时间至{ctx.date('detention_end')}届满。因案情重大复杂，"
            f"根据《中华人民共和国监察法》第四十三条的规定，经"
            f"{ctx.get('detention_approver', '上一级监察机关')}批准，决定延长留置时间三个月，自"
            f"{ctx.date('detention_end')}延长至{ctx.date('extended_end')}。",
        ),
        *signature(ctx.supervision_issuer, ctx.today),
    ]


def prosecution_opinion(ctx: CaseContext) -> list[Block]:
    """起诉意见书 ([监察法] 45(4), 47; [规则] 57; [条例] 208, 212)."""
    p = ctx.person
    evidence = ctx.lines("evidence") or [BLANK]
    return [
        title(ctx.title("起诉意见书")),
        number(ctx.doc_number),
        body(f"被调查人{ctx.intro(p)}"),
        body(
            f"被调查人{ctx.name_of(p)}涉嫌{ctx.get('offence')}一案，由本委于{ctx.date('filed_on')}"
            f"立案调查。现已调查终结。",
        ),
        body("经依法调查查明："),
        *ctx.facts(),
        body("认定上述事实的证据如下："),
        *numbered(evidence),
        body(
            f"综上所述，被调查人{ctx.name_of(p)}的行为已涉嫌触犯{ctx.get('criminal_basis')}的"
            f"规定，涉嫌{ctx.get('offence')}。依照《中华人民共和国监察法》第四十五条第一款第四项"
            f"和第四十七条的规定，现将此案移送审查起诉。",
        ),
        closing("此致"),
        plain(ctx.get("procuratorate")),
        *signature(ctx.supervision_issuer, ctx.today),
    ]
