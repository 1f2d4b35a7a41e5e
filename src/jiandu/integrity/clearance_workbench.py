"""Clearance items on the workbench: for the handling office the requests waiting for
proposals, under review, approved and waiting for the letter, and those due soon or
overdue; for leaders the replies waiting for approval (never their own proposals)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.urls import reverse

from jiandu.core.deadlines import due_soon_limit
from jiandu.core.workbench import WorkItem, workbench_provider
from jiandu.integrity.models import ClearanceRequest
from jiandu.integrity.models import ClearanceStatus as S

LIMIT = 50
MODULE = "意见回复"
HANDLER_WAITING = {
    S.SUBMITTED: "待提出意见",
    S.PROPOSED: "待审核提交",
    S.APPROVED: "待出具回复函",
    S.ISSUED: "待上传签发扫描件",
}


@workbench_provider
def clearance_items(user: Any) -> Iterable[WorkItem]:
    items: list[WorkItem] = []
    visible = ClearanceRequest.objects.visible_to(user).order_by("due_on", "id")
    if user.has_capability("clearance.handle"):
        soon = due_soon_limit()
        for r in visible.filter(status__in=list(HANDLER_WAITING))[:LIMIT]:
            label = HANDLER_WAITING[r.status]
            if r.status in (S.SUBMITTED, S.PROPOSED) and r.due_on <= soon:
                label += "（即将到期）" if not _late(r) else "（已超期）"
            items.append(_item(r, label, due=r.status in (S.SUBMITTED, S.PROPOSED, S.APPROVED)))
    if user.has_capability("clearance.approve"):
        waiting = (
            visible.filter(status=S.AWAITING_APPROVAL)
            .exclude(proposed_by=user)
            .exclude(approvals__decided_at__isnull=True, approvals__proposed_by=user)
        )
        for r in waiting[:LIMIT]:
            items.append(_item(r, "待审批意见回复", due=True))
    return items


def _late(r: ClearanceRequest) -> bool:
    from django.utils import timezone

    return r.due_on < timezone.localdate()


def _item(r: ClearanceRequest, label: str, *, due: bool) -> WorkItem:
    return WorkItem(
        label=f"{label}：{r.number} {r.asking_body}",
        url=reverse("integrity:clearance_detail", args=(r.pk,)),
        module=MODULE,
        due=r.due_on if due else None,
        provisional=r.due_provisional,
    )
