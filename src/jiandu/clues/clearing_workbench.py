"""The 澄清正名 and 诬告陷害 items on the workbench: what waits for this user's part
(the principal leader's approval of a clearing, a leader's review of a finding, the
handling unit's next record)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.urls import reverse

from jiandu.clues import clearing_selectors, clearing_services
from jiandu.clues.models import ClarificationStatus as C
from jiandu.clues.models import FalseAccusationStatus as F
from jiandu.core.workbench import WorkItem, WorkSource, workbench_provider

MODULE = "问题线索"
HANDLER_WAITING = {
    ("clarification", C.APPROVED): "待登记澄清情况",
    ("clarification", C.CARRIED_OUT): "澄清正名待办结",
    ("false_accusation", F.SUBMITTED): "待登记上级对诬告陷害认定的批复",
    ("false_accusation", F.APPROVED): "待处理诬告陷害人",
    ("false_accusation", F.FOLLOWED_UP): "诬告陷害查处待办结",
}
HANDLER_ACTIONS = {
    "待登记澄清情况": "登记澄清正名情况",
    "澄清正名待办结": "办结澄清正名",
    "待登记上级对诬告陷害认定的批复": "登记上级的批复",
    "待处理诬告陷害人": "处理诬告陷害人",
    "诬告陷害查处待办结": "办结诬告陷害查处",
}


def _item(label: str) -> Any:
    def make(obj: Any) -> WorkItem:
        return WorkItem(
            label=f"{label}：{obj.clue.number} {obj.clue.subject_name}",
            url=reverse("clues:clue_detail", args=(obj.clue_id,)),
            module=MODULE,
        )

    return make


def _handler_item(kind: str) -> Any:
    def make(obj: Any) -> WorkItem:
        label = HANDLER_WAITING[(kind, obj.status)]
        return WorkItem(
            label=f"{label}：{obj.clue.number} {obj.clue.subject_name}",
            url=reverse("clues:clue_detail", args=(obj.clue_id,)),
            module=MODULE,
            action=HANDLER_ACTIONS[label],
        )

    return make


@workbench_provider
def clearing_items(user: Any) -> Iterable[WorkSource]:
    if not user.has_capability("clues.view"):
        return []
    sources: list[WorkSource] = []
    clarifications = clearing_selectors.clarifications_visible(user=user).select_related("clue")
    accusations = clearing_selectors.false_accusations_visible(user=user).select_related("clue")
    if clearing_services.is_principal_leader(user):
        sources.append(
            WorkSource(
                module=MODULE,
                kind="待批准澄清正名",
                action="批准澄清正名",
                mine=True,
                rows=clarifications.filter(status=C.PROPOSED).exclude(proposed_by=user),
                item=_item("待批准澄清正名"),
            )
        )
    if user.has_capability("clues.approve"):
        sources.append(
            WorkSource(
                module=MODULE,
                kind="待审核诬告陷害认定",
                action="审核诬告陷害认定",
                mine=True,
                rows=accusations.filter(status=F.PROPOSED).exclude(proposed_by=user),
                item=_item("待审核诬告陷害认定"),
            )
        )
    if user.has_capability("clues.handle") and user.unit_id:
        mine = {"clue__handling_unit_id": user.unit_id}
        for kind, qs, label in (
            ("clarification", clarifications, "澄清正名待办"),
            ("false_accusation", accusations, "诬告陷害查处待办"),
        ):
            statuses = [s for (k, s) in HANDLER_WAITING if k == kind]
            sources.append(
                WorkSource(
                    module=MODULE,
                    kind=label,
                    rows=qs.filter(status__in=statuses, **mine),
                    item=_handler_item(kind),
                )
            )
    return sources
