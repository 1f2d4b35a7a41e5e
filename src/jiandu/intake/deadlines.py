"""How the report register's stored due dates are recomputed when a year's holidays are
entered (``core.deadlines.register_due``; read in ``IntakeConfig.ready``)."""

from __future__ import annotations

from django.db.models import Q

from jiandu.core import calendar
from jiandu.core.deadlines import StoredDue, register_deadline_kinds, register_due
from jiandu.intake import rules
from jiandu.intake.models import Report, ReportDeadline, ReportDeadlineKind, ReportStatus
from jiandu.intake.services import _received_date

# Jurisdiction within 5 working days of receipt ([条例] 169; [检举控告规则] 15–16).
register_due(
    StoredDue(
        key="intake.report.jurisdiction_due",
        label="管辖决定期限",
        model=Report,
        recompute=lambda r: calendar.add_working_days(_received_date(r.received_at), 5),
        open=Q(status=ReportStatus.REGISTERED, jurisdiction_due__isnull=False),
        due_field="jurisdiction_due",
        provisional_field="jurisdiction_due_provisional",
    )
)
# The named reporter is told of acceptance within 15 working days ([检举控告规则] 26).
register_due(
    StoredDue(
        key="intake.report.ack_due",
        label="受理告知期限",
        model=Report,
        recompute=lambda r: calendar.add_working_days(_received_date(r.received_at), 15),
        open=Q(ack_due__isnull=False, ack_sent_on__isnull=True),
        due_field="ack_due",
        provisional_field="ack_due_provisional",
    )
)
# ... and of the result within 15 working days of closing ([检举控告规则] 27).
register_due(
    StoredDue(
        key="intake.report.result_due",
        label="结果告知期限",
        model=Report,
        recompute=lambda r: calendar.add_working_days(r.closed_on, 15) if r.closed_on else None,
        open=Q(result_due__isnull=False, result_sent_on__isnull=True),
        due_field="result_due",
        provisional_field="result_due_provisional",
    )
)
# A report assigned from above: 3 months from its receipt, 6 once extended, both counted
# from the receipt ([检举控告规则] 21). A 督办's reply date is the one the higher body
# set, a fixed date never recomputed (``None``: left as it is).
register_deadline_kinds(
    ReportDeadline,
    {
        ReportDeadlineKind.ASSIGNMENT: lambda d: rules.assignment_due(
            d.report.assignment.received_on, extended=d.report.assignment.extended
        ),
        ReportDeadlineKind.SUPERVISION: lambda d: None,
    },
    owner="report",
)
