"""Case stages: the state machine of each person's track, the documents each stage
needs, and the time limits on the legal calendar (DOMAIN.md §4).

Pure Python, no ORM. Sources: [规则] 37–60 (监督执纪工作规则), [条例] 180–212 and 285
(监察法实施条例), [监察法] 43 and 47, [处分条例] 44, [政务处分法] 54–56.

**One track per person.** A case (立案) may cover several people ([条例] 181: a case on
a person, on an incident or on an organisation); each person (or the organisation) moves
through the stages on their own: one may be referred for prosecution while another is
already sanctioned. The case's own stage, shown in the list, is derived: the least
advanced stage among its open tracks (``case_stage``).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.db import models

from jiandu.core import calendar
from jiandu.core.errors import IllegalTransition
from jiandu.core.workflow import StateMachine

__all__ = [
    "ACTION_DOCUMENTS",
    "ACTION_LABELS",
    "APPEAL_APPLY_MONTHS",
    "APPEAL_MONTHS",
    "CLOSED_STAGES",
    "DEADLINE_BASIS",
    "DETENTION_EXTENSION_MONTHS",
    "DETENTION_MONTHS",
    "EXECUTION_MONTHS",
    "INVESTIGATING",
    "INVESTIGATION_EXTENSION_MONTHS",
    "MACHINE",
    "MAX_EXECUTION_MONTHS",
    "MAX_PROSECUTION_SUPPLEMENTS",
    "OPEN_STAGES",
    "RECOMMENDATION_REPLY_DAYS",
    "REVIEW_EXTENSION_MONTHS",
    "REVIEW_MONTHS",
    "STAGE_DOCUMENTS",
    "STAGE_ORDER",
    "TRANSITIONS",
    "UNDECIDED_STAGES",
    "AppealKind",
    "CaseDeadlineKind",
    "CaseKind",
    "Stage",
    "appeal_apply_due",
    "appeal_due",
    "case_stage",
    "detention_due",
    "detention_extended_due",
    "execution_due",
    "investigation_due",
    "missing_documents",
    "prosecution_supplement_due",
    "recommendation_reply_due",
    "required_documents",
    "review_due",
    "service_due",
]


class CaseKind(models.TextChoices):
    """[条例] 181: a case on a person, on an incident (以事立案) or on an organisation."""

    PERSON = "person", "对人立案"
    INCIDENT = "incident", "以事立案"
    ORGANISATION = "organisation", "单位立案"


class Stage(models.TextChoices):
    PROPOSED = "proposed", "立案待审批"
    FILED = "filed", "已立案"
    INVESTIGATION = "investigation", "审查调查"
    REFERRED = "referred", "移送审理"
    REVIEW = "review", "审理"
    SUPPLEMENTARY = "supplementary", "退回补充调查"
    PROSECUTION = "prosecution", "移送检察机关"
    PROSECUTION_SUPPLEMENTARY = "prosecution_supplementary", "检察机关退回补充调查"
    DECIDED = "decided", "已决定待宣布送达"
    EXECUTION = "execution", "执行"
    CLOSED = "closed", "结案"
    APPEAL = "appeal", "申诉（复审复核）"
    REVOKED = "revoked", "撤销案件"
    WITHDRAWN = "withdrawn", "未批准立案"


# The order in which a track advances (for the case's derived stage and the list).
STAGE_ORDER: tuple[str, ...] = (
    Stage.PROPOSED,
    Stage.FILED,
    Stage.INVESTIGATION,
    Stage.SUPPLEMENTARY,
    Stage.REFERRED,
    Stage.REVIEW,
    Stage.PROSECUTION_SUPPLEMENTARY,
    Stage.PROSECUTION,
    Stage.DECIDED,
    Stage.EXECUTION,
    Stage.APPEAL,
    Stage.CLOSED,
    Stage.REVOKED,
    Stage.WITHDRAWN,
)
CLOSED_STAGES = frozenset({Stage.CLOSED, Stage.REVOKED, Stage.WITHDRAWN})
# Tracks on which no decision has been made yet ([条例] 185: "作出处理决定").
UNDECIDED_STAGES = frozenset(STAGE_ORDER[: STAGE_ORDER.index(Stage.DECIDED)])
OPEN_STAGES = frozenset(set(Stage.values) - CLOSED_STAGES)
# Stages in which the investigators are still at work (detention is possible).
INVESTIGATING = frozenset({Stage.FILED, Stage.INVESTIGATION, Stage.SUPPLEMENTARY})
_REVOCABLE = frozenset(
    {Stage.FILED, Stage.INVESTIGATION, Stage.REFERRED, Stage.REVIEW, Stage.SUPPLEMENTARY}
)

# step -> (allowed from-stages, to-stage). One table for every track.
TRANSITIONS: dict[str, tuple[frozenset[str], str]] = {
    # [规则] 38: the principal leader approves the filing.
    "approve_filing": (frozenset({Stage.PROPOSED}), Stage.FILED),
    "reject_filing": (frozenset({Stage.PROPOSED}), Stage.WITHDRAWN),
    # [规则] 39–51: the filing decision announced, the investigation under way.
    "start_investigation": (frozenset({Stage.FILED}), Stage.INVESTIGATION),
    # [规则] 52; [条例] 190: the finished investigation goes to the review office.
    "refer_review": (frozenset({Stage.INVESTIGATION}), Stage.REFERRED),
    # [规则] 55; [条例] 194: the review office accepts; the month starts.
    "accept_review": (frozenset({Stage.REFERRED}), Stage.REVIEW),
    # [条例] 196–197: return for supplementary investigation (clock paused) or for a
    # new investigation (the review month restarts on the next acceptance).
    "return_supplementary": (frozenset({Stage.REVIEW}), Stage.SUPPLEMENTARY),
    "resubmit": (frozenset({Stage.SUPPLEMENTARY}), Stage.REVIEW),
    "return_reinvestigate": (frozenset({Stage.REVIEW}), Stage.INVESTIGATION),
    "extend_review": (frozenset({Stage.REVIEW}), Stage.REVIEW),
    # [规则] 57; [监察法] 47: referral to the procuratorate with the 起诉意见书.
    "refer_prosecution": (frozenset({Stage.REVIEW}), Stage.PROSECUTION),
    "prosecution_return": (frozenset({Stage.PROSECUTION}), Stage.PROSECUTION_SUPPLEMENTARY),
    "prosecution_resubmit": (frozenset({Stage.PROSECUTION_SUPPLEMENTARY}), Stage.PROSECUTION),
    # [规则] 56; [条例] 202, 206: the decision (measures per person).
    "decide": (frozenset({Stage.REVIEW, Stage.PROSECUTION}), Stage.DECIDED),
    # [条例] 203; [处分条例] 44: announced and served within a month.
    "serve": (frozenset({Stage.DECIDED}), Stage.EXECUTION),
    # [条例] 203; [处分条例] 44; [政务处分法] 54: executed within a month of the decision,
    # at most six with approval.
    "extend_execution": (frozenset({Stage.EXECUTION}), Stage.EXECUTION),
    "close": (frozenset({Stage.EXECUTION}), Stage.CLOSED),
    # [条例] 198: the case is revoked (撤销案件).
    "revoke": (_REVOCABLE, Stage.REVOKED),
    # [规则] 59 (party appeal); [条例] 210–211 (复审, 复核); [政务处分法] 55–56.
    "appeal": (frozenset({Stage.CLOSED, Stage.EXECUTION}), Stage.APPEAL),
    "appeal_decide": (frozenset({Stage.APPEAL}), Stage.CLOSED),
}

ACTION_LABELS: dict[str, str] = {
    "approve_filing": "批准立案",
    "reject_filing": "不予批准立案",
    "start_investigation": "宣布立案，开展审查调查",
    "refer_review": "移送审理",
    "accept_review": "审理受理",
    "return_supplementary": "退回补充调查",
    "resubmit": "补充调查完毕，重新移送审理",
    "return_reinvestigate": "退回重新调查",
    "extend_review": "延长审理期限",
    "refer_prosecution": "移送检察机关",
    "prosecution_return": "检察机关退回补充调查",
    "prosecution_resubmit": "补充调查完毕，重新移送检察机关",
    "decide": "作出处理决定",
    "serve": "宣布送达",
    "extend_execution": "延长执行期限",
    "close": "执行完毕，结案",
    "revoke": "撤销案件",
    "appeal": "受理申诉（复审复核）",
    "appeal_decide": "作出申诉（复审复核）决定",
}


# One check for every track (``MACHINE.check(stage, step)``): the to-stage, or
# ``IllegalTransition`` naming the current stage and the stages the step needs.
MACHINE = StateMachine(
    noun="案件",
    states={stage: Stage(stage).label for stage in STAGE_ORDER},
    transitions=TRANSITIONS,
    labels=ACTION_LABELS,
    refusal="当前阶段为“{current}”，不能{step}（只有处于“{need}”阶段的可以）",
)


def case_stage(stages: Iterable[str], *, filed: bool = True, refused: bool = False) -> str:
    """The case's stage, derived: the least advanced among the open tracks; when all are
    finished, the most common finish (closed before revoked before withdrawn). An
    incident case whose people are not identified yet has no track: its stage follows
    the filing (proposed, refused or filed)."""
    stages = list(stages)
    if not stages:
        if refused:
            return Stage.WITHDRAWN
        return Stage.FILED if filed else Stage.PROPOSED
    open_ = [s for s in stages if s not in CLOSED_STAGES]
    pool = open_ or stages
    return min(pool, key=STAGE_ORDER.index)


# --- stage documents --------------------------------------------------------------------

# The documents each stage produces (DOMAIN.md §4), by cases.documents kind code, with
# whether leaving the stage requires a signed version. 谈话笔录 and 事实材料 are kept in
# the paper file and uploaded as "其他材料"; the system does not gate on them.
STAGE_DOCUMENTS: dict[str, tuple[tuple[str, bool], ...]] = {
    Stage.PROPOSED: (("filing_report", False),),
    Stage.FILED: (("filing_decision", True), ("filing_notice", False)),
    Stage.INVESTIGATION: (("investigation_plan", False), ("investigation_report", True)),
    Stage.REVIEW: (("review_report", True),),
    Stage.PROSECUTION: (("prosecution_opinion", True),),
    Stage.DECIDED: (),  # the decision documents depend on the measures (below)
    Stage.EXECUTION: (("execution_report", True),),
}
# Documents an action itself needs (the stage left may differ from track to track).
ACTION_DOCUMENTS: dict[str, tuple[str, ...]] = {
    "refer_prosecution": ("review_report", "prosecution_opinion"),
    "revoke": ("revocation_decision",),
}
# Leaving a stage by these actions does not need the stage's documents: the work of the
# stage was not finished (a filing refused, a case sent back or revoked).
_NO_GATE = frozenset(
    {
        "reject_filing",
        "return_supplementary",
        "return_reinvestigate",
        "extend_review",
        "prosecution_return",
        "prosecution_resubmit",
        "extend_execution",
        "appeal",
        "appeal_decide",
        "resubmit",
    }
)


def required_documents(stage: str, action: str, *, measure_kinds: Iterable[str] = ()) -> list[str]:
    """The document kinds that must have a signed version before ``action`` leaves
    ``stage``. Serving a decision needs the decision documents of the kinds of measure
    decided: a party sanction → 党纪处分决定书, a government sanction → 政务处分决定书
    ([规则] 56; [条例] 202)."""
    needed: list[str] = list(ACTION_DOCUMENTS.get(action, ()))
    if action in _NO_GATE or action == "revoke":
        return needed
    if action == "serve":
        kinds = set(measure_kinds)
        if "party" in kinds:
            needed.append("party_sanction_decision")
        if "government" in kinds:
            needed.append("gov_sanction_decision")
        return needed
    for kind, required in STAGE_DOCUMENTS.get(stage, ()):
        if required and kind not in needed:
            needed.append(kind)
    return needed


def missing_documents(
    stage: str, action: str, signed_kinds: Iterable[str], *, measure_kinds: Iterable[str] = ()
) -> list[str]:
    """The required document kinds of ``required_documents`` that have no signed version."""
    have = set(signed_kinds)
    return [
        k for k in required_documents(stage, action, measure_kinds=measure_kinds) if k not in have
    ]


# --- time limits ------------------------------------------------------------------------


class CaseDeadlineKind(models.TextChoices):
    INVESTIGATION = "investigation", "调查期限"
    REVIEW = "review", "审理期限"
    PROSECUTION_SUPPLEMENT = "prosecution_supplement", "退回补充调查期限"
    SERVICE = "service", "宣布送达"
    EXECUTION = "execution", "执行期限"
    APPEAL = "appeal", "申诉（复审复核）办理"
    RECOMMENDATION_REPLY = "recommendation_reply", "建议书回复"
    PROPERTY_DISPOSAL = "property_disposal", "涉案财物处置"


class AppealKind(models.TextChoices):
    PARTY = "party", "党纪处分申诉"
    REEXAMINATION = "reexamination", "政务处分复审"
    RECHECK = "recheck", "政务处分复核"


#: [条例] 185: a supervision-law investigation without detention is decided within a
#: year of filing (or of release from detention); +6 months with the higher approval.
INVESTIGATION_YEARS = 1
INVESTIGATION_EXTENSION_MONTHS = 6
#: [监察法] 43: detention 3 months, extended once by at most 3 months ([条例] 101: counted
#: from the day it is announced). Since 2025-06-01 a second extension and one recount
#: ([监察法2024]; ``jiandu.cases.rules.measures``).
DETENTION_MONTHS = 3
DETENTION_EXTENSION_MONTHS = 3
#: [条例] 194: review within a month of acceptance; policy: an approved extension adds one.
REVIEW_MONTHS = 1
REVIEW_EXTENSION_MONTHS = 1
#: [监察法] 47: the procuratorate returns a case for supplementary investigation within
#: a month, at most twice.
PROSECUTION_SUPPLEMENT_MONTHS = 1
MAX_PROSECUTION_SUPPLEMENTS = 2
#: [条例] 203; [处分条例] 44: announce and serve within a month of the decision.
SERVICE_MONTHS = 1
#: [条例] 203 (处分决定应当在作出之日起一个月以内执行完毕 … 最迟不得超过六个月); [处分条例]
#: 44; [政务处分法] 54: counted from the decision, not from its service.
EXECUTION_MONTHS = 1
MAX_EXECUTION_MONTHS = 6
#: How long the appeal body has, from acceptance: [规则] 59 (party appeal, 复议复查
#: 3个月内办结); [条例] 210: 复审 decided within 1 month of acceptance, 复核 within 2.
APPEAL_MONTHS: dict[str, int] = {
    AppealKind.PARTY: 3,
    AppealKind.REEXAMINATION: 1,
    AppealKind.RECHECK: 2,
}
#: [条例] 210: the person applies for a 复审 within 1 month of receiving the decision,
#: for a 复核 within 1 month of receiving the 复审 decision. No limit is written for a
#: party appeal (党章; [处分条例] 45), hence absent.
APPEAL_APPLY_MONTHS: dict[str, int] = {
    AppealKind.REEXAMINATION: 1,
    AppealKind.RECHECK: 1,
}
#: Policy default (no national limit): a unit answers a 纪检监察建议书 within 30 days.
RECOMMENDATION_REPLY_DAYS = 30


def investigation_due(filed_on: date, *, extended: bool = False) -> calendar.DueDate:
    """[条例] 185: one year from filing (or from release from detention), +6 months
    with the higher commission's approval. Ends on a working day ([条例] 285)."""
    months = 12 * INVESTIGATION_YEARS + (INVESTIGATION_EXTENSION_MONTHS if extended else 0)
    return calendar.add_months(filed_on, months)


def detention_due(started_on: date) -> calendar.DueDate:
    """[监察法] 43; [条例] 101: 3 months from the day detention is announced (that day not
    counted), ending on the corresponding day even when it is a holiday ([条例] 285 second
    paragraph)."""
    return calendar.add_months(started_on, DETENTION_MONTHS, roll_over_rest_days=False)


def detention_extended_due(first_due: date) -> calendar.DueDate:
    """[监察法] 43: one extension of at most 3 months, counted from the end of the first
    period, again never moved for holidays ([条例] 285)."""
    return calendar.add_months(first_due, DETENTION_EXTENSION_MONTHS, roll_over_rest_days=False)


def review_due(accepted_on: date, *, extensions: int = 0, paused_days: int = 0) -> calendar.DueDate:
    """[条例] 194: one month from acceptance, extended by approval (policy: one month per
    approved extension). [条例] 197: the time of a supplementary investigation is not
    counted (``paused_days`` calendar days are added); after a new investigation the
    month restarts from the new acceptance (a new call). The last day rolls over a rest
    day ([条例] 285)."""
    months = REVIEW_MONTHS + REVIEW_EXTENSION_MONTHS * extensions
    end = calendar.add_months(accepted_on, months, roll_over_rest_days=False)
    return calendar.add_days(end, paused_days)


def prosecution_supplement_due(returned_on: date) -> calendar.DueDate:
    """[监察法] 47: supplementary investigation within one month of the return."""
    return calendar.add_months(returned_on, PROSECUTION_SUPPLEMENT_MONTHS)


def service_due(decided_on: date) -> calendar.DueDate:
    """[条例] 203; [处分条例] 44: announce and serve within a month of the decision."""
    return calendar.add_months(decided_on, SERVICE_MONTHS)


def execution_due(decided_on: date, *, months: int = EXECUTION_MONTHS) -> calendar.DueDate:
    """Executed within one month **of the decision**, extended with approval to at most
    six months, also counted from the decision: [条例] 203 (在作出之日起一个月以内执行
    完毕 … 最迟不得超过六个月); [处分条例] 44 (党纪处分决定作出后 … 一个月内; 最长不得超
    过六个月); [政务处分法] 54 (作出政务处分决定后一个月内; 最长不得超过六个月). The
    service does not restart the month. The last day rolls over a rest day ([条例] 285)."""
    if not 1 <= months <= MAX_EXECUTION_MONTHS:
        raise IllegalTransition(f"执行期限最长不得超过{MAX_EXECUTION_MONTHS}个月")
    return calendar.add_months(decided_on, months)


def appeal_due(accepted_on: date, kind: str) -> calendar.DueDate:
    """How long the appeal body has, from the acceptance: a party appeal 3 months
    ([规则] 59); a 复审 1 month, a 复核 2 months ([条例] 210)."""
    return calendar.add_months(accepted_on, APPEAL_MONTHS[kind])


def appeal_apply_due(received_on: date, kind: str) -> calendar.DueDate | None:
    """The last day to apply ([条例] 210): a 复审 within 1 month of receiving the
    decision, a 复核 within 1 month of receiving the 复审 decision; ``None`` for a party
    appeal (no limit written)."""
    months = APPEAL_APPLY_MONTHS.get(kind)
    return None if months is None else calendar.add_months(received_on, months)


def recommendation_reply_due(issued_on: date, days: int = RECOMMENDATION_REPLY_DAYS):
    """Policy default: the unit replies to a 纪检监察建议书 within 30 days ([监察法] 45
    sets no number; the letter states its own deadline)."""
    return calendar.add_days(issued_on, days)


DEADLINE_BASIS: dict[str, str] = {
    CaseDeadlineKind.INVESTIGATION: (
        "《监察法实施条例》第一百八十五条：立案后一年内作出处理决定，"
        "经上一级监察机关批准可延长不超过六个月"
    ),
    CaseDeadlineKind.REVIEW: (
        "《监察法实施条例》第一百九十四条、第一百九十七条：受理之日起一个月内完成，"
        "补充调查期间不计入"
    ),
    CaseDeadlineKind.PROSECUTION_SUPPLEMENT: (
        "《监察法》第四十七条：退回补充调查一个月内完成，以二次为限"
    ),
    CaseDeadlineKind.SERVICE: "《监察法实施条例》第二百零三条：作出后一个月内送达并宣布",
    CaseDeadlineKind.EXECUTION: (
        "《监察法实施条例》第二百零三条：处分决定应当在作出之日起一个月以内执行完毕，"
        "经批准最迟不得超过六个月"
    ),
    CaseDeadlineKind.APPEAL: (
        "《监督执纪工作规则》第五十九条：申诉3个月内办结；《监察法实施条例》第二百一十条："
        "复审受理后一个月以内、复核受理后二个月以内作出决定"
    ),
    CaseDeadlineKind.RECOMMENDATION_REPLY: "政策默认值：收到纪检监察建议书后30日内书面回复整改情况",
    CaseDeadlineKind.PROPERTY_DISPOSAL: (
        "《监察法实施条例》第二百零九条第三款：处置决定作出之日起一个月以内执行完毕"
    ),
}
