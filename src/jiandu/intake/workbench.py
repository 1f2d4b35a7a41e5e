"""The petition office's items on the workbench."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.urls import reverse

from jiandu.core.workbench import WorkItem, workbench_provider
from jiandu.intake import selectors


@workbench_provider
def petition_items(user: Any) -> Iterable[WorkItem]:
    items = [
        WorkItem(
            label=f"{row['report'].number}：{row['kind']}",
            url=reverse("intake:report_detail", args=(row["report"].pk,)),
            module="信访举报",
            due=row["due"],
            provisional=row["provisional"],
        )
        for row in selectors.petition_deadlines(user=user)
    ]
    for deadline in selectors.assignment_deadlines(user=user):
        items.append(
            WorkItem(
                label=f"{deadline.report.number}：{deadline.get_kind_display()}",
                url=reverse("intake:report_detail", args=(deadline.report_id,)),
                module="信访举报",
                due=deadline.due_on,
                provisional=deadline.provisional,
            )
        )
    for report in selectors.portal_submissions_waiting(user=user)[:50]:
        items.append(
            WorkItem(
                label=f"{report.number}：网上举报待登记",
                url=reverse("intake:report_detail", args=(report.pk,)),
                module="信访举报",
                due=report.jurisdiction_due,
            )
        )
    return items


@workbench_provider
def identity_request_items(user: Any) -> Iterable[WorkItem]:
    """Identity-access requests waiting for this approver (委领导, 信访室负责人)."""
    from jiandu.intake.identity_selectors import identity_requests_pending_for

    return [
        WorkItem(
            label=f"{r.report.number}：举报人信息查阅申请待审批（{r.requester}）",
            url=reverse("intake:report_detail", args=(r.report_id,)),
            module="信访举报",
            due=None,
        )
        for r in identity_requests_pending_for(user=user)[:50]
    ]
