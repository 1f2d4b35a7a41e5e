"""Deployed tasks on the workbench: the open tasks of the user's unit past their
deadline, and (for issuers) reported completions waiting to be closed."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.urls import reverse

from jiandu.core.workbench import WorkItem, workbench_provider
from jiandu.directives import selectors
from jiandu.directives.models import Task, TaskStatus

LIMIT = 50
MODULE = "督办事项"


@workbench_provider
def directive_items(user: Any) -> Iterable[WorkItem]:
    if not user.has_capability("directives.view"):
        return []
    items = [
        WorkItem(
            label=f"督办任务已超期：{t.number} {t.title}",
            url=reverse("directives:task_detail", args=(t.pk,)),
            module=MODULE,
            due=t.due_date,
        )
        for t in selectors.overdue_tasks_of_unit(user=user)[:LIMIT]
    ]
    if user.has_capability("directives.issue") and user.unit_id:
        waiting = (
            Task.objects.visible_to(user)
            .filter(status=TaskStatus.COMPLETED, document__issuer_unit_id=user.unit_id)
            .only("id", "title", "path", "citation", "due_date")
            .order_by("due_date")[:LIMIT]
        )
        items += [
            WorkItem(
                label=f"督办任务待销号：{t.number} {t.title}",
                url=reverse("directives:task_detail", args=(t.pk,)),
                module=MODULE,
                due=t.due_date,
            )
            for t in waiting
        ]
    return items
