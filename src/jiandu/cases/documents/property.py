"""《移送司法机关涉案财物清单》: the list of the property seized, frozen or detained that goes
with the referral to the procuratorate ([条例] 208 第一款)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from jiandu.cases.documents.context import CaseContext
from jiandu.core.documents import (
    BLANK,
    Block,
    addressee,
    body,
    number,
    signature,
    table,
    title,
)
from jiandu.core.formatting import money

HEADER = ("序号", "名称及特征", "数量", "金额/估价（元）", "措施及日期", "保管地点、保管人")


def _row(i: int, item: dict[str, Any]) -> tuple[str, ...]:
    value = item.get("value")
    return (
        str(i),
        str(item.get("description") or BLANK),
        str(item.get("quantity") or "—"),
        money(value).lstrip("¥") if value not in (None, "") else "—",
        f"{item.get('measure') or BLANK} {item.get('measure_on') or ''}".strip(),
        "，".join(x for x in (item.get("custody_place"), item.get("custodian")) if x) or "—",
    )


def property_list(ctx: CaseContext) -> list[Block]:
    """移送司法机关涉案财物清单 ([条例] 208): every item listed, with the total."""
    items: list[dict[str, Any]] = list(ctx.data.get("properties") or [])
    rows = [HEADER, *(_row(i, item) for i, item in enumerate(items, start=1))]
    total = sum(
        (Decimal(str(i["value"])) for i in items if i.get("value") not in (None, "")), Decimal(0)
    )
    p = ctx.person
    return [
        title(ctx.title("移送司法机关涉案财物清单")),
        number(ctx.doc_number),
        addressee(ctx.get("procuratorate")),
        body(
            f"本委调查的{ctx.named(p)}涉嫌{ctx.get('offence')}一案（案件编号"
            f"{ctx.get('case_number')}），依照《中华人民共和国监察法实施条例》第二百零八条的规定，"
            f"现将查封、扣押、冻结的涉案财物共{len(items)}项随案移送，清单如下："
        ),
        table(rows),
        body(f"合计金额（估价）人民币{money(total).lstrip('¥')}元。"),
        *signature(ctx.supervision_issuer, ctx.today),
    ]
