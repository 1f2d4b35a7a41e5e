"""Investigation ([规则] 39–52; [条例] 185–190): tracks, extensions, detention, referral
to review."""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any

from django.utils import timezone

from jiandu.audit.services import event_record
from jiandu.cases import rules
from jiandu.cases.models import (
    Case,
    CaseDeadline,
    CasePerson,
    Detention,
)
from jiandu.cases.rules import CaseDeadlineKind, MeasureKind, Stage
from jiandu.cases.services.approvals import investigation_extension_refusal
from jiandu.cases.services.common import (
    check_approver,
    check_date,
    check_handler,
    move,
    record_approval,
    signed_document_kinds,
)
from jiandu.cases.services.measures import release_running, start_moment
from jiandu.core.errors import DomainError
from jiandu.core.services import locked
from jiandu.org.models import Unit, UnitKind


@locked("person.case", "person")
def case_start_investigation(*, actor: Any, person: CasePerson, on: date) -> CasePerson:
    """The filing decision is announced; the investigation begins (立案决定书 signed)."""
    check_handler(actor, person.case)
    return move(actor, person, "start_investigation", on=on)


@locked("case")
def case_extend_investigation(*, actor: Any, case: Case, approval_ref: str, reason: str) -> Case:
    """[条例] 185: the higher commission may extend the investigation year by at most 6
    months (once); the approval is recorded with its reference."""
    check_approver(actor, case)
    refusal = investigation_extension_refusal(case)
    if refusal:
        raise DomainError(refusal)
    deadline = case.deadlines.filter(person=None).latest_running(CaseDeadlineKind.INVESTIGATION)
    assert deadline is not None  # investigation_extension_refusal checked it
    if not approval_ref.strip():
        raise DomainError("请填写上一级监察机关的批准文号", fields={"approval_ref": ["请填写"]})
    due = rules.investigation_due(deadline.started_on, extended=True)
    deadline.due_on, deadline.provisional = due, due.provisional
    deadline.basis = (rules.DEADLINE_BASIS[CaseDeadlineKind.INVESTIGATION] + "（已延长）")[:120]
    deadline.save(update_fields=["due_on", "provisional", "basis"])
    case.investigation_extended = True
    case.save(update_fields=["investigation_extended"])
    record_approval(
        actor, case, "investigation_extension", f"延长调查期限六个月。{reason}"[:300], approval_ref
    )
    event_record(
        actor=actor,
        action="cases.case.extend_investigation",
        obj=case,
        reason=reason,
        payload={"due": due, "approval_ref": approval_ref},
    )
    return case


@locked("person.case", "person")
def detention_start(
    *,
    actor: Any,
    person: CasePerson,
    on: date,
    place: str = "",
    approval_ref: str = "",
    at: datetime | time | None = None,
) -> Detention:
    """留置 ([监察法] 43; [条例] 96–101): approved by the commission's leadership, with
    the 留置决定书 signed; 3 months, never moved for holidays ([条例] 285). A lighter
    measure in force (强制到案, 管护, 责令候查) ends the same day. The unit and the family
    are told within 24 hours of ``at`` ([监察法] 44; [条例] 98)."""
    case = person.case
    check_approver(actor, case)
    if person.is_unit:
        raise DomainError("不能对单位采取留置措施")
    if person.stage not in {Stage.FILED, Stage.INVESTIGATION, Stage.SUPPLEMENTARY}:
        raise DomainError(f"{person.name}处于“{person.get_stage_display()}”阶段，不能留置")
    if not case.supervision_law:
        raise DomainError("留置只适用于监察立案调查的案件")
    detentions = person.detentions.filter(kind=MeasureKind.DETENTION)
    if detentions.filter(released_on__isnull=True).exists():
        raise DomainError(f"{person.name}正在留置中")
    if detentions.exists():
        raise DomainError(f"{person.name}已被留置过，留置措施只能采取一次（含一次延长）")
    check_date(on, after=case.filed_on or case.proposed_on)
    if "detention_decision" not in signed_document_kinds(person):
        raise DomainError("缺少已签发的留置决定书，不能留置")
    moment = start_moment(on, at)
    due = rules.detention_due(on)
    replaced = release_running(person, on)
    detention = Detention.objects.create(
        person=person,
        started_on=on,
        started_at=moment,
        due_on=due,
        provisional=due.provisional,
        place=place,
        notice_due_at=rules.notice_due(moment),
    )
    record_approval(
        actor, case, "detention", f"对{person.name}采取留置措施", approval_ref, person=person
    )
    event_record(
        actor=actor,
        action="cases.case.detain",
        obj=case,
        to_state=f"{person.name}：留置",
        payload={
            "person": person.name,
            "person_id": person.pk,
            "on": on,
            "due": due,
            "replaced": replaced,
        },
    )
    return detention


@locked("detention.person.case", "detention.person", "detention")
def detention_extend(*, actor: Any, detention: Detention, approval_ref: str) -> Detention:
    """One extension of at most 3 months ([监察法] 43), approved by the higher commission;
    counted from the first period's last day, never moved for holidays."""
    person = detention.person
    check_approver(actor, person.case)
    if detention.kind != MeasureKind.DETENTION:
        raise DomainError(f"{detention.get_kind_display()}不能按留置延长")
    if detention.released_on:
        raise DomainError("留置已解除，不能延长")
    if detention.extended:
        raise DomainError("留置时间只能延长一次（《监察法》第四十三条）")
    if not approval_ref.strip():
        raise DomainError("请填写上一级监察机关的批准文号", fields={"approval_ref": ["请填写"]})
    if timezone.localdate() > detention.due_on:
        raise DomainError("留置期限已届满，不能再延长")
    if "detention_extension" not in signed_document_kinds(person):
        raise DomainError("缺少已签发的延长留置时间决定书，不能延长留置")
    due = rules.detention_extended_due(detention.due_on)
    detention.due_on, detention.provisional, detention.extended = due, due.provisional, True
    detention.save(update_fields=["due_on", "provisional", "extended"])
    record_approval(
        actor,
        person.case,
        "detention_extension",
        f"延长{person.name}留置时间三个月",
        approval_ref,
        person=person,
    )
    event_record(
        actor=actor,
        action="cases.case.extend_detention",
        obj=person.case,
        payload={"person": person.name, "due": detention.due_on, "approval_ref": approval_ref},
    )
    return detention


@locked("detention.person.case", "detention.person", "detention")
def detention_release(*, actor: Any, detention: Detention, on: date, reason: str) -> Detention:
    """Release from detention (or end another measure); a supervision-law investigation
    then has a year from the release from 留置 ([条例] 185): the investigation limit
    restarts."""
    person = detention.person
    case = person.case
    check_handler(actor, case)
    if detention.released_on:
        raise DomainError(f"{detention.get_kind_display()}已经解除")
    check_date(on, after=detention.started_on)
    detention.released_on = on
    detention.save(update_fields=["released_on"])
    deadline = case.deadlines.filter(person=None).latest_running(CaseDeadlineKind.INVESTIGATION)
    if deadline is not None and detention.kind == MeasureKind.DETENTION:
        due = rules.investigation_due(on, extended=case.investigation_extended)
        if due > deadline.due_on:
            deadline.started_on, deadline.due_on, deadline.provisional = on, due, due.provisional
            deadline.save(update_fields=["started_on", "due_on", "provisional"])
    event_record(
        actor=actor,
        action="cases.case.release",
        obj=case,
        reason=reason,
        payload={
            "person": person.name,
            "person_id": person.pk,
            "on": on,
            "kind": detention.kind,
        },
    )
    return detention


def _review_office() -> Unit | None:
    return Unit.objects.filter(kind=UnitKind.REVIEW_OFFICE).order_by("sort_order", "pk").first()


@locked("person.case", "person")
def case_refer_review(*, actor: Any, person: CasePerson, on: date) -> CasePerson:
    """[规则] 52; [条例] 190: the investigation report is signed; the case goes to the
    review office, which from now on sees it."""
    case = person.case
    check_handler(actor, case)
    person = move(actor, person, "refer_review", on=on)
    if case.review_unit_id is None:
        case.review_unit = _review_office()
        case.save(update_fields=["review_unit"])
    return person


@locked("person.case", "person")
def case_resubmit(*, actor: Any, person: CasePerson, on: date, reason: str = "") -> CasePerson:
    """[条例] 197: after a supplementary investigation the case returns to review and the
    review clock runs again; the days of the supplementary investigation are not
    counted."""
    case = person.case
    check_handler(actor, case)
    person = move(actor, person, "resubmit", on=on, reason=reason)
    deadline = (
        CaseDeadline.objects.filter(
            case=case, person=person, kind=CaseDeadlineKind.REVIEW, paused_on__isnull=False
        )
        .order_by("-id")
        .first()
    )
    if deadline is not None and deadline.paused_on is not None:
        deadline.paused_days += (on - deadline.paused_on).days
        deadline.paused_on = None
        due = rules.review_due(
            deadline.started_on,
            extensions=person.review_extensions,
            paused_days=deadline.paused_days,
        )
        deadline.due_on, deadline.provisional = due, due.provisional
        deadline.save(update_fields=["paused_days", "paused_on", "due_on", "provisional"])
    return person
