"""What can be urged of a rectification item (``core.urging``; read in
``InspectionsConfig.ready``): an item not finished by its deadline (``rules.is_overdue``:
one reported done waits for the check, which is not the unit's delay), urged to its
responsible unit."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from jiandu.core.urging import Urgeable, register
from jiandu.inspections import rules
from jiandu.inspections.models import RectificationItem


def overdue_on(item: RectificationItem, today: date) -> date | None:
    return item.deadline if rules.is_overdue(item.status, item.deadline, today) else None


def due_soon(today: date, limit: date) -> Iterable[tuple[Any, date, str]]:
    rows = (
        RectificationItem.objects.filter(
            status__in=list(rules.OPEN_STATES), deadline__range=(today, limit)
        )
        .select_related("responsible_unit")
        .order_by("deadline", "id")
    )
    for item in rows:
        yield item, item.deadline, "整改完成时限"


URGEABLE = register(
    Urgeable(
        model=RectificationItem,
        domain="inspections",
        noun="整改事项",
        module="巡察整改",
        capability="inspections.urge",
        units=lambda item: [item.responsible_unit],
        overdue_on=overdue_on,
        due_soon=due_soon,
    )
)
