"""Helpers every step of the case register shares: who may act, dates, the time limits a
step starts or meets, moving a track."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.utils import timezone

from jiandu.audit.services import event_record
from jiandu.cases import rules
from jiandu.cases.models import (
    Case,
    CaseApproval,
    CasePerson,
    DocumentVersion,
    Recovery,
)
from jiandu.cases.rules import CaseDeadlineKind, Stage
from jiandu.cases.services.reporting import close_reports_when_case_ends
from jiandu.core.errors import DomainError, NotFound
from jiandu.core.permissions import require_capability
from jiandu.core.scoping import require_visible
from jiandu.org.models import Cadre, Unit


@dataclass(frozen=True)
class PersonInput:
    """One person of a new case: a cadre from the register, or a name (and unit)."""

    cadre: Cadre | None = None
    name: str = ""
    unit: Unit | None = None
    title: str = ""
    rank: str = ""
    is_party_member: bool | None = None
    is_village_staff: bool | None = None
    amount_involved: Decimal | None = None


def check_visible(actor: Any, case: Case) -> None:
    """The actor must see the case (system actors see everything). The lead and review
    units are checked against the actor's scope in memory; only the co-handling units
    need a query."""
    if actor is None:
        return
    if not getattr(actor, "is_authenticated", False):
        raise NotFound()
    scope = actor.unit_scope("cases")
    if scope.all or case.lead_unit_id in scope.unit_ids or case.review_unit_id in scope.unit_ids:
        return
    if not Case.objects.visible_to(actor).filter(pk=case.pk).exists():
        raise NotFound()


def handling_unit_ids(case: Case) -> set[int]:
    """The lead unit and the co-handling units (室组地联合办案), read once per case object."""
    ids = case.__dict__.get("_handling_unit_ids")
    if ids is None:
        ids = {case.lead_unit_id, *case.co_units.values_list("pk", flat=True)}
        case.__dict__["_handling_unit_ids"] = ids
    return ids


def handler_refusal(case: Case) -> str:
    """Why someone outside the handling units may not take an investigation step."""
    return f"该案件由{case.lead_unit.name}主办，只能由主办或协办单位办理"


REVIEW_SEPARATION = (
    "您是本案的审查调查人员，不能参与审理（《监督执纪工作规则》第五十四条：审查调查与审理相分离）"
)


def check_handler(actor: Any, case: Case) -> None:
    """Investigation steps belong to the lead and co-handling units."""
    require_capability(actor, "cases.handle")
    check_visible(actor, case)
    if actor is not None and actor.unit_id not in handling_unit_ids(case):
        raise DomainError(handler_refusal(case))


def check_reviewer(actor: Any, case: Case) -> None:
    """Review steps: the review office, never one of the case's investigators ([规则] 54:
    审查调查人员不得参与审理)."""
    require_capability(actor, "cases.review")
    check_visible(actor, case)
    if actor is not None and case.investigators.filter(pk=actor.pk).exists():
        raise DomainError(REVIEW_SEPARATION)


def check_approver(actor: Any, case: Case) -> None:
    require_capability(actor, "cases.approve")
    check_visible(actor, case)


def check_date(on: date, *, after: date | None = None, what: str = "日期") -> None:
    if on > timezone.localdate():
        raise DomainError(f"{what}不能晚于今天", fields={"on": ["日期晚于今天"]})
    if after is not None and on < after:
        raise DomainError(
            f"{what}不能早于{after.year}年{after.month}月{after.day}日（上一步的日期）",
            fields={"on": ["日期早于上一步"]},
        )


def signed_document_kinds(person: CasePerson) -> set[str]:
    """Kinds with a signed version, on this track or on the whole case."""
    from django.db.models import Q

    return set(
        DocumentVersion.objects.filter(signed=True, document__case_id=person.case_id)
        .filter(Q(document__person__isnull=True) | Q(document__person=person))
        .values_list("document__kind", flat=True)
    )


def current_measures(person: CasePerson) -> list[str]:
    decision = person.decisions.filter(superseded=False).order_by("-decided_on", "-id").first()
    return list(decision.measures.values_list("measure", flat=True)) if decision else []


def check_documents(person: CasePerson, action: str) -> None:
    """A stage cannot be left while a required document has no signed version."""
    kinds = {rules.measure_kind(m) for m in current_measures(person)} if action == "serve" else ()
    missing = rules.missing_documents(
        person.stage, action, signed_document_kinds(person), measure_kinds=kinds
    )
    if missing:
        from jiandu.cases.documents import DOCUMENT_KINDS

        names = "、".join(DOCUMENT_KINDS[k].label for k in missing)
        raise DomainError(
            f"{person.name}：缺少已签发的{names}，不能{rules.ACTION_LABELS[action]}"
            "（请先生成并上传签署件）",
            fields={"documents": missing},
        )


def move(
    actor: Any,
    person: CasePerson,
    action: str,
    *,
    on: date,
    reason: str = "",
    payload: dict | None = None,
    fields: tuple[str, ...] = (),
    gate: bool = True,
) -> CasePerson:
    """Apply a transition to one track: check it and its documents, save the stage,
    record the event on the case."""
    target = rules.MACHINE.check(person.stage, action)
    check_date(on, after=person.stage_since)
    if gate:
        check_documents(person, action)
    before = person.stage
    if target != before:  # a self-transition (an extension) keeps the stage's start day
        person.stage, person.stage_since = target, on
    person.save(update_fields=["stage", "stage_since", *fields])
    event_record(
        actor=actor,
        action=f"cases.case.{action}",
        obj=person.case,
        from_state=f"{person.name}：{Stage(before).label}",
        to_state=f"{person.name}：{Stage(target).label}",
        reason=reason,
        payload={"person": person.name, "person_id": person.pk, "on": on, **(payload or {})},
    )
    close_reports_when_case_ends(actor, person.case, action, on)
    if target in rules.CLOSED_STAGES:
        close_case_when_done(person.case, on)
    return person


def close_case_when_done(case: Case, on: date) -> None:
    """结案 (DOMAIN.md §9): the day the last track of a filed case is closed or revoked
    is the case's closing date, set once (a track reopened on appeal keeps it)."""
    if case.filed_on is None or case.closed_on is not None:
        return
    if case.people.exclude(stage__in=rules.CLOSED_STAGES).exists():
        return
    case.closed_on = on
    case.save(update_fields=["closed_on"])


def record_recovery(actor: Any, person: CasePerson, amount: Decimal, on: date) -> None:
    """A new recovered amount (追缴金额) of a person: the change is kept as a dated
    ``Recovery`` (挽回经济损失 counted on the day it is recorded, DOMAIN.md §9). The
    caller saves ``amount_recovered`` and records the audit event of its step."""
    change = amount - (person.amount_recovered or Decimal("0"))
    person.amount_recovered = amount
    if change:
        Recovery.objects.create(
            case=person.case,
            person=person,
            amount=change,
            recovered_on=on,
            recorded_by=actor if getattr(actor, "is_authenticated", False) else None,
        )


def meet_investigation_when_decided(case: Case, on: date) -> None:
    """The investigation limit is met once every track is decided (or revoked)."""
    if not case.people.filter(stage__in=rules.UNDECIDED_STAGES).exists():
        case.deadlines.filter(person=None).meet(CaseDeadlineKind.INVESTIGATION, on=on)


def tracks_in_stage(case: Case, stage: str) -> list[CasePerson]:
    return list(case.people.filter(stage=stage).order_by("id"))


def require_case_unit(actor: Any, case: Case, unit: Unit) -> None:
    """A recommendation or a reform item goes to a unit of the case (its people's, the
    unit filed on) or to one the actor may see."""
    own = {case.target_unit_id, *case.people.values_list("unit_id", flat=True)}
    if unit.pk not in own:
        require_in_scope(actor, target_unit=unit)


def require_in_scope(
    actor: Any,
    *,
    people: Iterable[PersonInput] = (),
    target_unit: Unit | None = None,
    clue: Any = None,
) -> None:
    """No case on a person or a unit outside what the actor may see: the scoped fields of
    the forms and the API refuse them first; this is the service's own check, for every
    other caller. The subject of a clue the actor handles (routed to it with a leader's
    approval) is the exception: the clue is the authority, and its visibility is checked
    with it."""
    message = "所选干部或单位不存在，或您无权查看"
    granted = {clue.subject_cadre_id, clue.subject_unit_id} - {None} if clue else set()
    for p in people:
        if p.cadre is not None and p.cadre.pk not in granted:
            require_visible(actor, p.cadre, message=message, field="people")
        if p.unit is not None and p.unit.pk not in granted:
            require_visible(actor, p.unit, message=message, field="people")
    require_visible(actor, target_unit, message=message, field="target_unit")


def record_approval(
    actor: Any,
    case: Case,
    step: str,
    proposal: str,
    approval_ref: str,
    person: CasePerson | None = None,
) -> CaseApproval:
    """A step approved by the authority its rule names (a detention, an extension),
    recorded by deciding the proposal (呈批) someone else made for it
    (``services.case_propose``), with the reference of that approval. Refused when
    nobody proposed the step, and when ``actor`` did: the proposer never approves
    ([规则] 23, 25, 38; ``core.approvals``). ``proposal`` says what was approved."""
    from jiandu.cases.rules.approvals import APPROVAL_STEPS, NO_PROPOSAL

    info = APPROVAL_STEPS[step]
    approval = CaseApproval.decide_pending(
        step=step,
        case=case,
        person=person if info.on_track else None,
        actor=actor,
        approve=True,
        comment=proposal,
        missing=NO_PROPOSAL.format(
            label=info.label, who="审理室" if info.by_review else "承办部门"
        ),
    )
    approval.approval_ref = approval_ref.strip()[:100]
    approval.save(update_fields=["approval_ref"])
    return approval
