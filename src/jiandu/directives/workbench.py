"""Deployed tasks on the workbench: the open tasks of the user's unit past their
deadline, and (for issuers) reported completions waiting to be closed."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.urls import reverse

from jiandu.core.workbench import WorkItem, WorkSource, workbench_provider
from jiandu.directives import selectors
from jiandu.directives.models import Task, TaskStatus

MODULE = "督办事项"


def _item(label: str) -> Any:
    def make(t: Task) -> WorkItem:
        return WorkItem(
            label=f"{label}：{t.number} {t.title}",
            url=reverse("directives:task_detail", args=(t.pk,)),
            module=MODULE,
            due=t.due_date,
        )

    return make


@workbench_provider
def directive_items(user: Any) -> Iterable[WorkSource]:
    """The unit's own overdue tasks (its deadline), and for issuers the reported
    completions waiting to be closed out (their decision: 待我审批)."""
    if not user.has_capability("directives.view"):
        return []
    sources = [
        WorkSource(
            module=MODULE,
            kind="督办任务已超期",
            action="报告办理进展或完成情况",
            rows=selectors.overdue_tasks_of_unit(user=user),
            item=_item("督办任务已超期"),
            due="due_date",
        )
    ]
    if user.has_capability("directives.issue") and user.unit_id:
        waiting = (
            Task.objects.visible_to(user)
            .filter(status=TaskStatus.COMPLETED, document__issuer_unit_id=user.unit_id)
            .only("id", "title", "path", "citation", "due_date")
        )
        sources.append(
            WorkSource(
                module=MODULE,
                kind="督办任务待销号",
                action="审核完成情况并销号",
                mine=True,
                rows=waiting,
                item=_item("督办任务待销号"),
                due="due_date",
            )
        )
    return sources
