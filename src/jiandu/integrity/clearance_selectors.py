"""Reads of clearance requests, scoped by the asking unit (domain "clearance"): the
组织部门 account sees its own unit's requests and, of each, only the reply as sent once
it is approved — never the proposals, the facts or internal notes; the commission sees
everything. ``NotFound`` for a missing and a hidden request alike."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from types import SimpleNamespace
from typing import Any

from django.db.models import Count, QuerySet
from django.utils import timezone

from jiandu.core.scoping import get_visible_or_404
from jiandu.integrity import clearance_rules as crules
from jiandu.integrity.models import ClearancePerson, ClearanceRequest

is_commission = crules.is_commission


def clearance_list(*, user: Any, filters: Any = None) -> QuerySet[ClearanceRequest]:
    from jiandu.integrity.clearance_filters import ClearanceFilter

    qs = (
        ClearanceRequest.objects.visible_to(user)
        .select_related("asking_unit")
        .annotate(people_count=Count("people"))
        .order_by("-received_on", "-id")
    )
    if filters is not None:
        qs = ClearanceFilter(filters, queryset=qs, request=SimpleNamespace(user=user)).qs
    return qs


def clearance_people(*, user: Any, filters: Any = None) -> QuerySet[ClearancePerson]:
    """The people of every request the user sees, with their answers: the commission's
    ledger (the statistics' 人次 drill down to it); the asking body's answers are read on
    its requests once approved, so it gets none here."""
    qs = (
        ClearancePerson.objects.visible_to(user)
        .select_related("request")
        .order_by("-request__received_on", "-request_id", "row", "id")
    )
    return qs if is_commission(user) else qs.none()


def clearance_get_for(*, user: Any, pk: Any) -> ClearanceRequest:
    return get_visible_or_404(
        ClearanceRequest.objects.select_related("asking_unit", "submitted_by", "proposed_by"),
        user=user,
        pk=pk,
    )


def reply_visible(user: Any, clearance: ClearanceRequest) -> bool:
    """Whether ``user`` may read the answers: the commission always (its proposals), the
    asking body once the reply is approved."""
    return is_commission(user) or clearance.status in crules.REPLY_STATES


def people_of(clearance: ClearanceRequest) -> list[ClearancePerson]:
    return list(clearance.people.select_related("cadre", "changed_by").order_by("row", "id"))


def person_get_for(*, user: Any, clearance: ClearanceRequest, pk: Any) -> ClearancePerson:
    return get_visible_or_404(ClearancePerson.objects.filter(request=clearance), user=user, pk=pk)


def reply_date(clearance: ClearanceRequest) -> date | None:
    """The day the reply went out (the letter's date), for "days to reply"."""
    return clearance.issued_on


def days_to_reply(clearance: ClearanceRequest) -> int | None:
    replied = reply_date(clearance)
    return (replied - clearance.received_on).days if replied else None


def is_overdue(clearance: ClearanceRequest, today: date | None = None) -> bool:
    """Replied after the due date, or not replied and the due date has passed."""
    today = today or timezone.localdate()
    replied = reply_date(clearance)
    return (replied or today) > clearance.due_on


@dataclass
class SinceThen:
    """What the record holds about one person that the frozen reply did not know: new
    reports, clues, cases and measures after the target date, read now."""

    person: ClearancePerson
    facts: list[Any] = field(default_factory=list)


def since_then(
    *, user: Any, clearance: ClearanceRequest, people: list[ClearancePerson]
) -> list[SinceThen]:
    """For each person, the records dated after the reply's target date (scoped to the
    viewer), computed now — the reply itself stays as it was frozen."""
    from jiandu.integrity.record import person_records

    start = clearance.target_date
    if start is None or not people:
        return []
    records = person_records([p.cadre_id for p in people], user=user)
    rows = []
    for person in people:
        record = records[person.cadre_id]
        known = {(f.get("kind"), f.get("id")) for f in person.facts}
        new: list[Any] = [
            f
            for f in (*record.reports, *record.clues, *record.cases)
            if f.on and f.on >= start and (f.kind, f.object_id) not in known
        ]
        new += [m for m in record.measures if m.decided_on > start]
        if new:
            rows.append(SinceThen(person=person, facts=new))
    return rows


def letter_context(clearance: ClearanceRequest) -> dict[str, Any]:
    """What the reply letter is filled with: the frozen answers and the register's
    issuer (``org.selectors.document_issuer``)."""
    from jiandu.org.selectors import commission_of, document_issuer

    issuer = document_issuer(commission_of(None))
    people = people_of(clearance)
    return {
        "issuer": issuer.name if issuer is not None else "",
        "doc_prefix": issuer.number_prefix if issuer is not None else "",
        "doc_number": clearance.reply_number,
        "number": clearance.number,
        "addressee": clearance.asking_body,
        "received_on": clearance.received_on,
        "target_date": clearance.target_date,
        "purpose": clearance.get_purpose_display(),
        "date": clearance.issued_on or clearance.approved_on,
        "people": [
            {
                "name": p.name,
                "unit": p.unit_text,
                "answer": p.get_answer_display(),
                "text": p.answer_text,
            }
            for p in people
        ],
    }
