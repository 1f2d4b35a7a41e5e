"""What can be urged of a directive task (``core.urging``; read in
``DirectivesConfig.ready``): a task assigned or in progress past its deadline (one
reported done waits for the close-out, which is not the owners' delay), urged to each of
its responsible units."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from jiandu.core.urging import Urgeable, register
from jiandu.directives.models import Task
from jiandu.directives.rules import Status

WAITING_FOR_OWNERS = (Status.ASSIGNED, Status.IN_PROGRESS)


def overdue_on(task: Task, today: date) -> date | None:
    if task.status in WAITING_FOR_OWNERS and task.due_date and task.due_date < today:
        return task.due_date
    return None


def due_soon(today: date, limit: date) -> Iterable[tuple[Any, date, str]]:
    rows = Task.objects.filter(
        is_task=True, status__in=WAITING_FOR_OWNERS, due_date__range=(today, limit)
    ).order_by("due_date", "id")
    for task in rows:
        assert task.due_date is not None
        yield task, task.due_date, "完成时限"


URGEABLE = register(
    Urgeable(
        model=Task,
        domain="directives",
        noun="督办任务",
        module="督办事项",
        capability="directives.urge",
        units=lambda task: list(task.owners.all()),
        overdue_on=overdue_on,
        due_soon=due_soon,
    )
)
