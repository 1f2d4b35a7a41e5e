"""Every write to the 澄清正名 and 诬告陷害 processes of a clue ([检举控告规则] 39–45, 50;
the machines are ``jiandu.clues.clearing_rules``). Each step checks its machine, the
actor's capability, scope and part (the handling unit proposes and records; a leader
reviews; the principal leader approves a clearing), takes the row lock first, and
leaves one audit event on the process. The decisions go through ``core.approvals``
(``ClueApproval``): the proposer never approves their own proposal."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.utils import timezone

from jiandu.audit.services import event_record
from jiandu.clues import clearing_rules as rules
from jiandu.clues.models import (
    Clarification,
    ClarificationScope,
    ClarificationStatus,
    ClarificationWay,
    Clue,
    ClueApproval,
    FalseAccusation,
    FalseAccusationStatus,
    FollowUpKind,
)
from jiandu.core.errors import DomainError, NotFound
from jiandu.core.permissions import require_capability
from jiandu.core.services import locked
from jiandu.intake.models import Report

PRINCIPAL_LEADER_ONLY = "澄清正名须经本机关主要负责人批准（《检举控告规则》第五十条）"

# --- shared checks ------------------------------------------------------------------------


def _visible(actor: Any, clue: Clue) -> None:
    if actor is not None and not Clue.objects.visible_to(actor).filter(pk=clue.pk).exists():
        raise NotFound()


def _handler(actor: Any, clue: Clue) -> None:
    """Proposals and records belong to the clue's handling unit."""
    require_capability(actor, "clues.handle")
    _visible(actor, clue)
    if actor is not None and actor.unit_id != clue.handling_unit_id:
        unit = clue.handling_unit.name if clue.handling_unit else "承办单位"
        raise DomainError(f"该线索由{unit}承办，只能由承办单位办理")


def is_principal_leader(actor: Any) -> bool:
    """The commission's principal leader (主要负责人): a leader who is the head of their
    unit (``User.is_unit_head``); the system actor counts as one."""
    return actor is None or bool(
        actor.has_capability("clues.approve") and getattr(actor, "is_unit_head", False)
    )


def _date(on: date, *, after: date | None = None, what: str = "日期") -> None:
    if on > timezone.localdate():
        raise DomainError(f"{what}不能晚于今天", fields={"on": ["日期晚于今天"]})
    if after is not None and on < after:
        raise DomainError(
            f"{what}不能早于{after.year}年{after.month}月{after.day}日（上一步的日期）",
            fields={"on": ["日期早于上一步"]},
        )


def _required(value: str, message: str, field: str) -> str:
    value = (value or "").strip()
    if not value:
        raise DomainError(message, fields={field: [message]})
    return value


def _record(
    actor: Any,
    obj: Clarification | FalseAccusation,
    kind: str,
    step: str,
    before: str,
    *,
    reason: str = "",
    payload: dict | None = None,
) -> None:
    machine = rules.CLARIFICATION if kind == "clarification" else rules.FALSE_ACCUSATION
    event_record(
        actor=actor,
        action=f"clues.{kind}.{step}",
        obj=obj,
        from_state=machine.state_label(before) if before else "",
        to_state=machine.state_label(obj.status),
        reason=reason,
        payload={"clue": obj.clue.number, **(payload or {})},
    )


def _move(
    actor: Any,
    obj: Clarification | FalseAccusation,
    kind: str,
    step: str,
    fields: tuple[str, ...] = (),
    **record: Any,
) -> Any:
    machine = rules.CLARIFICATION if kind == "clarification" else rules.FALSE_ACCUSATION
    target = machine.check(obj.status, step)
    before, obj.status = obj.status, target
    obj.save(update_fields=["status", *fields])
    _record(actor, obj, kind, step, before, **record)
    return obj


def _decide(clue: Clue, step: str, actor: Any, approve: bool, comment: str) -> None:
    approval = ClueApproval.pending(step=step, clue=clue)
    if approval is None:
        raise DomainError("没有待审批的意见")
    approval.decide(actor=actor, approve=approve, comment=comment)


# --- 澄清正名 ([检举控告规则] 50) -------------------------------------------------------------


@locked("clue")
def clarification_propose(
    *,
    actor: Any,
    clue: Clue,
    facts: str,
    scope: str,
    way: str,
    person_name: str = "",
    person_title: str = "",
) -> Clarification:
    """The handling unit proposes to clear the person of a report found false: the
    facts found false, whom, the scope of the notice and the way ([检举控告规则] 50)."""
    _handler(actor, clue)
    refusal = rules.clarification_refusal(
        status=clue.status, close_kind=clue.close_kind, finding=clue.finding
    )
    if refusal:
        raise DomainError(refusal)
    if clue.clarifications.filter(status__in=rules.CLARIFICATION_OPEN).exists():
        raise DomainError("该线索已有办理中的澄清正名")
    facts = _required(facts, "请写明经核查失实的问题", "facts")
    if scope not in ClarificationScope.values:
        raise DomainError("请选择通报范围", fields={"scope": ["请选择通报范围"]})
    if way not in ClarificationWay.values:
        raise DomainError("请选择澄清方式", fields={"way": ["请选择澄清方式"]})
    person = (person_name or clue.subject_name).strip()[:40]
    title = (person_title or "").strip() or " ".join(
        x for x in ((clue.subject_unit.name if clue.subject_unit else ""), clue.subject_title) if x
    )
    clarification = Clarification.objects.create(
        clue=clue,
        person_name=person,
        person_title=title[:100],
        facts=facts,
        scope=scope,
        way=way,
        proposed_by=actor,
        proposed_on=timezone.localdate(),
    )
    ClueApproval.objects.create(
        clue=clue,
        step="clarification",
        proposal=(
            f"拟为{person}澄清正名（{ClarificationScope(scope).label}，"
            f"{ClarificationWay(way).label}）。"
        )[:200],
        proposed_by=actor,
    )
    _record(
        actor,
        clarification,
        "clarification",
        "propose",
        "",
        reason=facts[:200],
        payload={"scope": scope, "way": way},
    )
    return clarification


@locked("clarification.clue", "clarification")
def clarification_decide(
    *, actor: Any, clarification: Clarification, approve: bool, comment: str = ""
) -> Clarification:
    """The principal leader approves the clearing or refuses it ([检举控告规则] 50: 经本机关
    主要负责人批准); never the one who proposed it."""
    require_capability(actor, "clues.approve")
    _visible(actor, clarification.clue)
    step = "approve" if approve else "reject"
    rules.CLARIFICATION.check(clarification.status, step)
    if not is_principal_leader(actor):
        raise DomainError(PRINCIPAL_LEADER_ONLY)
    _decide(clarification.clue, "clarification", actor, approve, comment)
    fields: tuple[str, ...] = ()
    if approve:
        clarification.approved_on = timezone.localdate()
        fields = ("approved_on",)
    return _move(actor, clarification, "clarification", step, fields, reason=comment)


@locked("clarification.clue", "clarification")
def clarification_carry_out(
    *,
    actor: Any,
    clarification: Clarification,
    on: date,
    letter_number: str = "",
    note: str = "",
) -> Clarification:
    """The clearing done on ``on``: the letter sent (its 文号), the meeting held or the
    talk given."""
    _handler(actor, clarification.clue)
    rules.CLARIFICATION.check(clarification.status, "carry_out")
    _date(on, after=clarification.approved_on, what="澄清日期")
    letter_number = (letter_number or "").strip()[:60]
    if clarification.way == ClarificationWay.WRITTEN and not letter_number:
        raise DomainError("书面澄清请填写澄清函的文号", fields={"letter_number": ["请填写文号"]})
    clarification.carried_out_on = on
    clarification.letter_number = letter_number
    clarification.carried_out_note = (note or "").strip()[:300]
    return _move(
        actor,
        clarification,
        "clarification",
        "carry_out",
        ("carried_out_on", "letter_number", "carried_out_note"),
        reason=clarification.carried_out_note,
        payload={"on": on, "letter_number": letter_number},
    )


@locked("clarification.clue", "clarification")
def clarification_close(*, actor: Any, clarification: Clarification) -> Clarification:
    _handler(actor, clarification.clue)
    rules.CLARIFICATION.check(clarification.status, "close")
    clarification.closed_on = timezone.localdate()
    return _move(actor, clarification, "clarification", "close", ("closed_on",))


# --- 诬告陷害 ([检举控告规则] 39–45) ----------------------------------------------------------


@locked("clue")
def false_accusation_propose(
    *,
    actor: Any,
    clue: Clue,
    evidence: str,
    report: Report | None = None,
    reporter_identified: bool = False,
    aggravating: str = "",
) -> FalseAccusation:
    """The handling unit proposes a finding of 诬告陷害 (39): the evidence of fabricated
    facts or forged material, the report found false (one of the clue's: the reporter's
    identity stays in it, encrypted), whether the false reporter is identified, and the
    circumstances calling for a heavier handling (41)."""
    _handler(actor, clue)
    refusal = rules.false_accusation_refusal(
        status=clue.status, close_kind=clue.close_kind, finding=clue.finding
    )
    if refusal:
        raise DomainError(refusal)
    if clue.false_accusations.filter(status__in=rules.FALSE_ACCUSATION_OPEN).exists():
        raise DomainError("该线索已有办理中的诬告陷害查处")
    evidence = _required(evidence, "请写明捏造事实、伪造材料的证据", "evidence")
    if report is not None and not clue.reports.filter(pk=report.pk).exists():
        raise DomainError(
            "所选信访件不是该线索的来源信访件", fields={"report": ["请选择本线索的信访件"]}
        )
    obj = FalseAccusation.objects.create(
        clue=clue,
        evidence=evidence,
        report=report,
        reporter_identified=reporter_identified,
        aggravating=(aggravating or "").strip()[:300],
        proposed_by=actor,
        proposed_on=timezone.localdate(),
    )
    ClueApproval.objects.create(
        clue=clue,
        step="false_accusation",
        proposal="拟认定诬告陷害，报请上级批准（《检举控告规则》第三十九条）。",
        proposed_by=actor,
    )
    _record(
        actor,
        obj,
        "falseaccusation",
        "propose",
        "",
        reason=evidence[:200],
        payload={"report": report.number if report else "", "identified": reporter_identified},
    )
    return obj


@locked("false_accusation.clue", "false_accusation")
def false_accusation_review(
    *, actor: Any, false_accusation: FalseAccusation, submit: bool, comment: str = ""
) -> FalseAccusation:
    """A leader of this commission submits the finding to the approving body (39 第二款)
    or drops it (e.g. a mistaken report, 45); never the one who proposed it."""
    require_capability(actor, "clues.approve")
    _visible(actor, false_accusation.clue)
    step = "submit" if submit else "drop"
    rules.FALSE_ACCUSATION.check(false_accusation.status, step)
    if not submit:
        _required(comment, "不予认定请写明理由（如属错告，《检举控告规则》第四十五条）", "comment")
    _decide(false_accusation.clue, "false_accusation", actor, submit, comment)
    fields: tuple[str, ...]
    if submit:
        false_accusation.submitted_on = timezone.localdate()
        fields = ("submitted_on",)
    else:
        false_accusation.dropped_reason = comment.strip()[:300]
        fields = ("dropped_reason",)
    return _move(actor, false_accusation, "falseaccusation", step, fields, reason=comment)


@locked("false_accusation.clue", "false_accusation")
def false_accusation_record_decision(
    *,
    actor: Any,
    false_accusation: FalseAccusation,
    approved: bool,
    approving_body: str,
    on: date,
    approval_ref: str = "",
    note: str = "",
) -> FalseAccusation:
    """What the approving body (a Party committee or commission of a city divided into
    districts or above, 39 第二款) decided, on ``on``, under its 文号."""
    _handler(actor, false_accusation.clue)
    step = "record_approval" if approved else "record_refusal"
    rules.FALSE_ACCUSATION.check(false_accusation.status, step)
    body = _required(
        approving_body, "请填写批准机关（设区的市级以上党委或纪检监察机关）", "approving_body"
    )
    _date(on, after=false_accusation.submitted_on, what="批准日期")
    false_accusation.approving_body = body[:100]
    false_accusation.approved_on = on
    false_accusation.approval_ref = (approval_ref or "").strip()[:60]
    fields = ["approving_body", "approved_on", "approval_ref"]
    if not approved:
        false_accusation.dropped_reason = (note or "").strip()[:300] or f"{body}不予批准认定"
        fields.append("dropped_reason")
    return _move(
        actor,
        false_accusation,
        "falseaccusation",
        step,
        tuple(fields),
        reason=note,
        payload={"body": body, "on": on, "ref": false_accusation.approval_ref},
    )


@locked("false_accusation.clue", "false_accusation")
def false_accusation_follow_up(
    *,
    actor: Any,
    false_accusation: FalseAccusation,
    kind: str,
    on: date,
    handed_to: str = "",
    note: str = "",
    correction: str = "",
) -> FalseAccusation:
    """The false reporter dealt with by discipline, government sanction or organisational
    handling, or handed to their Party organisation or to public security (40); the
    benefits gained by the false report to be corrected (43)."""
    _handler(actor, false_accusation.clue)
    rules.FALSE_ACCUSATION.check(false_accusation.status, "record_follow_up")
    if kind not in FollowUpKind.values:
        raise DomainError("请选择对诬告陷害人的处理方式", fields={"kind": ["请选择"]})
    _date(on, after=false_accusation.approved_on, what="处理日期")
    handed_to = (handed_to or "").strip()[:100]
    if kind in (FollowUpKind.PARTY_ORGANISATION, FollowUpKind.PUBLIC_SECURITY) and not handed_to:
        raise DomainError(
            "请填写移交的党组织或机关", fields={"handed_to": ["请填写移交的党组织或机关"]}
        )
    false_accusation.follow_up_kind = kind
    false_accusation.follow_up_on = on
    false_accusation.handed_to = handed_to
    false_accusation.follow_up_note = (note or "").strip()[:300]
    false_accusation.correction = (correction or "").strip()[:200]
    return _move(
        actor,
        false_accusation,
        "falseaccusation",
        "record_follow_up",
        ("follow_up_kind", "follow_up_on", "handed_to", "follow_up_note", "correction"),
        reason=false_accusation.follow_up_note,
        payload={"kind": kind, "on": on, "handed_to": handed_to},
    )


@locked("false_accusation.clue", "false_accusation")
def false_accusation_close(
    *,
    actor: Any,
    false_accusation: FalseAccusation,
    care_done: bool,
    exposed: bool = False,
) -> FalseAccusation:
    """Closed once the person falsely accused has been talked with (44: 谈心谈话、消除顾虑);
    whether it was published as a typical case (42) is recorded."""
    _handler(actor, false_accusation.clue)
    rules.FALSE_ACCUSATION.check(false_accusation.status, "close")
    if not care_done:
        raise DomainError(
            "办结前应对被诬告陷害人开展谈心谈话、消除顾虑（《检举控告规则》第四十四条）",
            fields={"care_done": ["请确认"]},
        )
    false_accusation.care_done = True
    false_accusation.exposed = exposed
    false_accusation.closed_on = timezone.localdate()
    return _move(
        actor,
        false_accusation,
        "falseaccusation",
        "close",
        ("care_done", "exposed", "closed_on"),
        payload={"exposed": exposed},
    )


__all__ = [
    "PRINCIPAL_LEADER_ONLY",
    "ClarificationStatus",
    "FalseAccusationStatus",
    "clarification_carry_out",
    "clarification_close",
    "clarification_decide",
    "clarification_propose",
    "false_accusation_close",
    "false_accusation_follow_up",
    "false_accusation_propose",
    "false_accusation_record_decision",
    "false_accusation_review",
    "is_principal_leader",
]
