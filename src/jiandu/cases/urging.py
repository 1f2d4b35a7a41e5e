"""What can be urged of a case (``core.urging``; read in ``CasesConfig.ready``): a case
with a running (not paused) time limit past its due date, urged to its lead unit."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from jiandu.cases.models import Case, CaseDeadline
from jiandu.core.urging import Urgeable, register


def overdue_on(case: Case, today: date) -> date | None:
    return (
        case.deadlines.filter(met_on__isnull=True, paused_on__isnull=True, due_on__lt=today)
        .order_by("due_on")
        .values_list("due_on", flat=True)
        .first()
    )


def due_soon(today: date, limit: date) -> Iterable[tuple[Any, date, str]]:
    rows = (
        CaseDeadline.objects.filter(
            met_on__isnull=True, paused_on__isnull=True, due_on__range=(today, limit)
        )
        .select_related("case", "case__lead_unit", "person")
        .order_by("due_on", "id")
    )
    for d in rows:
        who = f"（{d.person.name}）" if d.person_id else ""
        yield d.case, d.due_on, f"{d.get_kind_display()}{who}"


URGEABLE = register(
    Urgeable(
        model=Case,
        domain="cases",
        noun="案件",
        module="审查调查",
        capability="cases.urge",
        units=lambda case: [case.lead_unit],
        overdue_on=overdue_on,
        due_soon=due_soon,
    )
)
