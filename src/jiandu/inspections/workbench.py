"""Rectification on the workbench: the user's overdue ledger items, items reported done
waiting for a check, and the rectification reports due ([巡视条例] 27)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.urls import reverse

from jiandu.core.workbench import WorkItem, workbench_provider
from jiandu.inspections import selectors
from jiandu.inspections.models import ItemStatus, RectificationItem

LIMIT = 50
MODULE = "巡察整改"


@workbench_provider
def inspection_items(user: Any) -> Iterable[WorkItem]:
    """At most ``LIMIT`` of each kind, in three queries."""
    if not user.has_capability("inspections.view"):
        return []
    if not (
        user.has_capability("inspections.manage")
        or user.has_capability("inspections.rectify")
        or user.has_capability("inspections.check")
    ):
        return []
    items: list[WorkItem] = []
    if user.has_capability("inspections.manage") or user.has_capability("inspections.rectify"):
        overdue = selectors.overdue_items(user=user)[:LIMIT]
        for item in overdue:
            items.append(
                WorkItem(
                    label=(
                        f"整改逾期：{item.finding.target.unit.name}第{item.seq}项"
                        f"（{item.responsible_unit.name}）"
                    ),
                    url=reverse("inspections:item_detail", args=(item.pk,)),
                    module=MODULE,
                    due=item.deadline,
                )
            )
        for target in selectors.reports_due(user=user)[:LIMIT]:
            items.append(
                WorkItem(
                    label=f"整改情况报告：{target.round.name}·{target.unit.name}",
                    url=reverse("inspections:target_detail", args=(target.pk,)),
                    module=MODULE,
                    due=target.report_due_on,
                    provisional=target.report_due_provisional,
                )
            )
    if user.has_capability("inspections.check"):
        waiting = (
            RectificationItem.objects.visible_to(user)
            .filter(status=ItemStatus.DONE)
            .exclude(responsible_unit_id=user.unit_id)
            .select_related("finding__target__unit")
            .order_by("completed_on", "id")[:LIMIT]
        )
        for item in waiting:
            items.append(
                WorkItem(
                    label=f"待验收销号：{item.finding.target.unit.name}第{item.seq}项",
                    url=reverse("inspections:item_detail", args=(item.pk,)),
                    module=MODULE,
                    due=None,
                )
            )
    return items
