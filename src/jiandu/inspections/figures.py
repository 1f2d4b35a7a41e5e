"""The rectification figures the statistics count (``jiandu.core.figures``; DOMAIN.md §9).

An item counts for the commission body that supervises the inspected organisation
through the liaison relation (a resident team its departments, a township commission its
town); an organisation no commission body supervises counts for the unit of whoever
registered the round (the inspection office). Every figure is counted from dated fields
(the deadline, the completion and close-out dates) as of the period's end, never from the
current status."""

from __future__ import annotations

from datetime import date

from django.db.models import F, Q, QuerySet

from jiandu.core.figures import Figure, register
from jiandu.inspections.models import RectificationItem

COMMON = {
    "model": RectificationItem,
    "ledger": "inspections:item_list",
    "unit_field": "finding__target__unit",
    "unit_fallback": "finding__target__round__created_by__unit",
    "through_liaison": True,
}
ATTRIBUTION = "计入监督被巡察单位的派驻纪检监察组或镇（街道）纪（工）委，无监督单位的计入巡察办。"


def _due(qs: QuerySet, start: date, end: date) -> QuerySet:
    return qs.filter(deadline__range=(start, end))


def _done(qs: QuerySet, start: date, end: date) -> QuerySet:
    return _due(qs, start, end).filter(closed_on__lte=end)


def _on_time(qs: QuerySet, start: date, end: date) -> QuerySet:
    return _done(qs, start, end).filter(completed_on__lte=F("deadline"))


def _overdue(qs: QuerySet, start: date, end: date) -> QuerySet:
    return qs.filter(deadline__lt=end).filter(Q(closed_on__isnull=True) | Q(closed_on__gt=end))


register(
    Figure(
        key="inspections.items_due",
        label="到期整改事项",
        measure="项",
        in_period=_due,
        definition="完成时限在统计期间内的整改事项；" + ATTRIBUTION,
        **COMMON,  # type: ignore[arg-type]
    ),
    Figure(
        key="inspections.items_done",
        label="已完成整改事项",
        measure="项",
        in_period=_done,
        definition="到期整改事项中，截至期末已验收销号（含转长期坚持）的。",
        **COMMON,  # type: ignore[arg-type]
    ),
    Figure(
        key="inspections.items_on_time",
        label="按期完成整改事项",
        measure="项",
        in_period=_on_time,
        definition="到期整改事项中，截至期末已验收销号且完成日期不晚于完成时限的；逾期未完成的计为未按期。",
        **COMMON,  # type: ignore[arg-type]
    ),
    Figure(
        key="inspections.items_overdue",
        label="逾期未完成整改事项",
        measure="项",
        in_period=_overdue,
        definition="截至期末已超过完成时限、期末时尚未验收销号的整改事项（不限到期月份）。",
        **COMMON,  # type: ignore[arg-type]
    ),
)
