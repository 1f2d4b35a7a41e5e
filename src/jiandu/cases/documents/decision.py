"""Documents of the review (审理) and of the decisions (党纪处分 / 政务处分)."""

from __future__ import annotations

from jiandu.cases.documents.context import CaseContext
from jiandu.cases.rules.sanctions import MeasureCategory
from jiandu.core.documents import (
    Block,
    addressee,
    body,
    copies_to,
    heading1,
    number,
    signature,
    title,
)


def review_report(ctx: CaseContext) -> list[Block]:
    """审理报告 ([规则] 53–55; [条例] 194–197)."""
    blocks = [
        title(ctx.title(f"关于{ctx.subject()}违纪违法案的审理报告")),
        number(ctx.doc_number),
        addressee(ctx.issuer),
        body(
            f"{ctx.get('handling_unit')}于{ctx.date('received_on')}将{ctx.subject()}违纪违法"
            f"一案（案件编号{ctx.get('case_number')}）移送审理。审理室依规依纪依法进行了审核"
            f"把关，现将审理情况报告如下：",
        ),
        heading1("一、被审查调查人基本情况"),
        *[body(ctx.intro(p)) for p in ctx.persons],
        heading1("二、立案及审查调查情况"),
        body(f"{ctx.date('filed_on')}，经{ctx.filing_approver}批准立案审查调查。"),
        heading1("三、违纪违法事实"),
        *ctx.facts(),
        heading1("四、审理意见"),
    ]
    blocks += [body(line) for line in ctx.lines("opinion")]
    for p in ctx.persons:
        blocks.append(
            body(
                f"经审理认为，{ctx.name_of(p)}的上述行为{ctx.finding(p)}。依据{ctx.get('basis')}，"
                f"建议给予{ctx.name_of(p)}{ctx.sanction_text(p)}。",
            )
        )
    blocks += signature(ctx.get("review_unit", "案件审理室"), ctx.today)
    return blocks


def party_sanction_decision(ctx: CaseContext) -> list[Block]:
    """党纪处分决定书 ([处分条例] 8–13; [规则] 56; [批准程序规定])."""
    p = ctx.person
    sanction = ctx.sanction_text(p, MeasureCategory.PARTY)
    decided_by = ctx.get("party_decided_by", ctx.discipline_issuer + "常委会会议研究")
    return [
        title(ctx.title(f"关于给予{ctx.name_of(p)}{sanction}的决定")),
        number(ctx.doc_number),
        body(ctx.intro(p)),
        body("经查："),
        *ctx.facts(),
        body(
            f"{ctx.name_of(p)}的上述行为{ctx.finding(p, MeasureCategory.PARTY)}。依据"
            f"{ctx.get('party_basis', ctx.get('basis'))}，经{decided_by}，决定给予"
            f"{ctx.name_of(p)}{sanction}。",
        ),
        *ctx.period_sentences(p, MeasureCategory.PARTY),
        body(
            f"{ctx.name_of(p)}如对本决定不服，可以自收到本决定之日起一个月内向"
            f"{ctx.get('appeal_to', ctx.discipline_issuer)}提出申诉。",
        ),
        *signature(ctx.discipline_issuer, ctx.date("decided_on")),
        *copies_to(ctx.get("cc", "")),
    ]


def gov_sanction_decision(ctx: CaseContext) -> list[Block]:
    """政务处分决定书 ([政务处分法] 7–8, 15, 44–47, 55)."""
    p = ctx.person
    sanction = ctx.sanction_text(p, MeasureCategory.GOVERNMENT)
    decided_by = ctx.get("gov_decided_by", ctx.supervision_issuer + "委务会议研究")
    return [
        title(ctx.title("政务处分决定书")),
        number(ctx.doc_number),
        body(ctx.intro(p)),
        body("经查："),
        *ctx.facts(),
        body(
            f"{ctx.name_of(p)}的上述行为{ctx.finding(p, MeasureCategory.GOVERNMENT)}。依据"
            f"{ctx.get('gov_basis', ctx.get('basis'))}，经{decided_by}，决定给予"
            f"{ctx.name_of(p)}{sanction}。",
        ),
        body("本决定自作出之日起生效，政务处分期自本决定生效之日起计算。"),
        *ctx.period_sentences(p, MeasureCategory.GOVERNMENT),
        body(
            f"{ctx.name_of(p)}如对本决定不服，可以自收到本决定之日起一个月内向"
            f"{ctx.get('appeal_to', ctx.supervision_issuer)}申请复审。",
        ),
        *signature(ctx.supervision_issuer, ctx.date("decided_on")),
        *copies_to(ctx.get("cc", "")),
    ]
