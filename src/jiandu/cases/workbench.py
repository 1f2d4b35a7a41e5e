"""The case items on the workbench: the proposals (呈批) waiting for a leader's decision
(立案, 留置, extensions …: 待我审批), the running time limits of the user's cases, the
compulsory measures ending within 15 days (留置 and 管护 never extended for holidays,
[条例] 285; 强制到案 in hours), and the safety timers in hours — the notice to the unit
and the family within 24 hours of 留置 or 管护 ([监察法] 44; [条例] 98) and the report
of a safety incident within 24 hours ([条例] 103) — shown until met, 已超时 once past.
Each is a ``WorkSource``: counted in one query, read a page at a time."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta
from typing import Any

from django.db.models.functions import TruncDate
from django.urls import reverse
from django.utils import timezone

from jiandu.cases import selectors
from jiandu.cases.models import Case, CaseApproval, CaseDeadline
from jiandu.cases.rules import MeasureKind
from jiandu.cases.rules.approvals import APPROVAL_STEPS
from jiandu.core.workbench import WorkItem, WorkSource, workbench_provider

MODULE = "审查调查"
DETENTION_WARNING_DAYS = 15
DEADLINE_ACTIONS = {
    "investigation": "按期完成审查调查（或呈批延长）",
    "review": "按期完成审理（或呈批延长）",
    "prosecution_supplement": "按期完成补充调查",
    "service": "宣布并送达处分决定",
    "execution": "按期执行处分决定",
    "appeal": "办理申诉（复审复核）",
    "recommendation_reply": "督促被建议单位回复",
    "property_disposal": "处置涉案财物",
}


def _url(case_id: int) -> str:
    return reverse("cases:case_detail", args=(case_id,))


def _step_label(step: str) -> str:
    if step == "filing":
        return "立案审查调查"
    info = APPROVAL_STEPS.get(step)
    return info.label if info is not None else step


def _approval_item(a: CaseApproval) -> WorkItem:
    label = _step_label(a.step)
    who = f" {a.person.name}" if a.person_id else ""
    return WorkItem(
        label=f"待审批{label}：{a.case.number}{who}",
        url=_url(a.case_id),
        module=MODULE,
        action=f"审批{label}呈批",
    )


def _deadline_item(d: CaseDeadline) -> WorkItem:
    who = f" {d.person.name}" if d.person_id else ""
    return WorkItem(
        label=f"{d.case.number}{who}：{d.get_kind_display()}",
        url=_url(d.case_id),
        module=MODULE,
        due=d.due_on,
        provisional=d.provisional,
        action=DEADLINE_ACTIONS.get(d.kind, ""),
    )


def _detention_item(det: Any) -> WorkItem:
    label = det.get_kind_display()
    if det.due_at:
        label = f"{label}时限：{selectors.hours_text(det.due_at)[1]}"
    elif det.kind in (MeasureKind.DETENTION, MeasureKind.CUSTODY):
        label = f"{label}期满（不因节假日顺延）"
    else:
        label = f"{label}期满"
    return WorkItem(
        label=f"{det.person.case.number} {det.person.name}：{label}",
        url=_url(det.person.case_id),
        module=MODULE,
        due=det.due_on,
    )


def _notice_item(det: Any) -> WorkItem:
    _, text = selectors.hours_text(det.notice_due_at)
    return WorkItem(
        label=f"{det.person.case.number} {det.person.name}："
        f"{det.get_kind_display()}后通知所在单位和家属，{text}",
        url=_url(det.person.case_id),
        module=MODULE,
        due=timezone.localtime(det.notice_due_at).date(),
    )


def _incident_item(incident: Any) -> WorkItem:
    _, text = selectors.hours_text(incident.report_due_at)
    return WorkItem(
        label=f"{incident.person.case.number} {incident.person.name}："
        f"办案安全事故、事件（{incident.get_kind_display()}）逐级上报国家监察委员会，{text}",
        url=_url(incident.person.case_id),
        module=MODULE,
        due=timezone.localtime(incident.report_due_at).date(),
    )


@workbench_provider
def case_items(user: Any) -> Iterable[WorkSource]:
    if not user.has_capability("cases.view"):
        return []
    tz = timezone.get_current_timezone()
    sources = []
    if user.has_capability("cases.approve"):
        waiting = (
            CaseApproval.objects.filter(
                decided_at__isnull=True,
                case__in=Case.objects.visible_to(user).values("pk"),
            )
            .exclude(proposed_by=user)
            .select_related("case", "person")
            .order_by("proposed_at", "id")
        )
        sources.append(
            WorkSource(
                module=MODULE,
                kind="待审批案件呈批",
                action="审批呈批事项",
                mine=True,
                rows=waiting,
                item=_approval_item,
            )
        )
    soon = timezone.localdate() + timedelta(days=DETENTION_WARNING_DAYS)
    sources += [
        WorkSource(
            module=MODULE,
            kind="案件办理期限",
            action="按期办理",
            rows=selectors.open_deadlines_for(user=user),
            item=_deadline_item,
            due="due_on",
        ),
        WorkSource(
            module=MODULE,
            kind="强制措施即将期满",
            action="按期解除措施或呈批延长",
            rows=selectors.detentions_running_for(user=user).filter(due_on__lte=soon),
            item=_detention_item,
            due="due_on",
        ),
        WorkSource(
            module=MODULE,
            kind="通知单位和家属",
            action="24小时内通知被留置、管护人员所在单位和家属并登记",
            rows=selectors.notices_open_for(user=user),
            item=_notice_item,
            due=TruncDate("notice_due_at", tzinfo=tz),
        ),
        WorkSource(
            module=MODULE,
            kind="安全事故上报",
            action="逐级上报办案安全事故、事件并登记",
            rows=selectors.incidents_open_for(user=user),
            item=_incident_item,
            due=TruncDate("report_due_at", tzinfo=tz),
        ),
    ]
    return sources
