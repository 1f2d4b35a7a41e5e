"""What can be urged of a clue (``core.urging``; read in ``CluesConfig.ready``): an open
clue with a running time limit past its due date, urged to its handling unit."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from jiandu.clues.models import Clue, ClueDeadline, ClueStatus
from jiandu.core.urging import Urgeable, register


def overdue_on(clue: Clue, today: date) -> date | None:
    if clue.status == ClueStatus.CLOSED:
        return None
    return (
        clue.deadlines.filter(met_on__isnull=True, due_on__lt=today)
        .order_by("due_on")
        .values_list("due_on", flat=True)
        .first()
    )


def due_soon(today: date, limit: date) -> Iterable[tuple[Any, date, str]]:
    rows = (
        ClueDeadline.objects.filter(
            met_on__isnull=True,
            due_on__range=(today, limit),
            clue__handling_unit__isnull=False,
        )
        .exclude(clue__status=ClueStatus.CLOSED)
        .select_related("clue", "clue__handling_unit")
        .order_by("due_on", "id")
    )
    for d in rows:
        yield d.clue, d.due_on, d.get_kind_display()


URGEABLE = register(
    Urgeable(
        model=Clue,
        domain="clues",
        noun="线索",
        module="问题线索",
        capability="clues.urge",
        units=lambda clue: [clue.handling_unit] if clue.handling_unit_id else [],
        overdue_on=overdue_on,
        due_soon=due_soon,
    )
)
