"""The case items on the workbench: the running time limits of the user's cases, the
compulsory measures ending within 15 days (留置 and 管护 never extended for holidays,
[条例] 285; 强制到案 in hours), and the safety timers in hours — the notice to the unit
and the family within 24 hours of 留置 or 管护 ([监察法] 44; [条例] 98) and the report
of a safety incident within 24 hours ([条例] 103) — shown until met, 已超时 once past."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta
from typing import Any

from django.urls import reverse
from django.utils import timezone

from jiandu.cases import selectors
from jiandu.cases.rules import MeasureKind
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
        label = det.get_kind_display()
        if det.due_at:
            label = f"{label}时限：{selectors.hours_text(det.due_at)[1]}"
        elif det.kind in (MeasureKind.DETENTION, MeasureKind.CUSTODY):
            label = f"{label}期满（不因节假日顺延）"
        else:
            label = f"{label}期满"
        items.append(
            WorkItem(
                label=f"{det.person.case.number} {det.person.name}：{label}",
                url=reverse("cases:case_detail", args=(det.person.case_id,)),
                module=MODULE,
                due=det.due_on,
            )
        )
    for det in selectors.notices_open_for(user=user)[:LIMIT]:
        assert det.notice_due_at is not None
        _, text = selectors.hours_text(det.notice_due_at)
        items.append(
            WorkItem(
                label=f"{det.person.case.number} {det.person.name}："
                f"{det.get_kind_display()}后通知所在单位和家属，{text}",
                url=reverse("cases:case_detail", args=(det.person.case_id,)),
                module=MODULE,
                due=timezone.localtime(det.notice_due_at).date(),
            )
        )
    for incident in selectors.incidents_open_for(user=user)[:LIMIT]:
        _, text = selectors.hours_text(incident.report_due_at)
        items.append(
            WorkItem(
                label=f"{incident.person.case.number} {incident.person.name}："
                f"办案安全事故、事件（{incident.get_kind_display()}）逐级上报国家监察委员会，{text}",
                url=reverse("cases:case_detail", args=(incident.person.case_id,)),
                module=MODULE,
                due=timezone.localtime(incident.report_due_at).date(),
            )
        )
    return items
