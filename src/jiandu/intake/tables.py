"""The report register's tables: reports, and identity-access requests."""

from __future__ import annotations

from typing import Any

import django_tables2 as tables
from django.template.defaultfilters import truncatechars
from django.urls import reverse
from django.utils.html import format_html

from jiandu.core.formatting import cn_date, cn_datetime
from jiandu.core.tables import CnDateColumn, LedgerTable
from jiandu.intake.models import IdentityAccessRequest, Report, ReportStatus

NOWRAP = {"td": {"class": "text-nowrap"}}


class ReportTable(LedgerTable):
    number = tables.Column(verbose_name="编号", attrs=NOWRAP, orderable=True)
    received_at = CnDateColumn(verbose_name="收到时间", orderable=True)
    channel = tables.Column(verbose_name="渠道", attrs=NOWRAP)
    is_named = tables.Column(verbose_name="实名", empty_values=())
    subjects = tables.Column(verbose_name="被反映人", empty_values=(), accessor="pk")
    content = tables.Column(
        verbose_name="反映内容", attrs={"td": {"class": "text-wrap", "style": "max-width: 28rem"}}
    )
    status = tables.Column(verbose_name="状态", attrs=NOWRAP, orderable=True)
    jurisdiction_due = tables.Column(
        verbose_name="管辖期限", empty_values=(), attrs=NOWRAP, orderable=True
    )
    assignment = tables.Column(verbose_name="上级交办", empty_values=(), accessor="pk")

    class Meta(LedgerTable.Meta):
        model = Report
        fields = ()
        attrs = {"class": "table card-table table-vcenter", "data-testid": "report-table"}

    def render_number(self, value: str, record: Report) -> Any:
        link = format_html(
            '<a href="{}" data-testid="report-link">{}</a>',
            reverse("intake:report_detail", args=(record.pk,)),
            value,
        )
        if record.duplicate_of_id:
            return format_html('{} <span class="badge bg-secondary-lt">重复件</span>', link)
        return link

    def render_channel(self, record: Report) -> str:
        return record.get_channel_display()

    def render_is_named(self, value: bool) -> str:
        return "实名" if value else "匿名"

    def render_subjects(self, record: Report) -> str:
        names = [s.name for s in record.subjects.all()]
        return "、".join(names) if names else (record.subject_text or "—")

    def render_content(self, value: str) -> str:
        return truncatechars(value, 60)

    def render_status(self, record: Report) -> str:
        return record.get_status_display()

    def render_assignment(self, record: Report) -> str:
        """The assigning body and the report-upward date or limit ([检举控告规则] 21)."""
        assignment = getattr(record, "assignment", None)
        if assignment is None:
            return "—"
        if assignment.result_reported_on:
            return f"{assignment.assigning_body}；{cn_date(assignment.result_reported_on)}已报送"
        due = min((d.due_on for d in record.deadlines.all() if d.met_on is None), default=None)
        return (
            f"{assignment.assigning_body}；{cn_date(due)}前报送"
            if due
            else assignment.assigning_body
        )

    def render_jurisdiction_due(self, record: Report) -> str:
        if record.status == ReportStatus.REGISTERED and record.jurisdiction_due:
            return cn_date(record.jurisdiction_due)
        return "—"


class IdentityRequestTable(LedgerTable):
    report = tables.Column(verbose_name="信访件", accessor="report__number")
    requester = tables.Column(verbose_name="申请人", attrs={"td": {}})
    created_at = tables.Column(verbose_name="申请时间")
    display_status = tables.Column(verbose_name="状态", empty_values=())
    decided_by = tables.Column(verbose_name="审批人", default="—")

    class Meta(LedgerTable.Meta):
        model = IdentityAccessRequest
        fields = ()
        attrs = {"class": "table card-table table-vcenter", "data-testid": "identity-request-table"}

    def render_report(self, value: str, record: IdentityAccessRequest) -> Any:
        return format_html(
            '<a href="{}">{}</a>', reverse("intake:report_detail", args=(record.report_id,)), value
        )

    def render_created_at(self, value: Any) -> str:
        return cn_datetime(value)
