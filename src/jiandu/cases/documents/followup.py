"""Documents after the decision: its execution (执行), the recommendation to the unit
(纪检监察建议书) and the follow-up visit (回访)."""

from __future__ import annotations

from jiandu.cases.documents.context import CaseContext
from jiandu.core.documents import (
    BLANK,
    Block,
    addressee,
    body,
    dated_line,
    document_date,
    heading2,
    lines_of,
    number,
    numbered,
    plain,
    signature,
    table,
    title,
)

NUMERALS = "一二三四五六七八九十"


def execution_report(ctx: CaseContext) -> list[Block]:
    """执行情况报告 ([条例] 203; [政务处分法] 54)."""
    p = ctx.person
    items = ctx.lines("execution_items") or [
        "已将处分决定在本单位一定范围内宣布；",
        "已按规定调整其职务、职级和工资待遇；",
        "已将处分决定及执行材料归入本人档案。",
    ]
    numbers = ctx.get("decision_numbers", "")
    decision_numbers = f"以{numbers}" if numbers else ""
    return [
        title(ctx.title(f"关于{ctx.name_of(p)}处分决定执行情况的报告")),
        number(ctx.doc_number),
        addressee(ctx.issuer),
        body(
            f"{ctx.date('decided_on')}，{ctx.issuer}{decision_numbers}决定给予{ctx.named(p)}"
            f"{ctx.sanction_text(p)}。{ctx.date('served_on')}，向{ctx.name_of(p)}本人宣布并送达"
            f"了处分决定。现将执行情况报告如下：",
        ),
        *numbered(items),
        body(f"以上决定已于{ctx.date('executed_on')}执行完毕。"),
        *signature(ctx.get("unit"), ctx.today),
    ]


def recommendation(ctx: CaseContext) -> list[Block]:
    """纪检监察建议书 ([监察法] 45 第一款第五项; [条例] 36)."""
    problems = ctx.lines("problems") or [BLANK]
    suggestions = ctx.lines("suggestions") or [BLANK]
    return [
        title(ctx.title("纪检监察建议书")),
        number(ctx.doc_number),
        addressee(ctx.get("unit")),
        body(
            f"本委在查办{ctx.subject()}违纪违法案件中发现，你单位在廉政建设和履行职责方面"
            f"存在以下问题：",
        ),
        *[body(f"{NUMERALS[i % 10]}是{text}") for i, text in enumerate(problems)],
        body("为此，根据《中华人民共和国监察法》第四十五条第一款第五项的规定，提出如下建议："),
        *[heading2(f"（{NUMERALS[i % 10]}）{text}") for i, text in enumerate(suggestions)],
        body(
            f"请你单位认真研究，切实整改，并于{ctx.date('reply_due')}前将整改落实情况书面回复"
            f"本委。",
        ),
        *signature(ctx.issuer, ctx.today),
    ]


def followup_record(ctx: CaseContext) -> list[Block]:
    """回访登记表 (DOMAIN.md §4: once within the influence period, policy default)."""
    p = ctx.person
    visitors = "、".join(lines_of(ctx.data.get("visitors")))
    rows = (
        ("被回访人", ctx.name_of(p), "单位职务", ctx.post_of(p) or BLANK),
        ("处理处分情况", ctx.sanction_text(p), "决定日期", ctx.date("decided_on")),
        ("影响期至", document_date(ctx.influence_end(p)), "回访时间", ctx.date("visit_on")),
        ("回访形式", ctx.get("visit_form"), "回访人", visitors),
        ("思想、工作、生活情况", ctx.get("visit_findings")),
        ("所在单位意见", ctx.get("unit_opinion")),
        ("回访意见", ctx.get("opinion")),
        ("备注", ctx.get("note", "")),
    )
    return [
        title(ctx.title("回访登记表")),
        number(ctx.doc_number),
        table(rows),
        plain(),
        dated_line(f"填表单位：{ctx.issuer}　　填表日期：{ctx.today}"),
    ]
