"""Recommendations, 以案促改 (reform items) and follow-up visits."""

from __future__ import annotations

from datetime import date
from typing import Any

from jiandu.audit.services import event_record
from jiandu.cases import rules
from jiandu.cases.models import (
    Case,
    CasePerson,
    FollowUp,
    FollowUpForm,
    Recommendation,
    RecommendationStatus,
    ReformItem,
)
from jiandu.cases.services.common import check_date, check_handler, require_case_unit
from jiandu.core.errors import DomainError
from jiandu.core.services import locked
from jiandu.org.models import Unit


@locked("case")
def recommendation_issue(
    *,
    actor: Any,
    case: Case,
    unit: Unit,
    content: str,
    issued_on: date,
    reply_days: int = rules.RECOMMENDATION_REPLY_DAYS,
    doc_number: str = "",
) -> Recommendation:
    """A 纪检监察建议书 to a unit ([监察法] 45) with a reply deadline."""
    check_handler(actor, case)
    require_case_unit(actor, case, unit)
    if not content.strip():
        raise DomainError("请填写建议内容", fields={"content": ["请填写"]})
    if not 1 <= reply_days <= 180:
        raise DomainError("回复期限应在1至180日之间")
    check_date(issued_on, after=case.filed_on or case.proposed_on)
    due = rules.recommendation_reply_due(issued_on, reply_days)
    rec = Recommendation.objects.create(
        case=case,
        unit=unit,
        content=content.strip(),
        issued_on=issued_on,
        reply_due=due,
        doc_number=doc_number[:60],
    )
    event_record(
        actor=actor,
        action="cases.recommendation.issue",
        obj=case,
        payload={"unit": unit.name, "due": due, "recommendation": rec.pk},
    )
    return rec


@locked("recommendation.case", "recommendation")
def recommendation_reply(
    *, actor: Any, recommendation: Recommendation, on: date, reply: str
) -> Recommendation:
    check_handler(actor, recommendation.case)
    if recommendation.status != RecommendationStatus.ISSUED:
        raise DomainError("该建议书已回复")
    if not reply.strip():
        raise DomainError("请填写整改情况", fields={"reply": ["请填写"]})
    check_date(on, after=recommendation.issued_on)
    recommendation.replied_on, recommendation.reply = on, reply.strip()
    recommendation.status = RecommendationStatus.REPLIED
    recommendation.save(update_fields=["replied_on", "reply", "status"])
    event_record(
        actor=actor,
        action="cases.recommendation.reply",
        obj=recommendation.case,
        from_state=RecommendationStatus.ISSUED.label,
        to_state=RecommendationStatus.REPLIED.label,
        payload={"unit": recommendation.unit.name, "on": on, "late": on > recommendation.reply_due},
    )
    return recommendation


@locked("recommendation.case", "recommendation")
def recommendation_close(*, actor: Any, recommendation: Recommendation, on: date) -> Recommendation:
    check_handler(actor, recommendation.case)
    if recommendation.status != RecommendationStatus.REPLIED:
        raise DomainError("单位回复整改情况后才能销号")
    check_date(on, after=recommendation.replied_on)
    recommendation.closed_on, recommendation.status = on, RecommendationStatus.CLOSED
    recommendation.save(update_fields=["closed_on", "status"])
    event_record(
        actor=actor,
        action="cases.recommendation.close",
        obj=recommendation.case,
        from_state=RecommendationStatus.REPLIED.label,
        to_state=RecommendationStatus.CLOSED.label,
        payload={"unit": recommendation.unit.name, "on": on},
    )
    return recommendation


@locked("case")
def reform_item_add(
    *, actor: Any, case: Case, unit: Unit, description: str, due_on: date
) -> ReformItem:
    """以案促改: an item the case triggers, owned by a unit, with a deadline."""
    check_handler(actor, case)
    require_case_unit(actor, case, unit)
    if not description.strip():
        raise DomainError("请填写整改事项", fields={"description": ["请填写"]})
    item = ReformItem.objects.create(
        case=case, unit=unit, description=description.strip()[:300], due_on=due_on
    )
    event_record(
        actor=actor,
        action="cases.reform.add",
        obj=case,
        payload={"unit": unit.name, "item": item.description, "due": due_on},
    )
    return item


@locked("item.case", "item")
def reform_item_done(*, actor: Any, item: ReformItem, on: date, result: str) -> ReformItem:
    check_handler(actor, item.case)
    if item.done_on:
        raise DomainError("该事项已完成")
    if not result.strip():
        raise DomainError("请填写完成情况", fields={"result": ["请填写"]})
    check_date(on)
    item.done_on, item.result = on, result.strip()[:300]
    item.save(update_fields=["done_on", "result"])
    event_record(
        actor=actor,
        action="cases.reform.done",
        obj=item.case,
        payload={"item": item.description, "on": on},
    )
    return item


def person_period_end(person: CasePerson) -> date | None:
    """The last day of the person's influence period: the current decision's measures,
    with the earlier party periods of the same cadre ([处分条例] 21) —
    ``selectors.decision_period_end``."""
    from jiandu.cases.selectors import decision_period_end

    decision = person.decisions.filter(superseded=False).order_by("-decided_on", "-id").first()
    if decision is None:
        return None
    return decision_period_end(decision, cadre_id=person.cadre_id)


@locked("person.case", "person")
def followup_schedule(*, actor: Any, person: CasePerson, planned_on: date) -> FollowUp:
    """回访 (policy default: once within the influence period): the planned day must fall
    inside the period, from the decision to its last day."""
    check_handler(actor, person.case)
    decision = person.decisions.filter(superseded=False).order_by("-decided_on").first()
    if decision is None:
        raise DomainError("作出处理决定后才能安排回访")
    end = person_period_end(person)
    if planned_on < (decision.period_from or decision.decided_on):
        raise DomainError("回访日期不能早于处理决定日期", fields={"planned_on": ["日期过早"]})
    if end is not None and planned_on > end:
        raise DomainError(
            f"回访应安排在影响期内（影响期至{end.year}年{end.month}月{end.day}日）",
            fields={"planned_on": ["超出影响期"]},
        )
    followup = FollowUp.objects.create(person=person, planned_on=planned_on)
    event_record(
        actor=actor,
        action="cases.followup.schedule",
        obj=person.case,
        payload={"person": person.name, "planned_on": planned_on},
    )
    return followup


@locked("followup.person.case", "followup.person", "followup")
def followup_record(
    *, actor: Any, followup: FollowUp, on: date, form: str, findings: str
) -> FollowUp:
    check_handler(actor, followup.person.case)
    if followup.done_on:
        raise DomainError("该次回访已登记")
    if form not in FollowUpForm.values:
        raise DomainError("请选择回访形式", fields={"form": ["请选择"]})
    if not findings.strip():
        raise DomainError("请填写回访情况", fields={"findings": ["请填写"]})
    check_date(on)
    followup.done_on, followup.form, followup.findings = on, form, findings.strip()
    followup.recorded_by = actor if getattr(actor, "is_authenticated", False) else None
    followup.save(update_fields=["done_on", "form", "findings", "recorded_by"])
    event_record(
        actor=actor,
        action="cases.followup.record",
        obj=followup.person.case,
        payload={"person": followup.person.name, "on": on, "form": form},
    )
    return followup
