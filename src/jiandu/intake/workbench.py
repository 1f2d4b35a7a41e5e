"""The report items on the workbench: the petition office's decisions (网上举报待登记,
作出管辖决定) and time limits (the reporter's notices, reports assigned from above), and
the approvals waiting for a leader (交办件延期, 举报人信息查阅申请). Each is a
``WorkSource``: counted in one query, read a page at a time."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.urls import reverse

from jiandu.core.workbench import WorkItem, WorkSource, workbench_provider
from jiandu.intake import rules, selectors
from jiandu.intake.models import Report, ReportApproval, ReportStatus

MODULE = "信访举报"


def _url(report_id: int) -> str:
    return reverse("intake:report_detail", args=(report_id,))


def _report_item(label: str, due: str) -> Any:
    def make(report: Report) -> WorkItem:
        return WorkItem(
            label=f"{report.number}：{label}",
            url=_url(report.pk),
            module=MODULE,
            due=getattr(report, due),
            provisional=bool(getattr(report, f"{due}_provisional", False)),
        )

    return make


@workbench_provider
def petition_items(user: Any) -> Iterable[WorkSource]:
    if not user.has_capability("reports.register"):
        return []
    from jiandu.intake.models import ReportDeadline

    visible = Report.objects.visible_to(user)
    return [
        WorkSource(
            module=MODULE,
            kind="网上举报待登记",
            action="核对并登记网上举报",
            mine=True,
            rows=selectors.portal_submissions_waiting(user=user).only(
                "pk", "number", "jurisdiction_due"
            ),
            item=_report_item("网上举报待登记", "jurisdiction_due"),
            due="jurisdiction_due",
        ),
        WorkSource(
            module=MODULE,
            kind="作出管辖决定",
            action="作出管辖决定（本级受理、转送或交办）",
            mine=True,
            rows=visible.filter(
                status=ReportStatus.REGISTERED, jurisdiction_due__isnull=False
            ).only("pk", "number", "jurisdiction_due", "jurisdiction_due_provisional"),
            item=_report_item("作出管辖决定", "jurisdiction_due"),
            due="jurisdiction_due",
        ),
        # The acceptance notice: only for reports accepted here (or not yet decided),
        # never for a forwarded report nor a duplicate ([检举控告规则] 26).
        WorkSource(
            module=MODULE,
            kind="告知实名举报人",
            action="告知实名举报人受理情况",
            rows=visible.filter(
                is_named=True,
                ack_due__isnull=False,
                ack_sent_on__isnull=True,
                duplicate_of__isnull=True,
                status__in=rules.ACK_STATES,
            ).only("pk", "number", "ack_due", "ack_due_provisional"),
            item=_report_item("告知实名举报人受理情况", "ack_due"),
            due="ack_due",
        ),
        WorkSource(
            module=MODULE,
            kind="告知实名举报人",
            action="告知实名举报人办理结果",
            rows=visible.filter(
                is_named=True,
                status=ReportStatus.CLOSED,
                result_due__isnull=False,
                result_sent_on__isnull=True,
            ).only("pk", "number", "result_due", "result_due_provisional"),
            item=_report_item("告知实名举报人办理结果", "result_due"),
            due="result_due",
        ),
        WorkSource(
            module=MODULE,
            kind="交办件办理期限",
            action="按期办结并报送，或呈批延期",
            rows=ReportDeadline.objects.filter(
                met_on__isnull=True, report__in=visible.values("pk")
            ).select_related("report"),
            item=lambda d: WorkItem(
                label=f"{d.report.number}：{d.get_kind_display()}",
                url=_url(d.report_id),
                module=MODULE,
                due=d.due_on,
                provisional=d.provisional,
            ),
            due="due_on",
        ),
    ]


@workbench_provider
def identity_request_items(user: Any) -> Iterable[WorkSource]:
    """Identity-access requests waiting for this approver (委领导, 信访室负责人), and the
    extensions of assigned reports waiting for the principal leader."""
    from jiandu.intake.identity_selectors import identity_requests_pending_for

    sources = []
    if user.has_capability("reports.identity_approve"):
        sources.append(
            WorkSource(
                module=MODULE,
                kind="待审批举报人信息查阅",
                action="审批举报人信息查阅申请",
                mine=True,
                rows=identity_requests_pending_for(user=user).select_related("report", "requester"),
                item=lambda r: WorkItem(
                    label=f"{r.report.number}：举报人信息查阅申请待审批（{r.requester}）",
                    url=_url(r.report_id),
                    module=MODULE,
                ),
            )
        )
    if user.has_capability("reports.approve"):
        sources.append(
            WorkSource(
                module=MODULE,
                kind="待审批交办件延期",
                action="审批延长办理期限",
                mine=True,
                rows=ReportApproval.objects.filter(
                    decided_at__isnull=True,
                    report__in=Report.objects.visible_to(user).values("pk"),
                )
                .exclude(proposed_by=user)
                .select_related("report"),
                item=lambda a: WorkItem(
                    label=f"{a.report.number}：延长办理期限待审批",
                    url=_url(a.report_id),
                    module=MODULE,
                ),
            )
        )
    return sources
