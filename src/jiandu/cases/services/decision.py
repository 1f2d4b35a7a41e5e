"""Decision, service and execution ([规则] 56; [条例] 202–206), closing, revoking and appeals."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from decimal import Decimal
from typing import Any

from django.utils import timezone

from jiandu.cases import rules
from jiandu.cases.models import (
    CaseDeadline,
    CasePerson,
    Decision,
    DecisionMeasure,
)
from jiandu.cases.rules import CaseDeadlineKind, Stage
from jiandu.cases.services.common import (
    check_approver,
    check_handler,
    check_reviewer,
    meet_investigation_when_decided,
    move,
    record_approval,
)
from jiandu.core.errors import DomainError
from jiandu.core.services import locked


@locked("person.case", "person")
def case_decide(
    *,
    actor: Any,
    person: CasePerson,
    on: date,
    measures: Iterable[str],
    basis: str = "",
    amount_recovered: Decimal | None = None,
) -> Decision:
    """The decision on one person: its measures are checked together (party sanctions
    for Party members only, one of each kind, village staff limits — ``validate_measures``);
    the four form and the influence period follow from them. A case referred for
    prosecution carries the referral as a measure. Service within a month starts."""
    case = person.case
    check_reviewer(actor, case)
    codes = list(dict.fromkeys(measures))
    if person.stage == Stage.PROSECUTION and rules.Measure.REFERRAL_FOR_PROSECUTION not in codes:
        codes.append(rules.Measure.REFERRAL_FOR_PROSECUTION)
    if not codes and not person.is_unit:
        raise DomainError("请选择处分或处理措施", fields={"measures": ["请选择"]})
    errors = rules.validate_measures(
        codes, is_party_member=person.is_party_member, is_village_staff=person.is_village_staff
    )
    if errors:
        raise DomainError("；".join(errors), fields={"measures": errors})
    if amount_recovered is not None and amount_recovered < 0:
        raise DomainError("追缴金额不能为负数", fields={"amount_recovered": ["金额为负"]})
    fields: tuple[str, ...] = ()
    if amount_recovered is not None:
        person.amount_recovered = amount_recovered
        fields = ("amount_recovered",)
    person = move(
        actor,
        person,
        "decide",
        on=on,
        reason=basis,
        payload={"measures": codes, "form": rules.four_form(codes)},
        fields=fields,
    )
    decision = Decision.objects.create(
        person=person,
        decided_on=on,
        basis=basis,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    DecisionMeasure.objects.bulk_create(
        [DecisionMeasure(decision=decision, measure=code) for code in codes]
    )
    case.deadlines.filter(person=person).meet(CaseDeadlineKind.REVIEW, on=on)
    case.deadlines.start(
        CaseDeadlineKind.SERVICE,
        on,
        rules.service_due(on),
        rules.DEADLINE_BASIS,
        person=person,
    )
    meet_investigation_when_decided(case, on)
    return decision


@locked("person.case", "person")
def case_serve(*, actor: Any, person: CasePerson, on: date) -> CasePerson:
    """[条例] 203: the decision documents (党纪/政务处分决定书, signed) are announced and
    served; execution within one month starts ([政务处分法] 54)."""
    case = person.case
    check_handler(actor, case)
    person = move(actor, person, "serve", on=on)
    case.deadlines.filter(person=person).meet(CaseDeadlineKind.SERVICE, on=on)
    person.execution_months = rules.EXECUTION_MONTHS
    person.save(update_fields=["execution_months"])
    case.deadlines.start(
        CaseDeadlineKind.EXECUTION,
        on,
        rules.execution_due(on),
        rules.DEADLINE_BASIS,
        person=person,
    )
    return person


@locked("person.case", "person")
def case_extend_execution(
    *,
    actor: Any,
    person: CasePerson,
    months: int,
    reason: str,
    approval_ref: str = "",
    on: date | None = None,
) -> CasePerson:
    """[条例] 203; [政务处分法] 54: special circumstances — extended with approval, at
    most six months from the service."""
    case = person.case
    check_approver(actor, case)
    rules.MACHINE.check(person.stage, "extend_execution")
    if months > rules.MAX_EXECUTION_MONTHS:
        raise DomainError(
            f"执行期限最长不得超过{rules.MAX_EXECUTION_MONTHS}个月（《监察法实施条例》第二百零三条）"
        )
    if months <= person.execution_months:
        raise DomainError(f"延长后的执行期限应超过现有的{person.execution_months}个月")
    deadline = case.deadlines.filter(person=person).latest_running(CaseDeadlineKind.EXECUTION)
    if deadline is None:
        raise DomainError("没有进行中的执行期限")
    due = rules.execution_due(deadline.started_on, months=months)
    deadline.due_on, deadline.provisional = due, due.provisional
    deadline.save(update_fields=["due_on", "provisional"])
    person.execution_months = months
    record_approval(
        actor,
        case,
        "execution_extension",
        f"执行期限延长至{months}个月。{reason}"[:300],
        approval_ref,
        person=person,
    )
    return move(
        actor,
        person,
        "extend_execution",
        on=on or timezone.localdate(),
        reason=reason,
        payload={"due": due, "months": months},
        fields=("execution_months",),
        gate=False,
    )


@locked("person.case", "person")
def case_close(
    *, actor: Any, person: CasePerson, on: date, amount_recovered: Decimal | None = None
) -> CasePerson:
    """Executed (执行情况报告 signed): the track is closed; with every track closed the
    case is closed."""
    case = person.case
    check_handler(actor, case)
    fields: tuple[str, ...] = ()
    if amount_recovered is not None:
        if amount_recovered < 0:
            raise DomainError("追缴金额不能为负数")
        person.amount_recovered = amount_recovered
        fields = ("amount_recovered",)
    person = move(actor, person, "close", on=on, fields=fields)
    case.deadlines.filter(person=person).meet(CaseDeadlineKind.EXECUTION, on=on)
    return person


@locked("person.case", "person")
def case_revoke(*, actor: Any, person: CasePerson, on: date, reason: str) -> CasePerson:
    """撤销案件 ([条例] 198): with the signed 撤销案件决定书; every running clock stops."""
    case = person.case
    check_approver(actor, case)
    if not reason.strip():
        raise DomainError("请写明撤销案件的理由", fields={"reason": ["请填写"]})
    person = move(actor, person, "revoke", on=on, reason=reason)
    CaseDeadline.objects.filter(case=case, person=person, met_on__isnull=True).update(met_on=on)
    for detention in person.detentions.filter(released_on__isnull=True):
        detention.released_on = on
        detention.save(update_fields=["released_on"])
    meet_investigation_when_decided(case, on)
    return person


@locked("person.case", "person")
def case_appeal(*, actor: Any, person: CasePerson, on: date, kind: str, reason: str) -> CasePerson:
    """[规则] 59; [政务处分法] 55–56: an appeal (申诉), 复审 or 复核 against the decision."""
    case = person.case
    check_reviewer(actor, case)
    if kind not in rules.AppealKind.values:
        raise DomainError("请选择申诉类别", fields={"kind": ["请选择"]})
    if not person.decisions.filter(superseded=False).exists():
        raise DomainError("没有可申诉的处理决定")
    person.appeal_kind = kind
    person = move(
        actor,
        person,
        "appeal",
        on=on,
        reason=reason,
        payload={"kind": kind},
        fields=("appeal_kind",),
    )
    case.deadlines.start(
        CaseDeadlineKind.APPEAL,
        on,
        rules.appeal_due(on, kind),
        rules.DEADLINE_BASIS,
        person=person,
    )
    return person


@locked("person.case", "person")
def case_appeal_decide(
    *,
    actor: Any,
    person: CasePerson,
    on: date,
    upheld: bool,
    reason: str,
    measures: Iterable[str] = (),
) -> CasePerson:
    """The appeal is decided: the decision upheld, or changed — the new decision
    supersedes the old one, which is kept."""
    case = person.case
    check_reviewer(actor, case)
    if not reason.strip():
        raise DomainError("请写明申诉（复审复核）决定的理由", fields={"reason": ["请填写"]})
    codes = list(dict.fromkeys(measures))
    if not upheld:
        errors = rules.validate_measures(
            codes, is_party_member=person.is_party_member, is_village_staff=person.is_village_staff
        )
        if errors:
            raise DomainError("；".join(errors), fields={"measures": errors})
    person = move(
        actor,
        person,
        "appeal_decide",
        on=on,
        reason=reason,
        payload={"upheld": upheld, "measures": codes},
    )
    case.deadlines.filter(person=person).meet(CaseDeadlineKind.APPEAL, on=on)
    if not upheld:
        person.decisions.filter(superseded=False).update(superseded=True)
        decision = Decision.objects.create(
            person=person,
            decided_on=on,
            basis=reason,
            created_by=actor if getattr(actor, "is_authenticated", False) else None,
        )
        DecisionMeasure.objects.bulk_create(
            [DecisionMeasure(decision=decision, measure=code) for code in codes]
        )
    return person
