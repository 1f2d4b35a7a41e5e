"""The deployed-task figures the statistics count (``jiandu.core.figures``; DOMAIN.md §9).

A published task counts for each of its responsible units — a commission body for
itself, a department or town for the commission body that supervises it through the
liaison relation, a unit no commission body supervises for the issuing unit — once per
table row, and once in the total (a task shared by two rows' units counts in each, so the
rows may add up to more than the total). Counted from dated fields (the deadline and the
close-out date) as of the period's end, never from the current status."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.db.models import F, Q, QuerySet
from django.utils import timezone

from jiandu.core.figures import Figure, register
from jiandu.directives.models import Task, TaskStatus

COMMON = {
    "model": Task,
    "ledger": "directives:task_list",
    "unit_field": "ownerships__unit",
    "unit_fallback": "document__issuer_unit",
    "through_liaison": True,
    "many_units": True,
    "condition": Q(is_task=True) & ~Q(status=TaskStatus.DRAFT),
}
ATTRIBUTION = (
    "计入各责任单位（县直部门、乡镇计入监督它的派驻纪检监察组或镇纪委）；"
    "一项任务有多个责任单位的，在各单位行各计一次、合计中计一次。"
)


def _due(qs: QuerySet, start: date, end: date) -> QuerySet:
    return qs.filter(due_date__range=(start, end))


def _after(day: date) -> datetime:
    """The first moment after ``day`` in the current time zone: ``closed_at < _after(d)``
    is "closed on or before d" as a plain range on the column (its index serves)."""
    return timezone.make_aware(datetime.combine(day + timedelta(days=1), time.min))


def _done(qs: QuerySet, start: date, end: date) -> QuerySet:
    return _due(qs, start, end).filter(closed_at__lt=_after(end))


def _on_time(qs: QuerySet, start: date, end: date) -> QuerySet:
    return _done(qs, start, end).filter(closed_at__date__lte=F("due_date"))


def _overdue(qs: QuerySet, start: date, end: date) -> QuerySet:
    return qs.filter(due_date__lt=end).filter(
        Q(closed_at__isnull=True) | Q(closed_at__gte=_after(end))
    )


register(
    Figure(
        key="directives.tasks_due",
        label="到期督办任务",
        measure="项",
        in_period=_due,
        definition="已交办、完成时限在统计期间内的督办任务；" + ATTRIBUTION,
        **COMMON,  # type: ignore[arg-type]
    ),
    Figure(
        key="directives.tasks_done",
        label="已销号督办任务",
        measure="项",
        in_period=_done,
        definition="到期督办任务中，截至期末已销号的。",
        **COMMON,  # type: ignore[arg-type]
    ),
    Figure(
        key="directives.tasks_on_time",
        label="按期完成督办任务",
        measure="项",
        in_period=_on_time,
        definition="到期督办任务中，销号日期不晚于完成时限的；逾期未销号的计为未按期。",
        **COMMON,  # type: ignore[arg-type]
    ),
    Figure(
        key="directives.tasks_overdue",
        label="逾期未完成督办任务",
        measure="项",
        in_period=_overdue,
        definition="截至期末已超过完成时限、期末时尚未销号的督办任务（不限到期月份）。",
        **COMMON,  # type: ignore[arg-type]
    ),
)
