"""Documents of the filing (立案) and of its revocation (撤销案件)."""

from __future__ import annotations

from jiandu.cases.documents.context import CaseContext
from jiandu.core.documents import (
    BLANK,
    Block,
    addressee,
    body,
    closing,
    number,
    signature,
    table,
    title,
)


def filing_report(ctx: CaseContext) -> list[Block]:
    """立案审查调查呈批报告 ([规则] 37–38; [条例] 180)."""
    blocks = [
        title(ctx.title(f"关于对{ctx.subject()}立案审查调查的呈批报告")),
        number(ctx.doc_number),
        addressee(ctx.get("report_to", ctx.issuer + "主要负责同志")),
    ]
    if ctx.case_kind == "person":
        blocks += [body(ctx.intro(p)) for p in ctx.persons]
    source = ctx.get("clue_source", "")
    if source:
        blocks.append(body(source))
    blocks.append(body("经初步核实，现已查明以下问题："))
    blocks += ctx.facts()
    blocks += [
        body(
            f"上述问题涉嫌违纪违法，需要追究党纪政务责任。根据《中国共产党纪律检查机关监督执纪"
            f"工作规则》第三十七条、第三十八条和《中华人民共和国监察法实施条例》第一百八十条的"
            f"规定，建议对{ctx.problem()}立案审查调查，由{ctx.get('handling_unit')}"
            f"承办。",
        ),
        body("妥否，请批示。"),
    ]
    blocks += signature(ctx.get("handling_unit"), ctx.today)
    blocks.append(table([("承办部门意见", ""), ("分管领导意见", ""), ("主要负责人审批", "")]))
    return blocks


def filing_decision(ctx: CaseContext) -> list[Block]:
    """立案决定书 ([规则] 38; [监察法] 39; [条例] 180, 184)."""
    if ctx.case_kind == "incident":
        target = f"{ctx.problem()}立案调查"
    else:  # a person (or several), or an organisation
        target = f"{ctx.problem()}立案审查调查"
    return [
        title(ctx.title("立案决定书")),
        number(ctx.doc_number),
        body(
            f"根据《中国共产党纪律检查机关监督执纪工作规则》第三十八条和《中华人民共和国监察法》"
            f"第三十九条的规定，经{ctx.filing_approver}批准，决定自"
            f"{ctx.date('filed_on')}起对{target}。",
        ),
        body(f"案件编号：{ctx.get('case_number')}。"),
        *signature(ctx.issuer, ctx.date("filed_on") if ctx.data.get("filed_on") else ctx.today),
    ]


def filing_notice(ctx: CaseContext) -> list[Block]:
    """立案通知书: served on the unit once the filing is announced ([条例] 184)."""
    to = ctx.get("unit", "") or ctx.person.get("unit") or BLANK
    return [
        title(ctx.title("立案通知书")),
        number(ctx.doc_number),
        addressee(to),
        body(
            f"经{ctx.filing_approver}批准，本委决定自{ctx.date('filed_on')}"
            f"起对{ctx.problem()}立案审查调查。",
        ),
        body("请你单位积极支持配合，被审查调查人应当如实说明问题，不得隐匿、毁灭证据。"),
        closing("特此通知。"),
        *signature(ctx.issuer, ctx.today),
    ]


def revocation_decision(ctx: CaseContext) -> list[Block]:
    """撤销案件决定书 ([监察法] 45 第二款; [条例] 206)."""
    return [
        title(ctx.title("撤销案件决定书")),
        number(ctx.doc_number),
        body(
            f"本委于{ctx.date('filed_on')}对{ctx.problem()}立案审查调查"
            f"（案件编号{ctx.get('case_number')}）。经审查调查，{ctx.get('reason')}。",
        ),
        body(
            f"根据《中华人民共和国监察法》第四十五条第二款的规定，经"
            f"{ctx.filing_approver}批准，决定撤销该案，并通知被审查调查人所在单位。",
        ),
        *signature(ctx.issuer, ctx.today),
    ]
