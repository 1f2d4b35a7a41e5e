"""The clue items on the workbench: the clues waiting for the user's role to route,
approve or accept them (待我审批), the running time limits of the user's clues, and the
duplicates newly attached to them. Each is a ``WorkSource``: counted in one query and read
a page at a time."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import Count, OuterRef, Q, Subquery
from django.urls import reverse

from jiandu.clues import selectors
from jiandu.clues.models import Clue, ClueDeadline, ClueDeadlineKind, ClueStatus
from jiandu.core.workbench import WorkItem, WorkSource, workbench_provider

MODULE = "问题线索"
# status → (kind, action): what waits for the user's role, in its words.
WAITING = {
    ClueStatus.REGISTERED: ("待分办", "提出分办意见"),
    ClueStatus.ROUTING_PROPOSED: ("待审批分办", "审批分办意见"),
    ClueStatus.DISPOSITION_PROPOSED: ("待审批处置意见", "审批处置意见"),
    ClueStatus.ASSIGNED: ("待接收", "接收线索（或说明理由退回）"),
}
DEADLINE_ACTIONS = {
    ClueDeadlineKind.DISPOSITION: "提出处置意见",
    ClueDeadlineKind.INQUIRY_REPLY: "督促被函询人回复并登记",
    ClueDeadlineKind.TALK_EXPLANATION: "督促提交书面说明并登记",
    ClueDeadlineKind.DELEGATED_TALK: "督促受托单位谈话并登记",
    ClueDeadlineKind.INQUIRY_REPORT: "报告谈话函询情况",
    ClueDeadlineKind.INSPECTION_FEEDBACK: "向巡察机构反馈办理情况",
    ClueDeadlineKind.VERIFICATION: "完成初步核实并报告",
    ClueDeadlineKind.SHELVE_REVIEW: "复查暂存线索",
}


def _url(clue_id: int) -> str:
    return reverse("clues:clue_detail", args=(clue_id,))


def _waiting_item(clue: Clue) -> WorkItem:
    kind, _ = WAITING[ClueStatus(clue.status)]
    return WorkItem(
        label=f"{kind}：{clue.number} {clue.subject_name}",
        url=_url(clue.pk),
        module=MODULE,
        due=clue.disposition_due,
        provisional=bool(clue.disposition_provisional),
    )


def _deadline_item(deadline: ClueDeadline) -> WorkItem:
    clue = deadline.clue
    return WorkItem(
        label=f"{clue.number} {clue.subject_name}：{deadline.get_kind_display()}",
        url=_url(clue.pk),
        module=MODULE,
        due=deadline.due_on,
        provisional=deadline.provisional,
        action=DEADLINE_ACTIONS.get(ClueDeadlineKind(deadline.kind), ""),
    )


@workbench_provider
def clue_items(user: Any) -> Iterable[WorkSource]:
    """One source per waiting status the user's role acts on (its due date the clue's
    running disposition limit), and one for the running time limits (the disposition
    limit of a clue listed as waiting is that item's date, not a second item)."""
    if not user.has_capability("clues.view"):
        return []
    disposition = ClueDeadline.objects.filter(
        clue=OuterRef("pk"), kind=ClueDeadlineKind.DISPOSITION, met_on__isnull=True
    ).order_by("due_on")
    waiting = (
        selectors.actions_waiting_for(user=user)
        .only("id", "number", "subject_name", "status")
        .annotate(
            disposition_due=Subquery(disposition.values("due_on")[:1]),
            disposition_provisional=Subquery(disposition.values("provisional")[:1]),
        )
    )
    acts_on = []
    if user.has_capability("clues.route"):
        acts_on.append(ClueStatus.REGISTERED)
    if user.has_capability("clues.approve"):
        acts_on += [ClueStatus.ROUTING_PROPOSED, ClueStatus.DISPOSITION_PROPOSED]
    if user.has_capability("clues.handle") and user.unit_id:
        acts_on.append(ClueStatus.ASSIGNED)  # the selector keeps the unit's own
    sources = [
        WorkSource(
            module=MODULE,
            kind=WAITING[status][0],
            action=WAITING[status][1],
            mine=True,
            rows=waiting.filter(status=status),
            item=_waiting_item,
            due="disposition_due",
        )
        for status in acts_on
    ]
    deadlines = (
        selectors.open_deadlines_for(user=user)
        .exclude(
            Q(kind=ClueDeadlineKind.DISPOSITION)
            & (Q(clue__in=waiting.values("pk")) | Q(clue__status=ClueStatus.DISPOSITION_PROPOSED))
        )
        .only(
            "id",
            "kind",
            "due_on",
            "provisional",
            "clue",
            "clue__number",
            "clue__subject_name",
            "clue__status",
        )
    )
    sources.append(
        WorkSource(
            module=MODULE,
            kind="线索办理期限",
            action="按期办理",
            rows=deadlines,
            item=_deadline_item,
            due="due_on",
        )
    )
    return sources


@workbench_provider
def new_duplicate_items(user: Any) -> Iterable[WorkSource]:
    """新增重复件: reports confirmed as duplicates of the clue's reports were attached
    to the clue; the handling unit sees one item a clue until it marks them read. The
    reports' numbers are not in the label (the unit may not be allowed to open them)."""
    if not user.has_capability("clues.view"):
        return []
    links = selectors.new_duplicates_for(user=user)
    clues = (
        Clue.objects.filter(pk__in=links.values("clue_id"))
        .only("id", "number", "subject_name")
        .annotate(
            new_duplicates=Count(
                "duplicate_links", filter=Q(duplicate_links__in=links.values("pk"))
            )
        )
        .order_by("id")
    )
    return [
        WorkSource(
            module=MODULE,
            kind="新增重复件",
            action="阅看新增重复件并标记已阅",
            rows=clues,
            item=lambda clue: WorkItem(
                label=f"{clue.number} {clue.subject_name}：新增重复件{clue.new_duplicates}件",
                url=_url(clue.pk),
                module=MODULE,
            ),
        )
    ]
