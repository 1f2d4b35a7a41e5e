"""Decision, service and execution ([规则] 56; [条例] 202–206), closing, revoking and
appeals ([规则] 59; [条例] 210–211; [政务处分法] 55–56)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from decimal import Decimal
from typing import Any

from django.utils import timezone

from jiandu.cases import rules
from jiandu.cases.models import (
    Appeal,
    Case,
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
    record_recovery,
)
from jiandu.core.errors import DomainError
from jiandu.core.formatting import cn_date
from jiandu.core.services import locked

#: [条例] 211; [规则] 59: 复审复核与调查审理分离，原案调查、审理人员不得参与复审复核.
APPEAL_SEPARATION = (
    "您参与了原案的审查调查、审理或决定，不能办理申诉（复审复核）"
    "（《监察法实施条例》第二百一十一条、《监督执纪工作规则》第五十九条："
    "原案调查、审理人员不得参与复审复核）"
)


def took_part_in_original(actor: Any, person: CasePerson) -> bool:
    """Whether ``actor`` investigated or reviewed the case, or made a decision on the
    track (the original decision, or a 复审 decision that a 复核 now examines)."""
    if actor is None or not getattr(actor, "is_authenticated", False):
        return False
    case: Case = person.case
    return (
        case.investigators.filter(pk=actor.pk).exists()
        or case.reviewers.filter(pk=actor.pk).exists()
        or person.decisions.filter(created_by=actor).exists()
        or person.appeals.filter(decided_by=actor).exists()
    )


def check_appeal_separation(actor: Any, person: CasePerson) -> None:
    """[条例] 211; [规则] 59: the original investigators and reviewers (and whoever
    decided on the track) may neither accept nor decide the appeal."""
    if took_part_in_original(actor, person):
        raise DomainError(APPEAL_SEPARATION)


def current_decision(person: CasePerson) -> Decision | None:
    return person.decisions.filter(superseded=False).order_by("-decided_on", "-id").first()


def _check_gov_combined(codes: list[str], gov_count: int, gov_months: int | None) -> None:
    errors = rules.gov_combined_errors(codes, gov_count, gov_months)
    if errors:
        raise DomainError("；".join(errors), fields={"gov_months": errors})


@locked("person.case", "person")
def case_decide(
    *,
    actor: Any,
    person: CasePerson,
    on: date,
    measures: Iterable[str],
    basis: str = "",
    amount_recovered: Decimal | None = None,
    gov_count: int = 1,
    gov_months: int | None = None,
) -> Decision:
    """The decision on one person: its measures are checked together (party sanctions
    for Party members only, one of each kind, village staff limits — ``validate_measures``);
    the four form and the influence period follow from them. A case referred for
    prosecution carries the referral as a measure. Service within a month starts.

    Several violations that each warrant the same government sanction (撤职 or lighter)
    are recorded with ``gov_count`` and the combined period the decision states,
    ``gov_months``: between the longest single period and the sum, at most 48 months
    ([政务处分法] 15), refused otherwise."""
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
    _check_gov_combined(codes, gov_count, gov_months)
    if amount_recovered is not None and amount_recovered < 0:
        raise DomainError("追缴金额不能为负数", fields={"amount_recovered": ["金额为负"]})
    fields: tuple[str, ...] = ()
    if amount_recovered is not None:
        record_recovery(actor, person, amount_recovered, on)
        fields = ("amount_recovered",)
    person = move(
        actor,
        person,
        "decide",
        on=on,
        reason=basis,
        payload={
            "measures": codes,
            "form": rules.four_form(codes),
            **({"gov_count": gov_count, "gov_months": gov_months} if gov_count > 1 else {}),
        },
        fields=fields,
    )
    decision = Decision.objects.create(
        person=person,
        decided_on=on,
        basis=basis,
        gov_sanction_count=gov_count,
        gov_period_months=gov_months if gov_count > 1 else None,
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
    served; the execution clock is shown from now on, but it counts one month from the
    **decision**, not from the service ([条例] 203; [处分条例] 44; [政务处分法] 54)."""
    case = person.case
    check_handler(actor, case)
    person = move(actor, person, "serve", on=on)
    case.deadlines.filter(person=person).meet(CaseDeadlineKind.SERVICE, on=on)
    person.execution_months = rules.EXECUTION_MONTHS
    person.save(update_fields=["execution_months"])
    decision = current_decision(person)
    decided_on = decision.decided_on if decision else on
    case.deadlines.start(
        CaseDeadlineKind.EXECUTION,
        decided_on,
        rules.execution_due(decided_on),
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
    """[条例] 203; [处分条例] 44; [政务处分法] 54: special circumstances — extended with
    approval, at most six months, counted from the decision."""
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
    decision = current_decision(person)
    due = rules.execution_due(
        decision.decided_on if decision else deadline.started_on, months=months
    )
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
        record_recovery(actor, person, amount_recovered, on)
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
def case_appeal(
    *,
    actor: Any,
    person: CasePerson,
    on: date,
    kind: str,
    reason: str,
    received_on: date | None = None,
    applied_on: date | None = None,
) -> CasePerson:
    """An appeal accepted on ``on`` against the current decision: a party appeal ([规则]
    59, decided within 3 months), a 复审 or a 复核 ([条例] 210, decided within 1 and 2
    months of acceptance). [条例] 210: the 复审 is applied for within 1 month of receiving
    the decision; a 复核 only after a 复审 decision, within 1 month of receiving it; the
    复核 decision is final. ``received_on`` is the day the applicant received the
    decision appealed (the 复审 decision for a 复核), ``applied_on`` the application day
    (default: the acceptance day). The original investigators and reviewers may not
    handle it ([条例] 211; [规则] 59). [政务处分法] 55 gives the right to both steps."""
    case = person.case
    check_reviewer(actor, case)
    if kind not in rules.AppealKind.values:
        raise DomainError("请选择申诉类别", fields={"kind": ["请选择"]})
    decision = current_decision(person)
    if decision is None:
        raise DomainError("没有可申诉的处理决定")
    applied_on = applied_on or on
    if applied_on > on:
        raise DomainError("申请日期不能晚于受理日期", fields={"applied_on": ["晚于受理日期"]})
    basis_on, basis = decision.decided_on, "处理决定"
    reexaminations = person.appeals.filter(kind=rules.AppealKind.REEXAMINATION)
    if kind == rules.AppealKind.RECHECK:
        prior = reexaminations.filter(decided_on__isnull=False).order_by("-decided_on", "-id")
        if not prior.exists():
            raise DomainError(
                "复核须在复审决定作出后申请：尚无复审决定（《监察法实施条例》第二百一十条："
                "对复审决定仍不服的，可以向上一级监察机关申请复核）",
                fields={"kind": ["尚无复审决定"]},
            )
        if person.appeals.filter(kind=rules.AppealKind.RECHECK).exists():
            raise DomainError(
                "复核决定为最终决定，不能再次申请复核（《监察法实施条例》第二百一十条）"
            )
        basis_on, basis = prior[0].decided_on, "复审决定"  # type: ignore[assignment]
    elif kind == rules.AppealKind.REEXAMINATION and reexaminations.exists():
        raise DomainError(
            "已经申请过复审；对复审决定仍不服的，可以申请复核（《监察法实施条例》第二百一十条）",
            fields={"kind": ["已复审"]},
        )
    check_appeal_separation(actor, person)
    last_day = None
    if kind in rules.APPEAL_APPLY_MONTHS:
        if received_on is None:
            raise DomainError(f"请填写申请人收到{basis}的日期", fields={"received_on": ["请填写"]})
        if received_on < basis_on:
            raise DomainError(
                f"收到{basis}的日期不能早于其作出日期{cn_date(basis_on)}",
                fields={"received_on": ["日期过早"]},
            )
        if received_on > applied_on:
            raise DomainError(
                f"收到{basis}的日期不能晚于申请日期", fields={"received_on": ["日期过晚"]}
            )
        last_day = rules.appeal_apply_due(received_on, kind)
        if last_day is not None and applied_on > last_day:
            label = rules.AppealKind(kind).label[-2:]
            raise DomainError(
                f"申请{label}应在收到{basis}之日起一个月以内提出（至{cn_date(last_day)}），"
                f"{cn_date(applied_on)}的申请已超过期限（《监察法实施条例》第二百一十条）",
                fields={"applied_on": ["超过申请期限"]},
            )
    person.appeal_kind = kind
    person = move(
        actor,
        person,
        "appeal",
        on=on,
        reason=reason,
        payload={"kind": kind, "received_on": received_on, "applied_on": applied_on},
        fields=("appeal_kind",),
    )
    Appeal.objects.create(
        person=person,
        kind=kind,
        decision=decision,
        received_on=received_on,
        applied_on=applied_on,
        accepted_on=on,
        accepted_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    case.deadlines.start(
        CaseDeadlineKind.APPEAL,
        on,
        rules.appeal_due(on, kind),
        rules.DEADLINE_BASIS,
        person=person,
    )
    return person


def _gov_weight(codes: Iterable[str], count: int, months: int | None) -> tuple[int, int] | None:
    """How heavy the government sanction of a decision is: (severity, period in months);
    ``None`` without one."""
    gov = [c for c in codes if rules.measure_kind(c) == rules.MeasureCategory.GOVERNMENT]
    if not gov:
        return None
    heaviest = max(gov, key=rules.measure_severity)
    single = rules.MEASURE_PERIOD_MONTHS[heaviest] or 0
    return rules.measure_severity(heaviest), (months if count > 1 and months else single)


def _heavier_government_sanction(
    old: Decision, codes: list[str], count: int, months: int | None
) -> str:
    """Why the changed decision would make the government sanction heavier ([政务处分法]
    56), or ""."""
    old_codes = list(old.measures.values_list("measure", flat=True))
    before = _gov_weight(old_codes, old.gov_sanction_count, old.gov_period_months)
    after = _gov_weight(codes, count, months)
    if after is None or (before is not None and after <= before):
        return ""

    def wording(codes: list[str], weight: tuple[int, int] | None) -> str:
        gov = [c for c in codes if rules.measure_kind(c) == rules.MeasureCategory.GOVERNMENT]
        if not gov or weight is None:
            return "无政务处分"
        name = rules.Measure(max(gov, key=rules.measure_severity)).label
        return f"{name}（{weight[1]}个月）" if weight[1] else str(name)

    return (
        f"复审、复核不得加重政务处分：原决定为{wording(old_codes, before)}，"
        f"变更后为{wording(codes, after)}（《政务处分法》第五十六条：公职人员不因提出复审、"
        "复核而被加重政务处分）"
    )


@locked("person.case", "person")
def case_appeal_decide(
    *,
    actor: Any,
    person: CasePerson,
    on: date,
    upheld: bool,
    reason: str,
    measures: Iterable[str] = (),
    gov_count: int = 1,
    gov_months: int | None = None,
    period_from: date | None = None,
) -> CasePerson:
    """The appeal is decided ([规则] 59; [条例] 211): the decision upheld, or changed —
    the new decision supersedes the old one, which is kept. Who investigated, reviewed
    or decided the original may not decide ([条例] 211). A 复审 or 复核 may not make the
    government sanction heavier ([政务处分法] 56): a heavier sanction, or the same one
    with a longer combined period, is refused.

    **The influence period of a decision changed on appeal** (DOMAIN.md §5): it keeps
    counting from the day the original decision was made (``period_from``), unless the
    new decision says otherwise (pass ``period_from``, e.g. the new decision's own day).
    Reason: a period runs from the day the decision takes effect, which is the day it is
    made ([政务处分法] 8; [条例] 203); the appeal does not suspend its execution
    ([条例] 211; [政务处分法] 56), so the period has been running since then, and the
    changed decision corrects the sanction within that period rather than starting a
    new one. A date before the original decision or after this one is refused."""
    case = person.case
    check_reviewer(actor, case)
    if not reason.strip():
        raise DomainError("请写明申诉（复审复核）决定的理由", fields={"reason": ["请填写"]})
    check_appeal_separation(actor, person)
    rules.MACHINE.check(person.stage, "appeal_decide")
    appeal = person.appeals.filter(decided_on__isnull=True).order_by("-accepted_on", "-id").first()
    original = appeal.decision if appeal else current_decision(person)
    kind = appeal.kind if appeal else person.appeal_kind
    codes = list(dict.fromkeys(measures))
    start = None
    if not upheld:
        errors = rules.validate_measures(
            codes, is_party_member=person.is_party_member, is_village_staff=person.is_village_staff
        )
        if errors:
            raise DomainError("；".join(errors), fields={"measures": errors})
        _check_gov_combined(codes, gov_count, gov_months)
        if original is not None and kind in (
            rules.AppealKind.REEXAMINATION,
            rules.AppealKind.RECHECK,
        ):
            heavier = _heavier_government_sanction(original, codes, gov_count, gov_months)
            if heavier:
                raise DomainError(heavier, fields={"measures": [heavier]})
        original_start = (original.period_from or original.decided_on) if original else on
        start = period_from or original_start
        if not original_start <= start <= on:
            raise DomainError(
                f"影响期起算日应在原决定日期{cn_date(original_start)}至本决定日期{cn_date(on)}之间",
                fields={"period_from": ["日期超出范围"]},
            )
    person = move(
        actor,
        person,
        "appeal_decide",
        on=on,
        reason=reason,
        payload={
            "upheld": upheld,
            "measures": codes,
            **({"period_from": start} if start else {}),
        },
    )
    case.deadlines.filter(person=person).meet(CaseDeadlineKind.APPEAL, on=on)
    result = None
    if not upheld:
        person.decisions.filter(superseded=False).update(superseded=True)
        result = Decision.objects.create(
            person=person,
            decided_on=on,
            basis=reason,
            gov_sanction_count=gov_count,
            gov_period_months=gov_months if gov_count > 1 else None,
            period_from=start,
            changes=original,
            created_by=actor if getattr(actor, "is_authenticated", False) else None,
        )
        DecisionMeasure.objects.bulk_create(
            [DecisionMeasure(decision=result, measure=code) for code in codes]
        )
    if appeal is not None:
        appeal.decided_on, appeal.upheld, appeal.result = on, upheld, result
        appeal.decided_by = actor if getattr(actor, "is_authenticated", False) else None
        appeal.save(update_fields=["decided_on", "upheld", "result", "decided_by"])
    return person
