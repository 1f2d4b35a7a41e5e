"""Clearance items on the workbench: for the handling office the requests waiting for
proposals, under review, approved and waiting for the letter, and those due soon or
overdue; for leaders the replies waiting for approval (never their own proposals)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.urls import reverse

from jiandu.core.workbench import WorkItem, WorkSource, workbench_provider
from jiandu.integrity.models import ClearanceRequest
from jiandu.integrity.models import ClearanceStatus as S

MODULE = "意见回复"
HANDLER_WAITING = {
    S.SUBMITTED: "待提出意见",
    S.PROPOSED: "待审核提交",
    S.APPROVED: "待出具回复函",
    S.ISSUED: "待上传签发扫描件",
}


HANDLER_ACTIONS = {
    S.SUBMITTED: "提出回复意见",
    S.PROPOSED: "审核意见并提交审批",
    S.APPROVED: "出具回复函",
    S.ISSUED: "上传签发后的扫描件",
}


@workbench_provider
def clearance_items(user: Any) -> Iterable[WorkSource]:
    sources: list[WorkSource] = []
    visible = ClearanceRequest.objects.visible_to(user).order_by("due_on", "id")
    if user.has_capability("clearance.handle"):
        for status, label in HANDLER_WAITING.items():
            due = status in (S.SUBMITTED, S.PROPOSED, S.APPROVED)
            sources.append(
                WorkSource(
                    module=MODULE,
                    kind=f"意见回复{label}",
                    action=HANDLER_ACTIONS[status],
                    rows=visible.filter(status=status),
                    item=_item(label, due=due),
                    due="due_on" if due else None,
                )
            )
    if user.has_capability("clearance.approve"):
        waiting = (
            visible.filter(status=S.AWAITING_APPROVAL)
            .exclude(proposed_by=user)
            .exclude(approvals__decided_at__isnull=True, approvals__proposed_by=user)
        )
        sources.append(
            WorkSource(
                module=MODULE,
                kind="待审批意见回复",
                action="审批党风廉政意见回复",
                mine=True,
                rows=waiting,
                item=_item("待审批意见回复", due=True),
                due="due_on",
            )
        )
    return sources


def _item(label: str, *, due: bool) -> Any:
    def make(r: ClearanceRequest) -> WorkItem:
        return WorkItem(
            label=f"{label}：{r.number} {r.asking_body}",
            url=reverse("integrity:clearance_detail", args=(r.pk,)),
            module=MODULE,
            due=r.due_on if due else None,
            provisional=r.due_provisional,
        )

    return make
