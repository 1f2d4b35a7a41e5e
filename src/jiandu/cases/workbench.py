"""The case items on the workbench: the running time limits of the user's cases and
the detentions ending within 15 days (never extended for holidays, [条例] 285)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta
from typing import Any

from django.urls import reverse
from django.utils import timezone

from jiandu.cases import selectors
from jiandu.core.workbench import WorkItem, workbench_provider

LIMIT = 50
MODULE = "审查调查"
DETENTION_WARNING_DAYS = 15


@workbench_provider
def case_items(user: Any) -> Iterable[WorkItem]:
    """At most ``LIMIT`` of each kind, soonest first, in two queries."""
    if not user.has_capability("cases.view"):
        return []
    items = []
    for d in selectors.open_deadlines_for(user=user)[:LIMIT]:
        who = f" {d.person.name}" if d.person_id else ""
        items.append(
            WorkItem(
                label=f"{d.case.number}{who}：{d.get_kind_display()}",
                url=reverse("cases:case_detail", args=(d.case_id,)),
                module=MODULE,
                due=d.due_on,
                provisional=d.provisional,
            )
        )
    soon = timezone.localdate() + timedelta(days=DETENTION_WARNING_DAYS)
    for det in selectors.detentions_running_for(user=user).filter(due_on__lte=soon)[:LIMIT]:
        items.append(
            WorkItem(
                label=f"{det.person.case.number} {det.person.name}：留置期满（不因节假日顺延）",
                url=reverse("cases:case_detail", args=(det.person.case_id,)),
                module=MODULE,
                due=det.due_on,
            )
        )
    return items
