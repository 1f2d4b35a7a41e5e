"""Rectification on the workbench: the user's overdue ledger items, items reported done
waiting for a check, and the rectification reports due ([巡视条例] 27)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.urls import reverse

from jiandu.core.workbench import WorkItem, WorkSource, workbench_provider
from jiandu.inspections import selectors
from jiandu.inspections.models import ItemStatus, RectificationItem

MODULE = "巡察整改"


def _overdue_item(item: RectificationItem) -> WorkItem:
    return WorkItem(
        label=(
            f"整改逾期：{item.finding.target.unit.name}第{item.seq}项"
            f"（{item.responsible_unit.name}）"
        ),
        url=reverse("inspections:item_detail", args=(item.pk,)),
        module=MODULE,
        due=item.deadline,
    )


def _report_item(target: Any) -> WorkItem:
    return WorkItem(
        label=f"整改情况报告：{target.round.name}·{target.unit.name}",
        url=reverse("inspections:target_detail", args=(target.pk,)),
        module=MODULE,
        due=target.report_due_on,
        provisional=target.report_due_provisional,
    )


def _check_item(item: RectificationItem) -> WorkItem:
    return WorkItem(
        label=f"待验收销号：{item.finding.target.unit.name}第{item.seq}项",
        url=reverse("inspections:item_detail", args=(item.pk,)),
        module=MODULE,
    )


@workbench_provider
def inspection_items(user: Any) -> Iterable[WorkSource]:
    """The overdue ledger items and the reports due (for the inspection office and the
    inspected organisations), and the items reported done waiting for the user's check
    (验收销号: their decision, 待我审批)."""
    if not user.has_capability("inspections.view"):
        return []
    sources: list[WorkSource] = []
    if user.has_capability("inspections.manage") or user.has_capability("inspections.rectify"):
        sources += [
            WorkSource(
                module=MODULE,
                kind="整改逾期",
                action="完成整改并报告，或申请调整期限",
                rows=selectors.overdue_items(user=user).select_related(
                    "finding__target__unit", "responsible_unit"
                ),
                item=_overdue_item,
                due="deadline",
            ),
            WorkSource(
                module=MODULE,
                kind="整改情况报告",
                action="报送整改情况报告",
                rows=selectors.reports_due(user=user),
                item=_report_item,
                due="report_due_on",
            ),
        ]
    if user.has_capability("inspections.check"):
        waiting = (
            RectificationItem.objects.visible_to(user)
            .filter(status=ItemStatus.DONE)
            .exclude(responsible_unit_id=user.unit_id)
            .select_related("finding__target__unit")
            .order_by("completed_on", "id")
        )
        sources.append(
            WorkSource(
                module=MODULE,
                kind="待验收销号",
                action="验收整改成效并销号（或退回）",
                mine=True,
                rows=waiting,
                item=_check_item,
            )
        )
    return sources
