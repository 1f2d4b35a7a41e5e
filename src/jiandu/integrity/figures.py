"""The clearance figures the statistics count (``jiandu.core.figures``; DOMAIN.md §9).

A request (党风廉政意见回复) is handled by the commission's 案件监督管理室: it counts for
the office recorded as its handling unit (``ClearanceRequest.handling_unit``, set when the
request is received), so a table's rows add up to its total. The figures count
requests (件) or the people named in them (人次, ``ClearancePerson`` rows dated by their
request), counted from dated fields — the date received, the reply date, the reply
deadline — as of the period's end, never from the current status, so a past period
recounts the same."""

from __future__ import annotations

from datetime import date

from django.db.models import F, Q, QuerySet
from django.utils import timezone

from jiandu.core.figures import By, Figure, register
from jiandu.integrity.models import ClearancePerson, ClearancePurpose, ClearanceRequest
from jiandu.integrity.rules import Answer

COMMON = {
    "model": ClearanceRequest,
    "ledger": "integrity:clearance_list",
    "unit_field": "handling_unit",
}
PEOPLE = {
    "model": ClearancePerson,
    "ledger": "integrity:clearance_people",
    "unit_field": "request__handling_unit",
}
ATTRIBUTION = "计入办理单位（本委案件监督管理室）。"
PURPOSE = By("purpose", "事由", choices=ClearancePurpose.choices)


def _due(qs: QuerySet, start: date, end: date) -> QuerySet:
    return qs.filter(due_on__range=(start, end))


def _on_time(qs: QuerySet, start: date, end: date) -> QuerySet:
    # A reply dated on or before a deadline within the period is dated within it too.
    return _due(qs, start, end).filter(issued_on__isnull=False, issued_on__lte=F("due_on"))


def as_of(end: date) -> date:
    """The day "overdue" is judged on: the period's end, or today while it runs."""
    return min(end, timezone.localdate())


def _overdue(qs: QuerySet, start: date, end: date) -> QuerySet:
    day = as_of(end)
    return qs.filter(due_on__lt=day).filter(Q(issued_on__isnull=True) | Q(issued_on__gt=day))


register(
    Figure(
        key="clearance.received",
        label="收到征求意见",
        measure="件",
        dated="received_on",
        definition="按收到征求意见函的日期计入统计期间；" + ATTRIBUTION,
        by={"purpose": PURPOSE},
        **COMMON,  # type: ignore[arg-type]
    ),
    Figure(
        key="clearance.people",
        label="征求意见人次",
        measure="人次",
        dated="request__received_on",
        definition="收到的征求意见所列人员，按征求意见函收到日期计入；一人在几件中被征求意见的，各计一人次。",
        by={"purpose": By("request__purpose", "事由", choices=ClearancePurpose.choices)},
        **PEOPLE,  # type: ignore[arg-type]
    ),
    Figure(
        key="clearance.people_answered",
        label="回复人次",
        measure="人次",
        dated="request__issued_on",
        definition="已出具回复函所列人员，按回复函日期计入，按回复函中对其出具的意见分列。",
        by={"answer": By("answer", "回复意见", choices=Answer.choices)},
        **PEOPLE,  # type: ignore[arg-type]
    ),
    Figure(
        key="clearance.issued",
        label="出具回复函",
        measure="件",
        dated="issued_on",
        definition="按回复函日期（出具回复函之日）计入统计期间。",
        by={"purpose": PURPOSE},
        **COMMON,  # type: ignore[arg-type]
    ),
    Figure(
        key="clearance.due",
        label="到期应回复",
        measure="件",
        in_period=_due,
        definition="回复期限在统计期间内的征求意见（不论是否已回复）。",
        **COMMON,  # type: ignore[arg-type]
    ),
    Figure(
        key="clearance.on_time",
        label="按期回复",
        measure="件",
        in_period=_on_time,
        definition="到期应回复中，回复函日期不晚于回复期限的。",
        **COMMON,  # type: ignore[arg-type]
    ),
    Figure(
        key="clearance.overdue",
        label="超期未回复",
        measure="件",
        in_period=_overdue,
        definition=(
            "截至期末（期间未结束的截至今天）已过回复期限、当日尚未出具回复函的征求意见"
            "（不限收到月份）。"
        ),
        **COMMON,  # type: ignore[arg-type]
    ),
)
