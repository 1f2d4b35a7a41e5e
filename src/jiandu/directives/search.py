"""Directive tasks in the search box (``jiandu.core.search``): by their title, their
source text and the document they come from."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from jiandu.core.formatting import cn_date
from jiandu.core.search import SearchKind, SearchLine, register
from jiandu.directives.models import Task


def _line(task: Task) -> SearchLine:
    owners = "、".join(o.unit.name for o in task.ownerships.all())
    return SearchLine(
        title=task.title,
        url=reverse("directives:task_detail", args=(task.pk,)),
        detail=" · ".join(
            x
            for x in (
                task.document.title,
                f"责任单位：{owners}" if owners else "",
                f"时限：{cn_date(task.due_date)}" if task.due_date else "",
            )
            if x
        ),
        badge=task.get_status_display(),
        text=task.source_text,
    )


def _selector(user: Any):
    from jiandu.directives.selectors import task_list

    return task_list(user=user)


def _prepare(tasks):
    from jiandu.directives.selectors import _owners

    return tasks.prefetch_related(_owners())


TASKS = register(
    SearchKind(
        key="task",
        label="督办任务",
        model=Task,
        capability="directives.view",
        selector=_selector,
        document=lambda t: [t.title, t.document.title, t.source_text],
        line=_line,
        fields=frozenset({"title", "source_text"}),
        ledger="directives:task_list",
        index_queryset=lambda qs: qs.select_related("document"),
        prepare=_prepare,
        sort=80,
    )
)
