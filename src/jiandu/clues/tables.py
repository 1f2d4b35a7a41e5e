"""The clue ledger's table and the clue status badges."""

from __future__ import annotations

from typing import Any

import django_tables2 as tables
from django.template.defaultfilters import truncatechars
from django.utils.html import format_html

from jiandu.clues.models import Clue, ClueStatus
from jiandu.core.badges import Badges
from jiandu.core.tables import BadgeColumn, CnDateColumn, LedgerTable, LinkColumn

STATUS_BADGES = Badges(
    ClueStatus,
    {
        ClueStatus.REGISTERED: "bg-blue-lt",
        ClueStatus.ROUTING_PROPOSED: "bg-purple-lt",
        ClueStatus.ASSIGNED: "bg-purple-lt",
        ClueStatus.ACCEPTED: "bg-orange-lt",
        ClueStatus.DISPOSITION_PROPOSED: "bg-purple-lt",
        ClueStatus.INQUIRY: "bg-cyan-lt",
        ClueStatus.VERIFICATION: "bg-cyan-lt",
        ClueStatus.SHELVED: "bg-secondary-lt",
        ClueStatus.PENDING_CASE: "bg-red-lt",
        ClueStatus.CASE_FILED: "bg-red-lt",
        ClueStatus.TRANSFERRED: "bg-green-lt",
        ClueStatus.CLOSED: "bg-green-lt",
    },
)


class ClueTable(LedgerTable):
    number = LinkColumn(
        "clues:clue_detail", verbose_name="线索编号", testid="clue-link", orderable=True
    )
    received_on = CnDateColumn(verbose_name="收到日期", orderable=True)
    source = tables.Column(verbose_name="来源", attrs={"td": {"style": "min-width: 5rem"}})
    subject_name = tables.Column(verbose_name="被反映人", attrs={"td": {"class": "text-nowrap"}})
    subject_post = tables.Column(
        verbose_name="单位职务", empty_values=(), attrs={"td": {"style": "min-width: 8rem"}}
    )
    summary = tables.Column(
        verbose_name="主要问题",
        attrs={"td": {"class": "text-secondary", "style": "min-width: 10rem"}},
    )
    handling_unit = tables.Column(
        verbose_name="承办单位",
        accessor="handling_unit__name",
        attrs={"td": {"style": "min-width: 6rem"}},
    )
    status = BadgeColumn(STATUS_BADGES, verbose_name="状态", orderable=True)
    disposition = tables.Column(verbose_name="处置方式", attrs={"td": {"class": "text-nowrap"}})
    next_deadline = tables.TemplateColumn(
        template_name="clues/partials/_next_deadline.html",
        verbose_name="下一时限",
        empty_values=(),
        attrs={"td": {"class": "text-nowrap", "data-testid": "next-deadline"}},
    )
    report_upward = tables.Column(
        verbose_name="报上级",
        empty_values=(),
        attrs={"th": {"title": "需向上级纪委监委报告"}},
    )

    class Meta(LedgerTable.Meta):
        model = Clue
        fields = ()
        attrs = {**LedgerTable.Meta.attrs, "data-testid": "clue-table"}
        row_attrs = {"data-testid": "clue-row"}

    def render_source(self, record: Clue) -> str:
        return record.get_source_display()

    def render_subject_post(self, record: Clue) -> str:
        unit = record.subject_unit.name if record.subject_unit else ""
        return f"{unit}{record.subject_title}"

    def render_summary(self, value: str) -> str:
        return format_html('<span title="{}">{}</span>', value, truncatechars(value, 36))

    def render_disposition(self, record: Clue) -> str:
        return record.get_disposition_display()

    def render_report_upward(self, record: Clue) -> Any:
        if not record.report_upward:
            return ""
        return format_html(
            '<span class="badge bg-red-lt" title="{}" data-testid="upward-flag">需报告</span>',
            record.report_upward_reason,
        )
