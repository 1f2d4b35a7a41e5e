"""The clue items on the workbench: the running time limits of the user's clues, and
the clues waiting for the user's role to route, approve or accept them."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import Prefetch
from django.urls import reverse

from jiandu.clues import selectors
from jiandu.clues.models import ClueDeadline, ClueDeadlineKind, ClueStatus
from jiandu.core.workbench import WorkItem, workbench_provider

LIMIT = 50
MODULE = "问题线索"
WAITING_LABELS = {
    ClueStatus.REGISTERED: "待分办",
    ClueStatus.ROUTING_PROPOSED: "待审批分办",
    ClueStatus.DISPOSITION_PROPOSED: "待审批处置意见",
    ClueStatus.ASSIGNED: "待接收",
}


def _url(clue_id: int) -> str:
    return reverse("clues:clue_detail", args=(clue_id,))


@workbench_provider
def clue_items(user: Any) -> Iterable[WorkItem]:
    """At most ``LIMIT`` of each kind, soonest due first, in a constant number of
    queries (the deadlines with their clue; the waiting clues with their disposition
    limit)."""
    if not user.has_capability("clues.view"):
        return []
    waiting = list(
        selectors.actions_waiting_for(user=user)
        .only("id", "number", "subject_name", "status")
        .prefetch_related(
            Prefetch(
                "deadlines",
                queryset=ClueDeadline.objects.filter(
                    kind=ClueDeadlineKind.DISPOSITION, met_on__isnull=True
                ),
                to_attr="disposition_deadlines",
            )
        )[:LIMIT]
    )
    waiting_ids = {clue.pk for clue in waiting}
    items = []
    for clue in waiting:
        due = clue.disposition_deadlines[0] if clue.disposition_deadlines else None
        items.append(
            WorkItem(
                label=f"{WAITING_LABELS[clue.status]}：{clue.number} {clue.subject_name}",
                url=_url(clue.pk),
                module=MODULE,
                due=due.due_on if due else None,
                provisional=bool(due and due.provisional),
            )
        )
    deadlines = selectors.open_deadlines_for(user=user).only(
        "id",
        "kind",
        "due_on",
        "provisional",
        "clue",
        "clue__number",
        "clue__subject_name",
        "clue__status",
    )[:LIMIT]
    for deadline in deadlines:
        clue = deadline.clue
        # The disposition limit of a clue already listed as waiting is that item's due
        # date; once a disposition is proposed it waits for the leader, not the unit.
        if deadline.kind == ClueDeadlineKind.DISPOSITION and (
            clue.pk in waiting_ids or clue.status == ClueStatus.DISPOSITION_PROPOSED
        ):
            continue
        items.append(
            WorkItem(
                label=f"{clue.number} {clue.subject_name}：{deadline.get_kind_display()}",
                url=_url(clue.pk),
                module=MODULE,
                due=deadline.due_on,
                provisional=deadline.provisional,
            )
        )
    return items


@workbench_provider
def new_duplicate_items(user: Any) -> Iterable[WorkItem]:
    """新增重复件: reports confirmed as duplicates of the clue's reports were attached
    to the clue; the handling unit sees one item a clue until it marks them read. The
    reports' numbers are not in the label (the unit may not be allowed to open them)."""
    if not user.has_capability("clues.view"):
        return []
    counts: dict[int, int] = {}
    clues: dict[int, Any] = {}
    for link in selectors.new_duplicates_for(user=user)[: LIMIT * 4]:
        counts[link.clue_id] = counts.get(link.clue_id, 0) + 1
        clues.setdefault(link.clue_id, link.clue)
    return [
        WorkItem(
            label=f"{clue.number} {clue.subject_name}：新增重复件{counts[pk]}件",
            url=_url(pk),
            module=MODULE,
            due=None,
        )
        for pk, clue in list(clues.items())[:LIMIT]
    ]
