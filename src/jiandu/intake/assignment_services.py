"""Writes of a report assigned down by a higher commission (上级交办, [检举控告规则] 20–23):
the assignment, its time limit and extension, the 督办 from above and the result
reported upward. Each runs in one transaction and records an audit event."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.utils import timezone

from jiandu.audit.services import event_record
from jiandu.core import calendar
from jiandu.core.errors import DomainError
from jiandu.core.permissions import require_capability
from jiandu.core.services import locked
from jiandu.intake import rules
from jiandu.intake.models import (
    Assignment,
    AssignmentSupervision,
    Channel,
    Report,
    ReportApproval,
    ReportDeadlineKind,
    SupervisionMethod,
)

EXTENSION_STEP = "assignment_extension"


def _assignment(report: Report) -> Assignment:
    assignment = Assignment.objects.filter(report=report).first()
    if assignment is None:
        raise DomainError("尚未登记交办情况")
    return assignment


def _check_open(assignment: Assignment) -> None:
    if assignment.result_reported_on:
        raise DomainError("已报送核查处理情况，交办件已办结")


def _check_day(on: date, what: str) -> None:
    if on > timezone.localdate():
        raise DomainError(f"{what}不能晚于今天", fields={"on": ["日期晚于今天"]})


@locked("report")
def assignment_record(
    *, actor: Any, report: Report, assigning_body: str, received_on: date, reference: str = ""
) -> Assignment:
    """The higher commission's assignment of this report: who assigned it and when it
    arrived; the 3-month clock to close it and report the result upward starts
    ([检举控告规则] 21)."""
    require_capability(actor, "reports.register")
    if report.channel != Channel.HIGHER_ASSIGNMENT:
        raise DomainError("只有来源渠道为“上级交办/转办”的信访件可以登记交办情况")
    if Assignment.objects.filter(report=report).exists():
        raise DomainError("已经登记过交办情况")
    assigning_body = (assigning_body or "").strip()
    if not assigning_body:
        raise DomainError("请填写交办机关", fields={"assigning_body": ["请填写交办机关"]})
    _check_day(received_on, "接到交办日期")
    assignment = Assignment.objects.create(
        report=report,
        assigning_body=assigning_body[:100],
        reference=(reference or "").strip()[:60],
        received_on=received_on,
    )
    due = rules.assignment_due(received_on)
    report.deadlines.start(ReportDeadlineKind.ASSIGNMENT, received_on, due, rules.ASSIGNMENT_BASIS)
    event_record(
        actor=actor,
        action="intake.assignment.record",
        obj=report,
        payload={"body": assignment.assigning_body, "received_on": received_on, "due": due},
    )
    return assignment


@locked("report")
def assignment_propose_extension(*, actor: Any, report: Report, reason: str) -> ReportApproval:
    """Propose extending the assigned report by 3 months, for the principal leader's
    approval ([检举控告规则] 21); once only (a further extension is the higher
    commission's to approve)."""
    require_capability(actor, "reports.register")
    assignment = _assignment(report)
    _check_open(assignment)
    if assignment.extended:
        raise DomainError("已经延长过一次；再次延长须报上级纪检监察机关批准（第二十一条）")
    if not (reason or "").strip():
        raise DomainError("请写明延长的理由", fields={"reason": ["请写明理由"]})
    if ReportApproval.pending(step=EXTENSION_STEP, report=report) is not None:
        raise DomainError("延长办理期限的呈批正在等待审批")
    approval = ReportApproval.objects.create(
        report=report,
        step=EXTENSION_STEP,
        proposal=f"拟延长办理期限3个月。{reason.strip()}"[:300],
        proposed_by=actor,
        proposed_at=timezone.now(),
    )
    event_record(
        actor=actor, action="intake.assignment.propose_extension", obj=report, reason=reason
    )
    return approval


@locked("report")
def assignment_decide_extension(
    *, actor: Any, report: Report, approve: bool, comment: str = ""
) -> Assignment:
    """The principal leader approves (the limit becomes 6 months from receipt, and the
    higher commission is to be told) or refuses the extension; never the proposer."""
    require_capability(actor, "reports.approve")
    assignment = _assignment(report)
    _check_open(assignment)
    approval = ReportApproval.pending(step=EXTENSION_STEP, report=report)
    if approval is None:
        raise DomainError("没有待审批的延期呈批")
    approval.decide(actor=actor, approve=approve, comment=comment)
    payload: dict[str, Any] = {"approved": approve}
    if approve:
        deadline = report.deadlines.latest_running(ReportDeadlineKind.ASSIGNMENT)
        due = rules.assignment_due(assignment.received_on, extended=True)
        if deadline is not None:
            deadline.due_on, deadline.provisional = due, due.provisional
            deadline.basis = rules.ASSIGNMENT_EXTENDED_BASIS[:120]
            deadline.save(update_fields=["due_on", "provisional", "basis"])
        assignment.extended = True
        assignment.save(update_fields=["extended"])
        payload["due"] = due
    event_record(
        actor=actor,
        action="intake.assignment.decide_extension",
        obj=report,
        reason=comment,
        payload=payload,
    )
    return assignment


@locked("report")
def assignment_supervise(
    *,
    actor: Any,
    report: Report,
    on: date,
    body: str,
    content: str,
    method: str = SupervisionMethod.LETTER,
    reply_by: date | None = None,
) -> AssignmentSupervision:
    """A 督办 from above ([检举控告规则] 22): when, by whom, how and what it asks; a date
    by which to report starts its own clock."""
    require_capability(actor, "reports.register")
    assignment = _assignment(report)
    _check_open(assignment)
    body, content = (body or "").strip(), (content or "").strip()
    if not body or not content:
        raise DomainError("请填写督办机关和督办内容", fields={"content": ["请填写督办内容"]})
    if method not in SupervisionMethod.values:
        raise DomainError("督办方式不存在", fields={"method": ["督办方式不存在"]})
    _check_day(on, "督办日期")
    if reply_by is not None and reply_by < on:
        raise DomainError("要求报告日期不能早于督办日期", fields={"reply_by": ["日期有误"]})
    supervision = AssignmentSupervision.objects.create(
        assignment=assignment,
        on=on,
        body=body[:100],
        method=method,
        content=content,
        reply_by=reply_by,
    )
    if reply_by is not None:
        report.deadlines.start(
            ReportDeadlineKind.SUPERVISION,
            on,
            calendar.DueDate.of(reply_by),
            rules.ASSIGNMENT_BASIS,
        )
    event_record(
        actor=actor,
        action="intake.assignment.supervise",
        obj=report,
        payload={"on": on, "body": supervision.body, "method": method, "reply_by": reply_by},
    )
    return supervision


@locked("report")
def assignment_report_result(*, actor: Any, report: Report, on: date, summary: str) -> Assignment:
    """The result reported upward (核查处理情况, [检举控告规则] 21, 23): the assignment's
    limit and any 督办 date are met."""
    require_capability(actor, "reports.register")
    assignment = _assignment(report)
    _check_open(assignment)
    summary = (summary or "").strip()
    if not summary:
        raise DomainError("请填写报送的核查处理情况", fields={"summary": ["请填写"]})
    _check_day(on, "报送日期")
    if on < assignment.received_on:
        raise DomainError("报送日期不能早于接到交办日期", fields={"on": ["日期有误"]})
    assignment.result_reported_on, assignment.result_summary = on, summary
    assignment.save(update_fields=["result_reported_on", "result_summary"])
    report.deadlines.meet(ReportDeadlineKind.ASSIGNMENT, ReportDeadlineKind.SUPERVISION, on=on)
    event_record(
        actor=actor,
        action="intake.assignment.report_result",
        obj=report,
        payload={"on": on},
    )
    return assignment
