"""The inspection ledgers' tables (rounds, rectification items) and the item status
badges."""

from __future__ import annotations

from typing import Any

import django_tables2 as tables
from django.template.defaultfilters import truncatechars
from django.urls import reverse
from django.utils.html import format_html

from jiandu.core.badges import Badges
from jiandu.core.formatting import cn_date
from jiandu.core.tables import BadgeColumn, CnDateColumn, LedgerTable, LinkColumn
from jiandu.inspections.models import InspectionRound, ItemStatus, RectificationItem

STATUS_BADGES = Badges(
    ItemStatus,
    {
        ItemStatus.NOT_STARTED: "bg-secondary-lt",
        ItemStatus.IN_PROGRESS: "bg-blue-lt",
        ItemStatus.DONE: "bg-purple-lt",
        ItemStatus.CLOSED: "bg-green-lt",
        ItemStatus.LONG_TERM: "bg-teal-lt",
    },
)
NOWRAP = {"td": {"class": "text-nowrap"}}


class RoundTable(LedgerTable):
    name = LinkColumn(
        "inspections:round_detail", verbose_name="轮次", testid="round-link", attrs={}
    )
    kind = tables.Column(verbose_name="类型")
    started_on = CnDateColumn(verbose_name="开始日期")
    target_count = tables.Column(verbose_name="被巡察单位")

    class Meta(LedgerTable.Meta):
        model = InspectionRound
        fields = ()
        attrs = {"class": "table card-table table-vcenter", "data-testid": "round-table"}
        row_attrs = {"data-testid": "round-row"}

    def render_kind(self, record: InspectionRound) -> str:
        return record.get_kind_display()

    def render_target_count(self, value: int) -> str:
        return f"{value}个"


class ItemTable(LedgerTable):
    target = tables.TemplateColumn(
        template_name="inspections/partials/_item_target.html",
        verbose_name="被巡察单位",
        orderable=True,
        order_by=("finding__target__unit__name", "seq"),
    )
    seq = tables.Column(verbose_name="序号", attrs={"th": {"class": "w-1"}})
    description = tables.Column(
        verbose_name="问题",
        accessor="finding__description",
        attrs={"td": {"class": "text-secondary"}},
    )
    measures = tables.Column(verbose_name="整改措施")
    responsible_unit = tables.Column(verbose_name="责任单位", accessor="responsible_unit__name")
    responsible_person = tables.Column(verbose_name="责任人", attrs=NOWRAP)
    deadline = tables.Column(verbose_name="完成时限", empty_values=(), orderable=True)
    status = BadgeColumn(STATUS_BADGES, verbose_name="状态", orderable=True)

    class Meta(LedgerTable.Meta):
        model = RectificationItem
        fields = ()
        attrs = {**LedgerTable.Meta.attrs, "data-testid": "ledger-table"}
        row_attrs = {"data-testid": "ledger-row"}

    def render_description(self, value: str) -> Any:
        return format_html('<span title="{}">{}</span>', value, truncatechars(value, 30))

    def render_measures(self, value: str, record: RectificationItem) -> Any:
        return format_html(
            '<a href="{}">{}</a>',
            reverse("inspections:item_detail", args=(record.pk,)),
            truncatechars(value, 40),
        )

    def render_deadline(self, record: RectificationItem) -> Any:
        css = "text-nowrap text-danger fw-bold" if record.overdue else "text-nowrap"
        return format_html(
            '<span class="{}" data-overdue="{}">{}</span>',
            css,
            "1" if record.overdue else "0",
            cn_date(record.deadline),
        )
