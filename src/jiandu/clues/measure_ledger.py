"""The 第一种形态处理 ledger: first-form measures decided when a clue is concluded
(``FirstFormMeasure``), scoped by the clue's units like the clue ledger
(``core.ledger``). The four forms' clue-stage part drills down to it
(``clues.first_form_measures`` in ``clues.figures``)."""

from __future__ import annotations

from typing import Any

import django_filters
import django_tables2 as tables
from django.db.models import QuerySet
from django.utils.html import format_html

from jiandu.clues.models import FirstFormMeasure, FirstFormMeasureKind
from jiandu.core.filters import StyledFilterSet
from jiandu.core.ledger import SERIAL, ExportColumn, Ledger, export_view, ledger_view
from jiandu.core.tables import CnDateColumn, LedgerTable

NOWRAP = {"td": {"class": "text-nowrap"}}


def measure_list(*, user: Any, filters: dict | None = None) -> QuerySet[FirstFormMeasure]:
    qs = (
        FirstFormMeasure.objects.visible_to(user)
        .select_related("clue__handling_unit")
        .order_by("-decided_on", "-id")
    )
    return MeasureFilter(filters or {}, queryset=qs).qs


class MeasureFilter(StyledFilterSet):
    q = django_filters.CharFilter(label="姓名或线索编号", method="filter_q")
    kind = django_filters.ChoiceFilter(label="措施", choices=FirstFormMeasureKind.choices)
    decided_from = django_filters.DateFilter(
        label="决定日期起", field_name="decided_on", lookup_expr="gte"
    )
    decided_to = django_filters.DateFilter(
        label="决定日期止", field_name="decided_on", lookup_expr="lte"
    )

    class Meta:
        model = FirstFormMeasure
        fields = ["q", "kind", "decided_from", "decided_to"]

    def filter_q(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(person_name__contains=value) | queryset.filter(
            clue__number__iexact=value
        )


class MeasureTable(LedgerTable):
    decided_on = CnDateColumn(verbose_name="决定日期", orderable=True)
    person_name = tables.Column(verbose_name="姓名", attrs=NOWRAP)
    kind = tables.Column(verbose_name="措施", attrs=NOWRAP)
    clue = tables.Column(verbose_name="线索编号", attrs=NOWRAP)
    unit = tables.Column(verbose_name="承办单位", accessor="clue__handling_unit__name")
    note = tables.Column(verbose_name="说明")

    class Meta(LedgerTable.Meta):
        model = FirstFormMeasure
        fields = ()
        attrs = {**LedgerTable.Meta.attrs, "data-testid": "measure-table"}
        row_attrs = {"data-testid": "measure-row"}

    def render_clue(self, value: Any) -> str:
        return format_html('<a href="{}">{}</a>', value.get_absolute_url(), value.number)


COLUMNS = [
    ExportColumn("序号", SERIAL, width=6),
    ExportColumn("决定日期", lambda m: m.decided_on, width=12),
    ExportColumn("姓名", lambda m: m.person_name, width=12),
    ExportColumn("措施", lambda m: m.get_kind_display(), width=12),
    ExportColumn("线索编号", lambda m: m.clue.number, width=15),
    ExportColumn(
        "承办单位",
        lambda m: m.clue.handling_unit.name if m.clue.handling_unit_id else "",
        width=18,
    ),
    ExportColumn("说明", lambda m: m.note, width=30),
]

MEASURE_LEDGER = Ledger(
    selector=measure_list,
    filterset=MeasureFilter,
    table=MeasureTable,
    template="clues/measure_list.html",
    nav_key="clues",
    filter_fields=("q", "kind", "decided_from", "decided_to"),
    target="measure-table",
    empty_title="没有找到第一种形态处理",
    empty_hint="线索谈话函询或初步核实了结时决定的第一种形态处理在此列出。",
    export_columns=COLUMNS,
    export_sheet="第一种形态处理",
    export_filename="first-form-{date}.xlsx",
    export_capability="clues.export",
)
measure_list_view = ledger_view(MEASURE_LEDGER, capability="clues.view")
measure_export = export_view(MEASURE_LEDGER, capability="clues.export")
