"""The 澄清正名 and 诬告陷害 items on the workbench: what waits for this user's part
(the principal leader's approval of a clearing, a leader's review of a finding, the
handling unit's next record)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.urls import reverse

from jiandu.clues import clearing_rules, clearing_selectors, clearing_services
from jiandu.clues.models import ClarificationStatus as C
from jiandu.clues.models import FalseAccusationStatus as F
from jiandu.core.workbench import WorkItem, workbench_provider

LIMIT = 50
MODULE = "问题线索"
HANDLER_WAITING = {
    ("clarification", C.APPROVED): "待登记澄清情况",
    ("clarification", C.CARRIED_OUT): "澄清正名待办结",
    ("false_accusation", F.SUBMITTED): "待登记上级对诬告陷害认定的批复",
    ("false_accusation", F.APPROVED): "待处理诬告陷害人",
    ("false_accusation", F.FOLLOWED_UP): "诬告陷害查处待办结",
}


@workbench_provider
def clearing_items(user: Any) -> Iterable[WorkItem]:
    if not user.has_capability("clues.view"):
        return []
    rows: list[tuple[str, Any]] = []
    clarifications = clearing_selectors.clarifications_visible(user=user)
    accusations = clearing_selectors.false_accusations_visible(user=user)
    if clearing_services.is_principal_leader(user):
        for c in clarifications.filter(status=C.PROPOSED).exclude(proposed_by=user)[:LIMIT]:
            rows.append(("待批准澄清正名", c))
    if user.has_capability("clues.approve"):
        for f in accusations.filter(status=F.PROPOSED).exclude(proposed_by=user)[:LIMIT]:
            rows.append(("待审核诬告陷害认定", f))
    if user.has_capability("clues.handle") and user.unit_id:
        mine = {"clue__handling_unit_id": user.unit_id}
        for kind, qs, open_ in (
            ("clarification", clarifications, clearing_rules.CLARIFICATION_OPEN),
            ("false_accusation", accusations, clearing_rules.FALSE_ACCUSATION_OPEN),
        ):
            for obj in qs.filter(status__in=open_, **mine)[:LIMIT]:
                label = HANDLER_WAITING.get((kind, obj.status))
                if label:
                    rows.append((label, obj))
    return [
        WorkItem(
            label=f"{label}：{obj.clue.number} {obj.clue.subject_name}",
            url=reverse("clues:clue_detail", args=(obj.clue_id,)),
            module=MODULE,
        )
        for label, obj in rows
    ]
