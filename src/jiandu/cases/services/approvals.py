"""Proposals (呈批) of the case steps that need an approval: the handling unit (the review
office for the review's extension) proposes, a leader decides; the proposer never
decides their own proposal ([规则] 23, 25, 38; ``jiandu.core.approvals``).

The approving steps themselves (``detention_start``, ``detention_extend``,
``case_extend_investigation``, ``case_extend_review``, ``case_extend_execution``)
record the approval by deciding the pending proposal (``record_approval``); without one
they are refused.
"""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from jiandu.audit.services import event_record
from jiandu.cases import rules
from jiandu.cases.models import Case, CaseApproval, CasePerson
from jiandu.cases.rules import CaseDeadlineKind
from jiandu.cases.rules.approvals import APPROVAL_STEPS, proposal_stage_refusal
from jiandu.cases.services.common import check_approver, check_handler, check_reviewer
from jiandu.core.errors import DomainError
from jiandu.core.services import locked


def _step(step: str, person: CasePerson | None) -> tuple[Any, CasePerson | None]:
    info = APPROVAL_STEPS.get(step)
    if info is None:
        raise DomainError("该事项不需要呈批", fields={"step": ["请选择呈批事项"]})
    if info.on_track and person is None:
        raise DomainError(
            f"请选择{info.label}的被审查调查人", fields={"person": ["请选择被审查调查人"]}
        )
    return info, person if info.on_track else None


def investigation_extension_refusal(case: Case) -> str:
    """Why the investigation's limit can no longer be extended ([条例] 185; "" while it
    can): only a supervision-law case, once filed, once, while its limit runs and some
    track is still under investigation (not on a closed case nor after the
    investigation stage)."""
    if not case.supervision_law:
        return "党纪立案不计算调查期限，无需延长（延长调查期限适用于监察立案）"
    if not case.filed_on:
        return "立案尚未批准，调查期限尚未起算"
    if case.investigation_extended:
        return "调查期限只能延长一次（不超过六个月）"
    stages = list(case.people.values_list("stage", flat=True))
    if stages and all(s in rules.CLOSED_STAGES for s in stages):
        return "本案已办结，不能再延长调查期限"
    running = case.deadlines.filter(person=None).latest_running(CaseDeadlineKind.INVESTIGATION)
    if running is None:
        return "本案没有进行中的调查期限（调查已结束），不能再延长"
    if stages and not any(s in rules.INVESTIGATING for s in stages):
        return "审查调查阶段已结束（已移送审理或作出处理决定），不能再延长调查期限"
    return ""


def proposal_refusal(*, case: Case, person: CasePerson | None, step: str) -> str:
    """Why ``step`` cannot be proposed now on ``person``'s track ("" when it can)."""
    if person is not None:
        reason = proposal_stage_refusal(step, person.stage)
        if reason:
            return reason
    if step == "investigation_extension":
        return investigation_extension_refusal(case)
    return ""


def proposable_steps(person: CasePerson) -> list[tuple[str, str]]:
    """The approval steps that may be proposed on ``person``'s track now (the 呈批
    form offers only these)."""
    case = person.case
    return [
        (code, info.label)
        for code, info in APPROVAL_STEPS.items()
        if not proposal_refusal(case=case, person=person, step=code)
    ]


@locked("case", "person")
def case_propose(
    *, actor: Any, case: Case, step: str, proposal: str = "", person: CasePerson | None = None
) -> CaseApproval:
    """The handling unit (or the review office, for the review's extension) proposes a
    step for approval; one proposal of a step waits at a time."""
    info, person = _step(step, person)
    if person is not None and person.case_id != case.pk:
        raise DomainError("被审查调查人不属于本案", fields={"person": ["不属于本案"]})
    if info.by_review:
        check_reviewer(actor, case)
    else:
        check_handler(actor, case)
    refusal = proposal_refusal(case=case, person=person, step=step)
    if refusal:
        raise DomainError(refusal, fields={"step": [refusal]})
    if CaseApproval.pending(step=step, case=case, person=person) is not None:
        raise DomainError(f"“{info.label}”已经呈批，正在等待审批")
    who = f"{person.name}" if person is not None else ""
    text = (proposal or "").strip() or f"拟{info.label}{'：' + who if who else ''}。"
    approval = CaseApproval.objects.create(
        case=case,
        person=person,
        step=step,
        proposal=text[:300],
        proposed_by=actor,
        proposed_at=timezone.now(),
    )
    event_record(
        actor=actor,
        action="cases.case.propose",
        obj=case,
        reason=text,
        payload={"step": step, "label": info.label, "person": who},
    )
    return approval


@locked("case", "person")
def case_reject_proposal(
    *, actor: Any, case: Case, step: str, comment: str = "", person: CasePerson | None = None
) -> CaseApproval:
    """A leader refuses a proposal (不予批准); the proposer never decides their own."""
    check_approver(actor, case)
    info, person = _step(step, person)
    approval = CaseApproval.decide_pending(
        step=step,
        case=case,
        person=person,
        actor=actor,
        approve=False,
        comment=comment,
        missing=f"没有待审批的“{info.label}”呈批",
    )
    event_record(
        actor=actor,
        action="cases.case.reject_proposal",
        obj=case,
        reason=comment,
        payload={"step": step, "label": info.label, "person": person.name if person else ""},
    )
    return approval
