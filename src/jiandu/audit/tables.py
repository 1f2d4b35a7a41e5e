"""The audit log's table."""

from __future__ import annotations

from typing import Any

import django_tables2 as tables
from django.utils.html import format_html

from jiandu.audit.models import Event
from jiandu.core.formatting import cn_datetime
from jiandu.core.labels import action_label, object_label
from jiandu.core.tables import LedgerTable

NOWRAP = {"td": {"class": "text-nowrap"}}


class EventTable(LedgerTable):
    seq = tables.Column(verbose_name="序号")
    created_at = tables.Column(verbose_name="时间", attrs=NOWRAP)
    actor_name = tables.Column(verbose_name="操作人", attrs=NOWRAP, default="")
    unit = tables.Column(verbose_name="单位", attrs=NOWRAP, default="")
    action = tables.Column(verbose_name="操作")
    object_repr = tables.Column(verbose_name="对象", default="")
    change = tables.Column(verbose_name="状态变化", empty_values=(), accessor="pk")
    reason = tables.Column(verbose_name="理由", default="")

    class Meta(LedgerTable.Meta):
        model = Event
        fields = ()
        attrs = {"class": "table card-table table-vcenter"}

    def render_created_at(self, value: Any) -> str:
        return cn_datetime(value)

    def render_action(self, value: str) -> Any:
        return format_html(
            '{}<div class="small text-secondary">{}</div>', action_label(value), object_label(value)
        )

    def render_change(self, record: Event) -> str:
        if record.from_state or record.to_state:
            return f"{record.from_state} → {record.to_state}"
        return ""
