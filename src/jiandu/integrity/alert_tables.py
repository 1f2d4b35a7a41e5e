"""The alert ledger's table, badges and Excel columns."""

from __future__ import annotations

from typing import Any

import django_tables2 as tables
from django.urls import reverse
from django.utils.html import format_html

from jiandu.core.badges import Badges
from jiandu.core.ledger import SERIAL, ExportColumn
from jiandu.core.tables import BadgeColumn, CnDateColumn, LedgerTable
from jiandu.integrity.models import Alert, AlertStatus

STATUS_BADGES = Badges(
    AlertStatus,
    {
        AlertStatus.OPEN: "bg-orange-lt",
        AlertStatus.TALKED: "bg-green-lt",
        AlertStatus.FOCUS: "bg-blue-lt",
        AlertStatus.DISMISSED: "bg-secondary-lt",
    },
)
NOWRAP = {"td": {"class": "text-nowrap"}}


class AlertTable(LedgerTable):
    kind = tables.Column(verbose_name="提示类别", attrs=NOWRAP, orderable=True)
    cadre = tables.Column(verbose_name="干部", accessor="cadre__name", attrs=NOWRAP, orderable=True)
    unit = tables.Column(verbose_name="单位", accessor="unit__name", orderable=True)
    reason = tables.Column(verbose_name="提示原因", attrs={"td": {"style": "min-width: 16rem"}})
    raised_on = CnDateColumn(verbose_name="提示日期", orderable=True)
    status = BadgeColumn(STATUS_BADGES, verbose_name="状态", testid="alert-status", orderable=True)

    class Meta(LedgerTable.Meta):
        model = Alert
        fields = ()
        attrs = {**LedgerTable.Meta.attrs, "data-testid": "alert-table"}
        row_attrs = {"data-testid": "alert-row", "data-kind": lambda record: record.kind}

    def render_kind(self, record: Alert) -> Any:
        return format_html(
            '<a href="{}" data-testid="alert-link">{}</a>',
            reverse("integrity:alert_detail", args=(record.pk,)),
            record.get_kind_display(),
        )


SHEET = "廉政风险提示"
FILENAME = "integrity-alerts-{date}.xlsx"
EXPORT_COLUMNS = [
    ExportColumn("序号", SERIAL, width=6),
    ExportColumn("提示类别", lambda a: a.get_kind_display(), width=22),
    ExportColumn("干部", lambda a: a.cadre.name, width=10),
    ExportColumn("单位", lambda a: a.unit.name if a.unit_id else "", width=22),
    ExportColumn("提示原因", lambda a: a.reason, width=60, wrap=True),
    ExportColumn("提示日期", lambda a: a.raised_on, width=12),
    ExportColumn("状态", lambda a: a.get_status_display(), width=12),
    ExportColumn("处理日期", lambda a: a.handled_on, width=12),
    ExportColumn("处理说明", lambda a: a.handling_note, width=40, wrap=True),
]
