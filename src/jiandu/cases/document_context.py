"""What a generated case document is filled with: everything the record knows (keys of
``jiandu.cases.documents``). A draft prints ××× only where the record truly lacks the
value (e.g. the 罪名 of a 留置, the articles applied, the person's attitude): dates,
numbers, names and units on record are always filled (issue 12 item 14).

Where each value comes from:

- 文号: the document's own number; for the 留置决定书 and the 延长留置时间决定书 without
  one, the number recorded with the approval of that step (``CaseApproval.approval_ref``);
  the decisions' numbers for the execution report (``decision_numbers``);
- the persons: the track and the cadre register (gender, birth), their unit;
- ``clue_source``: the clue the case came from (received on, source, number);
- ``filed_on``, ``due_on`` (the investigation's time limit), ``received_on`` (the
  review's acceptance), ``decided_on``, ``served_on`` (the service met),
  ``executed_on`` (the execution met);
- 留置: start, the first period's end, the extended end (recorded, or the one extension
  the rule gives: ``rules.detention_extended_due``), place;
- the recommendation (unit, number, reply due, content) and the follow-up visit (date,
  form, findings, visitor) on record.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q
from django.utils import timezone

from jiandu.cases import rules
from jiandu.cases.models import (
    Case,
    CaseApproval,
    CaseDeadline,
    CaseDocument,
    CasePerson,
    Detention,
)
from jiandu.cases.rules import CaseDeadlineKind, MeasureKind
from jiandu.core.formatting import cn_date
from jiandu.org.models import Rank
from jiandu.org.selectors import document_issuer

RANK_LABELS = dict(Rank.choices)

#: The documents whose number is the one recorded with the approval of their step.
APPROVAL_NUMBERED = {
    "detention_decision": "detention",
    "detention_extension": "detention_extension",
}
DECISION_KINDS = ("party_sanction_decision", "gov_sanction_decision")


def _deadline(case: Case, kind: str, person: CasePerson | None) -> CaseDeadline | None:
    rows = CaseDeadline.objects.filter(case=case, kind=kind)
    if person is not None and kind != CaseDeadlineKind.INVESTIGATION:
        rows = rows.filter(person=person)
    return rows.order_by("-started_on", "-id").first()


def _detention(people: list[CasePerson]) -> dict[str, Any]:
    detention = (
        Detention.objects.filter(person__in=people, kind=MeasureKind.DETENTION)
        .order_by("-started_on", "-id")
        .first()
    )
    if detention is None:
        return {}
    first_end = rules.detention_due(detention.started_on) if detention.extended else None
    first_end = first_end or detention.due_on
    extended_end = (
        detention.due_on if detention.extended else rules.detention_extended_due(first_end)
    )
    return {
        "detention_start": detention.started_on,
        "detention_end": first_end,
        "extended_end": extended_end,
        "detention_place": detention.place,
    }


def _approval_number(case: Case, step: str, person: CasePerson | None) -> str:
    rows = CaseApproval.objects.filter(case=case, step=step, approved=True).exclude(approval_ref="")
    if person is not None:
        rows = rows.filter(Q(person=person) | Q(person__isnull=True))
    row = rows.order_by("-decided_at", "-id").first()
    return row.approval_ref if row else ""


def _clue_source(case: Case) -> str:
    clue = case.clue
    if clue is None:
        return ""
    return (
        f"{cn_date(clue.received_on)}，本委收到{clue.get_source_display()}问题线索"
        f"（线索编号{clue.number}），反映{clue.subject_name}的有关问题。"
    )


def _decision_numbers(case: Case, person: CasePerson | None) -> str:
    docs = CaseDocument.objects.filter(case=case, kind__in=DECISION_KINDS).exclude(doc_number="")
    if person is not None:
        docs = docs.filter(Q(person=person) | Q(person__isnull=True))
    return "、".join(dict.fromkeys(d.doc_number for d in docs.order_by("created_at", "id")))


def _followup(person: CasePerson | None) -> dict[str, Any]:
    if person is None:
        return {}
    visit = (
        person.followups.filter(done_on__isnull=False).order_by("-done_on", "-id").first()
        or person.followups.order_by("planned_on", "id").first()
    )
    if visit is None:
        return {}
    return {
        "visit_on": visit.done_on or visit.planned_on,
        "visit_form": visit.get_form_display() if visit.form else "",
        "visit_findings": visit.findings,
        "visitors": [str(visit.recorded_by)] if visit.recorded_by_id else [],
    }


def _recommendation(case: Case, person: CasePerson | None) -> dict[str, Any]:
    """The recommendation on record: the one to the person's unit, else the latest."""
    recs = case.recommendations.select_related("unit").order_by("-issued_on", "-id")
    own = recs.filter(unit_id=person.unit_id).first() if person and person.unit_id else None
    rec = own or recs.first()
    if rec is None:
        return {}
    return {
        "unit": rec.unit.name,
        "reply_due": rec.reply_due,
        "suggestions": rec.content,
        "recommendation_number": rec.doc_number,
    }


def _properties(case: Case, person: CasePerson | None, kind: str) -> list[dict[str, Any]]:
    """The case's property for the list: for the referral ([条例] 208), what is held or
    already sent with it; on one track, that track's and the whole case's."""
    from jiandu.cases.models import CaseProperty
    from jiandu.cases.rules.property import PropertyState

    rows = CaseProperty.objects.filter(case=case).order_by("measure_on", "id")
    if person is not None:
        rows = rows.filter(Q(person=person) | Q(person__isnull=True))
    if kind == "property_list":
        rows = rows.filter(state__in=(PropertyState.HELD, PropertyState.TRANSFERRED))
    return [
        {
            "description": p.description,
            "quantity": p.quantity,
            "value": p.value,
            "measure": p.get_measure_display(),
            "measure_on": cn_date(p.measure_on),
            "custody_place": p.custody_place,
            "custodian": p.custodian,
        }
        for p in rows
    ]


def document_context(
    *, case: Case, person: CasePerson | None, kind: str, doc_number: str = ""
) -> dict[str, Any]:
    """What a generated document of ``kind`` on ``case`` (one track, or the whole case)
    is filled with."""
    from jiandu.cases.selectors import decisions_by_person, person_summary

    people = [person] if person is not None else list(case.people.order_by("id"))
    decisions = decisions_by_person(case)
    persons = []
    for p in people:
        summary = person_summary(p, decisions.get(p.pk, []))
        cadre = p.cadre
        persons.append(
            {
                "name": p.name,
                "gender": cadre.gender if cadre else "",
                "birth": cadre.birth_date if cadre else "",
                "unit": p.unit.name if p.unit_id else "",
                "title": p.title,
                "rank": RANK_LABELS.get(p.rank, p.rank),
                "measures": [m["code"] for m in summary["measures"]],
                "influence_end": summary["period_end"],
                "amount_involved": p.amount_involved,
            }
        )
    decided = [d for p in people for d in decisions.get(p.pk, []) if not d.superseded]
    recovered = sum((p.amount_recovered or 0) for p in people)
    issuer = document_issuer(case.lead_unit)
    one = people[0] if len(people) == 1 else None
    unit = case.target_unit.name if case.target_unit_id else ""
    if not unit and one is not None and one.unit_id:
        unit = one.unit.name  # the unit a notice or a report of this person goes to
    investigation = _deadline(case, CaseDeadlineKind.INVESTIGATION, None)
    review = _deadline(case, CaseDeadlineKind.REVIEW, one) if one else None
    service = _deadline(case, CaseDeadlineKind.SERVICE, one) if one else None
    execution = _deadline(case, CaseDeadlineKind.EXECUTION, one) if one else None
    if not doc_number and kind in APPROVAL_NUMBERED:
        doc_number = _approval_number(case, APPROVAL_NUMBERED[kind], person)
    context: dict[str, Any] = {
        "issuer": issuer.name if issuer is not None else "",
        "doc_prefix": issuer.number_prefix if issuer is not None else "",
        "doc_number": doc_number,
        "case_number": case.number,
        "case_kind": case.kind,
        "subject": case.title,
        "persons": persons,
        "unit": unit,
        "facts": case.summary,
        "clue_source": _clue_source(case),
        "handling_unit": case.lead_unit.name,
        "leader": str(case.leader) if case.leader_id else "",
        "team": [str(u) for u in case.investigators.all()],
        "filed_on": case.filed_on,
        "due_on": investigation.due_on if investigation else None,
        "received_on": review.started_on if review else None,
        "decided_on": decided[-1].decided_on if decided else None,
        "served_on": service.met_on if service else None,
        "executed_on": execution.met_on if execution else None,
        "decision_numbers": _decision_numbers(case, person),
        "money_recovered": recovered,
        "date": timezone.localdate(),
        "categories": [c.name for c in case.categories.all()],
        **_detention(people),
        **_followup(one),
    }
    if kind == "property_list":
        context["properties"] = _properties(case, person, kind)
    if kind == "recommendation":
        context.update(_recommendation(case, one))
        if not doc_number and context.get("recommendation_number"):
            context["doc_number"] = context["recommendation_number"]
    return context
