"""Review ([规则] 54–55; [条例] 194–198): acceptance, returns, extension, prosecution."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.utils import timezone

from jiandu.cases import rules
from jiandu.cases.models import (
    CasePerson,
)
from jiandu.cases.rules import CaseDeadlineKind
from jiandu.cases.services.common import (
    check_approver,
    check_handler,
    check_reviewer,
    move,
    record_approval,
)
from jiandu.core.errors import DomainError
from jiandu.core.services import locked


@locked("person.case", "person")
def case_accept_review(*, actor: Any, person: CasePerson, on: date) -> CasePerson:
    """The review office accepts the case: one month from acceptance ([条例] 194); a
    new acceptance after a new investigation restarts the month ([条例] 197). The
    reviewer may not be one of the investigators ([规则] 54)."""
    case = person.case
    check_reviewer(actor, case)
    person = move(actor, person, "accept_review", on=on)
    if getattr(actor, "is_authenticated", False):
        case.reviewers.add(actor)
    case.deadlines.filter(person=person).meet(CaseDeadlineKind.REVIEW, on=on)
    person.review_extensions = 0
    person.save(update_fields=["review_extensions"])
    case.deadlines.start(
        CaseDeadlineKind.REVIEW,
        on,
        rules.review_due(on),
        rules.DEADLINE_BASIS,
        person=person,
    )
    return person


@locked("person.case", "person")
def case_return_supplementary(
    *, actor: Any, person: CasePerson, on: date, reason: str
) -> CasePerson:
    """[条例] 196–197: back to the investigators to complete the evidence; the review
    clock stands still meanwhile."""
    case = person.case
    check_reviewer(actor, case)
    if not reason.strip():
        raise DomainError("请写明需要补充调查的事项", fields={"reason": ["请填写"]})
    person = move(actor, person, "return_supplementary", on=on, reason=reason)
    deadline = case.deadlines.filter(person=person).latest_running(CaseDeadlineKind.REVIEW)
    if deadline is not None:
        deadline.paused_on = on
        deadline.save(update_fields=["paused_on"])
    return person


@locked("person.case", "person")
def case_return_reinvestigate(
    *, actor: Any, person: CasePerson, on: date, reason: str
) -> CasePerson:
    """[条例] 196: main facts unclear — a new investigation; the review month restarts
    when the case is referred and accepted again ([条例] 197)."""
    case = person.case
    check_reviewer(actor, case)
    if not reason.strip():
        raise DomainError("请写明重新调查的理由", fields={"reason": ["请填写"]})
    person = move(actor, person, "return_reinvestigate", on=on, reason=reason)
    case.deadlines.filter(person=person).meet(CaseDeadlineKind.REVIEW, on=on)
    return person


@locked("person.case", "person")
def case_extend_review(
    *, actor: Any, person: CasePerson, reason: str, on: date | None = None
) -> CasePerson:
    """[条例] 194: a major or complex case's review is extended with approval (policy:
    one month per approval)."""
    case = person.case
    check_approver(actor, case)
    rules.MACHINE.check(person.stage, "extend_review")
    if not reason.strip():
        raise DomainError("请写明延长审理期限的理由", fields={"reason": ["请填写"]})
    deadline = case.deadlines.filter(person=person).latest_running(CaseDeadlineKind.REVIEW)
    if deadline is None or deadline.paused_on:
        raise DomainError("没有正在计算的审理期限")
    person.review_extensions += 1
    due = rules.review_due(
        deadline.started_on, extensions=person.review_extensions, paused_days=deadline.paused_days
    )
    deadline.due_on, deadline.provisional = due, due.provisional
    deadline.save(update_fields=["due_on", "provisional"])
    record_approval(actor, case, "review_extension", f"延长审理期限。{reason}", "", person=person)
    return move(
        actor,
        person,
        "extend_review",
        on=on or timezone.localdate(),
        reason=reason,
        payload={"due": due},
        fields=("review_extensions",),
        gate=False,
    )


@locked("person.case", "person")
def case_refer_prosecution(*, actor: Any, person: CasePerson, on: date) -> CasePerson:
    """[规则] 57; [监察法] 45, 47: a suspected crime goes to the procuratorate with the
    审理报告 and the 起诉意见书."""
    case = person.case
    check_reviewer(actor, case)
    if person.is_unit:
        raise DomainError("单位立案不能移送检察机关审查起诉")
    fields: tuple[str, ...] = ()
    if person.referred_on is None:  # the first referral is the one counted (DOMAIN.md §9)
        person.referred_on, fields = on, ("referred_on",)
    person = move(actor, person, "refer_prosecution", on=on, fields=fields)
    case.deadlines.filter(person=person).meet(CaseDeadlineKind.REVIEW, on=on)
    for detention in person.detentions.filter(released_on__isnull=True):
        detention.released_on = on
        detention.save(update_fields=["released_on"])
    return person


@locked("person.case", "person")
def case_prosecution_return(*, actor: Any, person: CasePerson, on: date) -> CasePerson:
    """[监察法] 47: the procuratorate returns the case for supplementary investigation,
    one month each time, at most twice."""
    case = person.case
    check_handler(actor, case)
    if person.prosecution_returns >= rules.MAX_PROSECUTION_SUPPLEMENTS:
        raise DomainError("检察机关退回补充调查以二次为限（《监察法》第四十七条）")
    rules.MACHINE.check(person.stage, "prosecution_return")
    person.prosecution_returns += 1
    person = move(
        actor,
        person,
        "prosecution_return",
        on=on,
        payload={"round": person.prosecution_returns},
        fields=("prosecution_returns",),
    )
    case.deadlines.start(
        CaseDeadlineKind.PROSECUTION_SUPPLEMENT,
        on,
        rules.prosecution_supplement_due(on),
        rules.DEADLINE_BASIS,
        person=person,
    )
    return person


@locked("person.case", "person")
def case_prosecution_resubmit(*, actor: Any, person: CasePerson, on: date) -> CasePerson:
    case = person.case
    check_handler(actor, case)
    person = move(actor, person, "prosecution_resubmit", on=on)
    case.deadlines.filter(person=person).meet(CaseDeadlineKind.PROSECUTION_SUPPLEMENT, on=on)
    return person
