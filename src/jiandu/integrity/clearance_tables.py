"""The clearance ledger's table and export columns."""

from __future__ import annotations

from typing import Any

import django_tables2 as tables

from jiandu.core.badges import Badges
from jiandu.core.ledger import SERIAL, ExportColumn
from jiandu.core.tables import BadgeColumn, CnDateColumn, LedgerTable, LinkColumn
from jiandu.integrity import clearance_selectors as sel
from jiandu.integrity.models import ClearancePerson, ClearanceRequest, ClearanceStatus

STATUS_BADGES = Badges(
    ClearanceStatus,
    {
        ClearanceStatus.SUBMITTED: "bg-blue-lt",
        ClearanceStatus.PROPOSED: "bg-cyan-lt",
        ClearanceStatus.AWAITING_APPROVAL: "bg-purple-lt",
        ClearanceStatus.APPROVED: "bg-orange-lt",
        ClearanceStatus.ISSUED: "bg-green-lt",
        ClearanceStatus.REPLIED: "bg-green-lt",
    },
)


class ClearanceTable(LedgerTable):
    number = LinkColumn(
        "integrity:clearance_detail", verbose_name="编号", testid="clearance-link", orderable=True
    )
    asking_body = tables.Column(verbose_name="征求意见单位")
    purpose = tables.Column(verbose_name="事由")
    people_count = tables.Column(verbose_name="人数", attrs={"td": {"class": "text-end"}})
    received_on = CnDateColumn(verbose_name="收到日期", orderable=True)
    due_on = CnDateColumn(verbose_name="回复期限", orderable=True)
    issued_on = CnDateColumn(verbose_name="回复日期")
    days = tables.Column(verbose_name="用时（天）", empty_values=())
    overdue = tables.Column(verbose_name="超期", empty_values=())
    status = BadgeColumn(STATUS_BADGES, verbose_name="状态", orderable=True)

    class Meta(LedgerTable.Meta):
        model = ClearanceRequest
        fields = ()
        attrs = {**LedgerTable.Meta.attrs, "data-testid": "clearance-table"}
        row_attrs = {"data-testid": "clearance-row"}

    def render_purpose(self, record: ClearanceRequest) -> str:
        return record.get_purpose_display()

    def render_days(self, record: ClearanceRequest) -> Any:
        days = sel.days_to_reply(record)
        return "—" if days is None else days

    def render_overdue(self, record: ClearanceRequest) -> str:
        return "超期" if sel.is_overdue(record) else ""


COLUMNS = [
    ExportColumn("序号", SERIAL, width=6),
    ExportColumn("编号", lambda r: r.number, width=16, text=True),
    ExportColumn("征求意见单位", lambda r: r.asking_body, width=24),
    ExportColumn("事由", lambda r: r.get_purpose_display(), width=10),
    ExportColumn("人数", lambda r: r.people_count, width=6),
    ExportColumn("收到日期", lambda r: r.received_on),
    ExportColumn("回复期限", lambda r: r.due_on),
    ExportColumn("回复日期", lambda r: r.issued_on),
    ExportColumn("用时（天）", sel.days_to_reply, width=8),
    ExportColumn("是否超期", lambda r: "超期" if sel.is_overdue(r) else "", width=8),
    ExportColumn("状态", lambda r: r.get_status_display(), width=12),
]


class ClearancePersonTable(LedgerTable):
    """The people of the requests (the statistics' 人次 drill down to it)."""

    number = tables.Column(verbose_name="编号", accessor="request__number", empty_values=())
    name = tables.Column(verbose_name="姓名")
    unit_text = tables.Column(verbose_name="单位职务")
    purpose = tables.Column(verbose_name="事由", accessor="request__purpose", empty_values=())
    received_on = CnDateColumn(verbose_name="收到日期", accessor="request__received_on")
    issued_on = CnDateColumn(verbose_name="回复日期", accessor="request__issued_on")
    answer = tables.Column(verbose_name="回复意见", empty_values=())

    class Meta(LedgerTable.Meta):
        model = ClearancePerson
        fields = ()
        attrs = {**LedgerTable.Meta.attrs, "data-testid": "clearance-person-table"}
        row_attrs = {"data-testid": "clearance-person-row"}

    def render_number(self, record: ClearancePerson) -> Any:
        from django.utils.html import format_html

        return format_html(
            '<a href="{}" data-testid="clearance-link">{}</a>',
            record.request.get_absolute_url(),
            record.request.number,
        )

    def render_purpose(self, record: ClearancePerson) -> str:
        return record.request.get_purpose_display()

    def render_answer(self, record: ClearancePerson) -> str:
        return record.get_answer_display() or "—"
