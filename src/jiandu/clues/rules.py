"""Clue rules: the state machine and the time limits (DOMAIN.md §3).

Pure Python, no ORM. Sources: [规则] 21–36 (监督执纪工作规则), [条例] 172–179 (监察法实施
条例), [巡视条例] 29; verification and shelving periods are policy defaults.
"""

from __future__ import annotations

from datetime import date

from jiandu.clues.models import ClueDeadlineKind, Disposition
from jiandu.clues.models import ClueStatus as S
from jiandu.core import calendar
from jiandu.core.errors import IllegalTransition
from jiandu.core.workflow import StateMachine

# step -> (allowed from-states, to-state). One table for the whole lifecycle, checked by
# ``MACHINE.check(status, step)`` (core.workflow).
TRANSITIONS: dict[str, tuple[frozenset[str], str]] = {
    # The case management office proposes routing; a leader approves ([规则] 23, 25).
    "propose_routing": (frozenset({S.REGISTERED}), S.ROUTING_PROPOSED),
    "approve_routing": (frozenset({S.ROUTING_PROPOSED}), S.ASSIGNED),
    "reject_routing": (frozenset({S.ROUTING_PROPOSED}), S.REGISTERED),
    # The handling unit takes the clue (first-handler responsibility).
    "accept": (frozenset({S.ASSIGNED}), S.ACCEPTED),
    "return": (frozenset({S.ASSIGNED}), S.REGISTERED),
    # The handling unit proposes one of the dispositions; a leader approves ([规则] 21).
    "propose_disposition": (frozenset({S.ACCEPTED, S.SHELVED}), S.DISPOSITION_PROPOSED),
    "reject_disposition": (frozenset({S.DISPOSITION_PROPOSED}), S.ACCEPTED),
    # approve_disposition: the target state depends on the disposition (DISPOSITION_TARGET).
    # "" as a target: the service decides it.
    "approve_disposition": (frozenset({S.DISPOSITION_PROPOSED}), ""),
    # Inquiry steps ([规则] 28–30; [条例] 72): a letter sent or a talk held (for a
    # delegated talk: the 委托函 received), the delegated talk held, the reply or
    # written explanation received, the conclusion.
    "inquiry_start": (frozenset({S.INQUIRY}), S.INQUIRY),
    "inquiry_talk": (frozenset({S.INQUIRY}), S.INQUIRY),
    "inquiry_reply": (frozenset({S.INQUIRY}), S.INQUIRY),
    "inquiry_conclude": (frozenset({S.INQUIRY}), ""),  # target from the outcome
    # Verification ([规则] 31–35).
    "verification_extend": (frozenset({S.VERIFICATION}), S.VERIFICATION),
    "verification_conclude": (frozenset({S.VERIFICATION}), ""),  # target from the outcome
    # A shelved clue is reviewed periodically and kept, or re-disposed (above).
    "shelve_review": (frozenset({S.SHELVED}), S.SHELVED),
    # The case proposed from the clue is filed ([规则] 37–38): the clue is done with.
    "case_filed": (frozenset({S.PENDING_CASE}), S.CASE_FILED),
}

DISPOSITION_TARGET: dict[str, str] = {
    Disposition.INQUIRY: S.INQUIRY,
    Disposition.VERIFICATION: S.VERIFICATION,
    Disposition.SHELVE: S.SHELVED,
    Disposition.CLOSE: S.CLOSED,
    Disposition.CASE: S.PENDING_CASE,
    Disposition.TRANSFER: S.TRANSFERRED,
}


class Outcome:
    """What an inquiry or a verification leads to ([规则] 30, 35)."""

    CLOSE = "close"  # 了结 (查否了结 after a check), with feedback or clearing
    FIRST_FORM = "first_form"  # a first-form measure, then closed
    INQUIRE_AGAIN = "inquire_again"  # talk or inquire again
    VERIFY = "verify"  # propose preliminary verification
    CASE = "case"  # propose opening a case (拟立案)
    SHELVE = "shelve"
    TRANSFER = "transfer"  # to the Party organisation or another authority

    LABELS: dict[str, str] = {
        CLOSE: "予以了结",
        FIRST_FORM: "采取第一种形态措施后了结",
        INQUIRE_AGAIN: "再次谈话函询",
        VERIFY: "转初步核实",
        CASE: "拟立案审查调查",
        SHELVE: "暂存待查",
        TRANSFER: "移送党组织或有关机关",
    }


AFTER_INQUIRY = {
    Outcome.CLOSE: S.CLOSED,
    Outcome.FIRST_FORM: S.CLOSED,
    Outcome.INQUIRE_AGAIN: S.INQUIRY,
    Outcome.VERIFY: S.VERIFICATION,
}
AFTER_VERIFICATION = {
    Outcome.CASE: S.PENDING_CASE,
    Outcome.CLOSE: S.CLOSED,
    Outcome.FIRST_FORM: S.CLOSED,
    Outcome.SHELVE: S.SHELVED,
    Outcome.TRANSFER: S.TRANSFERRED,
}

ACTION_LABELS: dict[str, str] = {
    "propose_routing": "提出分办意见",
    "approve_routing": "批准分办",
    "reject_routing": "退回分办意见",
    "accept": "接收线索",
    "return": "退回线索",
    "propose_disposition": "提出处置意见",
    "reject_disposition": "退回处置意见",
    "approve_disposition": "批准处置意见",
    "inquiry_start": "发函或谈话",
    "inquiry_talk": "登记委托谈话",
    "inquiry_reply": "收到回复或说明",
    "inquiry_conclude": "谈话函询办结",
    "verification_extend": "初步核实延期",
    "verification_conclude": "初步核实办结",
    "shelve_review": "复查暂存线索",
    "case_filed": "立案审查调查",
}


MACHINE = StateMachine(
    noun="线索",
    states=dict(S.choices),
    transitions=TRANSITIONS,
    labels=ACTION_LABELS,
)


def outcome_target(stage: str, outcome: str) -> str:
    table = AFTER_INQUIRY if stage == "inquiry" else AFTER_VERIFICATION
    if outcome not in table:
        stage_label = "谈话函询" if stage == "inquiry" else "初步核实"
        allowed = "、".join(Outcome.LABELS[o] for o in table)
        raise IllegalTransition(
            f"{stage_label}后不能“{Outcome.LABELS.get(outcome, outcome)}”（可选：{allowed}）"
        )
    return table[outcome]


# --- time limits --------------------------------------------------------------------


def disposition_due(received_on: date) -> calendar.DueDate:
    """Propose a disposition within 1 month of receiving the clue ([规则] 21)."""
    return calendar.add_months(received_on, 1)


def inquiry_reply_due(letter_received_on: date) -> calendar.DueDate:
    """The subject replies within 15 working days of receiving the letter ([规则] 29;
    [条例] 174)."""
    return calendar.add_working_days(letter_received_on, 15)


def talk_explanation_due(talked_on: date) -> calendar.DueDate:
    """The written explanation the commission may ask for after its own talk: within 15
    working days of the talk ([条例] 72 second paragraph: 可以根据需要要求 — optional)."""
    return calendar.add_working_days(talked_on, 15)


def delegated_talk_due(entrusted_on: date) -> calendar.DueDate:
    """A delegated talk (委托谈话) is held by the delegate within 15 working days of
    receiving the 委托函 ([条例] 72 third paragraph)."""
    return calendar.add_working_days(entrusted_on, 15)


def inquiry_report_due(ended_on: date) -> calendar.DueDate:
    """Report and proposal within 1 month after the talk ended or the letter's reply was
    received ([规则] 30: 谈话结束或者收到函询回复后1个月内): for a talk, counted from the
    talk's date, whether or not a written explanation follows."""
    return calendar.add_months(ended_on, 1)


def inspection_feedback_due(received_on: date) -> calendar.DueDate:
    """Feedback on a clue transferred by an inspection tour within 3 months ([巡视条例] 29)."""
    return calendar.add_months(received_on, 3)


def verification_due(started_on: date, months: int, extension_months: int = 0) -> calendar.DueDate:
    """Preliminary verification: policy default months (2, +1 with approval).

    An approved extension lengthens the period, which is still counted from the day the
    verification started: ``months + extension_months`` from ``started_on``. [条例] 285
    moves only the period's final last day off a rest day, so the extension is never
    counted from an already rolled-over due date (start 2026-08-01: 2 months → 10-01,
    National Day → 10-08; extended, 3 months → Sun 11-01 → 11-02, not 11-09)."""
    return calendar.add_months(started_on, months + extension_months)


def shelve_review_due(shelved_on: date, months: int) -> calendar.DueDate:
    """A shelved clue is reviewed every policy-default months (6)."""
    return calendar.add_months(shelved_on, months)


_K = ClueDeadlineKind
DEADLINE_BASIS: dict[str, str] = {
    _K.DISPOSITION: "《监督执纪工作规则》第二十一条：收到线索后1个月内提出处置意见",
    _K.INQUIRY_REPLY: "《监督执纪工作规则》第二十九条：收到函件后15个工作日内书面回复",
    _K.TALK_EXPLANATION: "《监察法实施条例》第七十二条：15个工作日内作出书面说明",
    _K.DELEGATED_TALK: "《监察法实施条例》第七十二条：受托人收到委托函后15个工作日内进行谈话",
    _K.INQUIRY_REPORT: "《监督执纪工作规则》第三十条：谈话结束或收到函询回复后1个月内写出情况报告",
    _K.INSPECTION_FEEDBACK: "《巡视工作条例》第二十九条：3个月内反馈办理情况",
    _K.VERIFICATION: "政策默认值：初步核实2个月，经批准可延长1个月",
    _K.SHELVE_REVIEW: "政策默认值：暂存待查线索每6个月复查一次",
}


# Units whose principal leader always counts under [规则] 22 (所辖地区、部门主要负责人):
# county departments, Party organs and towns. Schools, hospitals, state firms and other
# units count when the register marks them (``Unit.head_reported_upward``).
UPWARD_HEAD_KINDS = frozenset({"department", "party_committee", "town"})
UNIT_KIND_WORDS = {"school": "学校", "hospital": "医院", "soe": "国有企业"}


def upward_report_reason(
    *,
    rank: str,
    is_head: bool,
    unit_kind: str,
    head_marked: bool = False,
    party_committee_member: bool = False,
    commission_member: bool = False,
) -> str:
    """Why a clue must be reported to the higher commission, or "" ([规则] 22: 反映同级
    党委委员、候补委员，纪委常委、监委委员，以及所辖地区、部门、单位主要负责人的问题线索
    和线索处置情况，应当及时向上级纪检监察机关报告).

    From the register: the cadre's markers as a member of the same-level Party
    committee or of the commission's standing committee / the supervisory commission
    (whatever their rank); county-level rank (cadres managed at the level above); and
    the principal leader (``is_head``) of a department, Party organ or town, or of a
    school, hospital, state firm or other unit the register marks (``head_marked``)."""
    rule = "按《监督执纪工作规则》第二十二条报告"
    if commission_member:
        return f"被反映人为纪委常委、监委委员，{rule}"
    if party_committee_member:
        return f"被反映人为同级党委委员、候补委员，{rule}"
    if rank == "county":
        return "被反映人为县处级干部，按干部管理权限向上级纪委监委报告"
    if is_head and unit_kind in UPWARD_HEAD_KINDS:
        return f"被反映人为下一级单位主要负责人，{rule}"
    if is_head and head_marked:
        words = UNIT_KIND_WORDS.get(unit_kind, "所辖单位")
        return f"被反映人为名册标注的{words}主要负责人，{rule}"
    return ""
