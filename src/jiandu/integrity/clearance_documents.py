"""The reply letter (党风廉政意见回复函, DOMAIN.md §7): one GB/T 9704 document for the
batch (``core.documents``), a table with one row per person (name, unit and title, the
answer with the closed matters' factual summary), under the 文号 given at issue."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from jiandu.core.documents import (
    Block,
    DocumentContext,
    DocumentKind,
    addressee,
    body,
    number,
    render_kind,
    signature,
    table,
    title,
)


def reply_letter(ctx: DocumentContext) -> list[Block]:
    people = list(ctx.data.get("people") or [])
    first = people[0]["name"] if people else "×××"
    who = f"{first}等{len(people)}名同志" if len(people) > 1 else f"{first}同志"
    rows = [("序号", "姓名", "单位职务", "回复意见")]
    rows += [
        (str(i), p["name"], p.get("unit") or "", f"{p['answer']}。{p['text']}")
        for i, p in enumerate(people, start=1)
    ]
    return [
        title(ctx.title(f"关于{who}党风廉政情况的回复")),
        number(ctx.doc_number),
        addressee(f"{ctx.get('addressee')}："),
        body(
            f"你单位于{ctx.date('received_on')}就{who}{ctx.get('purpose')}征求党风廉政意见"
            f"（{ctx.get('number')}）收悉。经查阅截至{ctx.date('target_date')}本委（监委）掌握的"
            "信访举报、问题线索、案件查办及处分处理等情况，现将意见回复如下："
        ),
        table(rows),
        body("本意见仅反映截至上述日期本委掌握的情况。特此函复。"),
        *signature(ctx.issuer, ctx.today),
    ]


LETTER = DocumentKind("clearance_reply", "党风廉政意见回复函", reply_letter)


def render_letter(context: Mapping[str, Any]) -> bytes:
    return render_kind(LETTER, DocumentContext(context), keywords=str(context.get("number") or ""))
