"""Escalation documents (督办通知书, 提醒书, 告诫书, 问责建议) as Word files.

The texts of the four documents (``title_for``, ``addressee_for``, ``body_text``) are
written when an escalation is issued and stored on the ``Escalation``;
``escalation_docx`` lays out one recorded escalation exactly as issued, on the one
official-document renderer (:mod:`jiandu.core.documents`, GB/T 9704-2012): the 版头
(the issuer's mark in red, the 文号 and the red rule), the title, the addressee, the
body and the issuer over the 成文日期.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from jiandu.core.documents import (
    addressee,
    letterhead,
    number,
    paragraphs,
    render,
    signature,
    title,
)
from jiandu.core.formatting import cn_date

# --- the escalation documents --------------------------------------------------------------

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
    blocks = [
        *letterhead(escalation.issuer, escalation.doc_number),
        title(escalation.title),
        number(""),  # the empty line under the title
        addressee(escalation.addressee),
        *paragraphs(escalation.body),
        *signature(escalation.issuer, cn_date(escalation.issued_on)),
    ]
    return render(
        blocks,
        subject=escalation.get_level_display(),
        author=escalation.issuer,
        keywords=escalation.doc_number,
    )
