"""Report rules: the state machine of a report (信访件) from registration to closing.

Pure Python, no ORM. A portal submission is registered (待登记 → 已登记); within 5
working days the jurisdiction is decided (本级受理, or 转送: [条例] 169), which sets the
state; an accepted or forwarded report is closed (办结). The other steps of the report
page (notices, duplicates, subjects, messages, identity) do not change its state.
"""

from __future__ import annotations

from datetime import date

from jiandu.core import calendar
from jiandu.core.workflow import StateMachine
from jiandu.intake.models import ReportOutcome as O
from jiandu.intake.models import ReportStatus as S

# step -> (allowed from-states, to-state); "" when the step's input decides it.
TRANSITIONS: dict[str, tuple[frozenset[str], str]] = {
    "register": (frozenset({S.SUBMITTED}), S.REGISTERED),
    "decide_jurisdiction": (frozenset({S.REGISTERED}), ""),  # 本级受理 or 已转送
    "close": (frozenset({S.ACCEPTED, S.FORWARDED}), S.CLOSED),
}
# The words of a refusal: 该件状态为“已登记”，不能办结.
REFUSAL_LABELS: dict[str, str] = {
    "register": "作为网上举报登记",
    "decide_jurisdiction": "再作管辖决定",
    "close": "办结",
}

MACHINE = StateMachine(
    noun="该件",
    states=dict(S.choices),
    transitions=TRANSITIONS,
    labels=REFUSAL_LABELS,
    refusal="{noun}状态为“{current}”，不能{step}",
)

# A report may be turned into a clue once registered, and while accepted here.
CLUE_STATES = frozenset({S.REGISTERED, S.ACCEPTED})

# A report that became a clue is handled here (本级受理, even when it was turned into a
# clue before the jurisdiction was recorded): it closes when its clue or the case filed
# from it ends (``services.close_reports_of``), not by the petition office's 办结 step.
CONCLUDE_STATES = frozenset({S.REGISTERED, S.ACCEPTED})

# The acceptance notice is owed while a report is registered or accepted here, and never
# for a forwarded report or a duplicate ([检举控告规则] 26): the report's steps and the
# petition office's workbench read it from here.
ACK_STATES = frozenset({S.REGISTERED, S.ACCEPTED})

# What the public portal tells the reporter of a closed report: one sentence per outcome
# category, fixed text only: no number, unit, person or date of the handling
# ([检举控告规则] 27: the result is fed back; 36 and 47: the result and the handling
# stay confidential). A named reporter is also told by the handler in 15 working days.
PUBLIC_RESULT: dict[str, str] = {
    O.CLOSED: "您反映的问题已经研究处理完毕，依规予以了结。",
    O.CHECKED: "您反映的问题已经核查处理完毕，依规予以了结。",
    O.UNFOUNDED: "您反映的问题已经核查处理完毕。经核查，反映的问题不属实或未能查实，依规予以了结。",
    O.PARTLY_TRUE: "您反映的问题已经核查处理完毕。经核查，反映的问题部分属实，已依规依纪作出处理。",
    O.TRUE: "您反映的问题已经核查处理完毕。经核查，反映的问题属实，已依规依纪作出处理。",
    O.TRANSFERRED: "您反映的问题已按规定移交有关党组织或机关处理。",
    O.CASE_DECIDED: "您反映的问题已经立案审查调查，并已依规依纪依法作出处理。",
    O.CASE_REVOKED: "您反映的问题已经立案审查调查，现已依规依纪依法办理完毕。",
    O.FORWARDED: "您反映的问题已按规定转交有关机关办理。",
    O.DONE: "您反映的问题已经办理完毕。",
}


def public_result(outcome: str) -> str:
    """The portal's sentence for a closed report's outcome (unknown or empty: 办理完毕)."""
    return PUBLIC_RESULT.get(outcome, PUBLIC_RESULT[O.DONE])


# --- reports assigned by a higher commission (上级交办) -----------------------------------

ASSIGNMENT_MONTHS = 3  # [检举控告规则] 21: 一般应当在3个月内办结，并报送核查处理情况
ASSIGNMENT_EXTENSION_MONTHS = 3  # 经本机关主要负责人批准，可以延长3个月

ASSIGNMENT_BASIS = {
    "assignment": "《纪检监察机关处理检举控告工作规则》第二十一条：3个月内办结并报送核查处理情况",
    "supervision": "《纪检监察机关处理检举控告工作规则》第二十二条：按督办要求的日期报告",
}
ASSIGNMENT_EXTENDED_BASIS = (
    "《纪检监察机关处理检举控告工作规则》第二十一条：经本机关主要负责人批准延长3个月"
)


def assignment_due(received_on: date, *, extended: bool = False) -> calendar.DueDate:
    """The assigned report is closed and its result reported upward within 3 months of
    receipt; extended once by 3 with the principal leader's approval, counted again
    from the receipt (6 months from ``received_on``: the roll-over of [条例] 285 moves
    only the final last day, never the start) ([检举控告规则] 21)."""
    months = ASSIGNMENT_MONTHS + (ASSIGNMENT_EXTENSION_MONTHS if extended else 0)
    return calendar.add_months(received_on, months)


def duplicate_clue_refusal(
    number: str, original: str, clue: str = "", attached: bool = False
) -> str:
    """Why a confirmed duplicate (重复件) is not turned into a clue of its own: it
    repeats ``original`` and goes with that report's clue (DOMAIN.md §2: a repeated
    report is handled with the first, not as a second matter). ``clue``: the number of
    the clue it went with, when the reader may see it; ``attached``: it went with one."""
    reason = f"信访件{number}已确认为{original}的重复件，不能另立问题线索"
    if clue:
        return f"{reason}；已并入问题线索{clue}"
    if attached:
        return f"{reason}；已并入{original}所转的问题线索"
    return f"{reason}；{original}转为问题线索时将一并并入"


MAX_DUPLICATE_CHAIN = 20  # a duplicate of a duplicate …: followed at most this far


def named_reporter_errors(
    *,
    is_named: bool,
    name: str,
    phone: str,
    address: str = "",
    portal: bool = False,
    require_contact: bool = True,
) -> dict[str, str]:
    """What a named report (实名举报) lacks, by field: the reporter's name, and a way to
    tell them of acceptance and result ([检举控告规则] 26–27). On the portal the
    reporter gives a phone number; a letter or visit registered by staff may give a
    postal address instead. One rule for the portal form, the staff form and the
    service (which, for system callers such as imports of old letters whose contact is
    unknown, leaves the contact to the forms: ``require_contact=False``)."""
    if not is_named:
        return {}
    errors: dict[str, str] = {}
    if not (name or "").strip():
        errors["reporter_name"] = (
            "实名举报请填写本人真实姓名" if portal else "实名举报须填写举报人姓名"
        )
    phone, address = (phone or "").strip(), (address or "").strip()
    if not require_contact:
        return errors
    if portal and not phone:
        errors["reporter_phone"] = "实名举报请留下联系电话，以便告知受理情况和处理结果"
    elif not portal and not phone and not address:
        errors["reporter_phone"] = "实名举报须填写联系电话或联系地址，以便告知受理情况和处理结果"
    return errors
