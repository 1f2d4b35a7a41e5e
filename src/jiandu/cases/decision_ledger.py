"""The 处理决定台账 (one row per decision on one person: its measures, four form and
date) and the 挽回经济损失台账 (one row per recorded recovery): ledgers of the case
register scoped by the case's units, like the case ledger (``core.ledger``). The
statistics' sanction and recovery figures drill down to them (``cases.figures``)."""

from __future__ import annotations

from typing import Any

import django_filters
import django_tables2 as tables
from django.db.models import Exists, OuterRef, Prefetch, QuerySet
from django.urls import reverse
from django.utils.html import format_html

from jiandu.cases.models import Decision, DecisionMeasure, Recovery
from jiandu.cases.rules import FORM_LABELS, Measure, four_form
from jiandu.core.filters import StyledFilterSet
from jiandu.core.formatting import money
from jiandu.core.ledger import SERIAL, ExportColumn, Ledger, export_view, ledger_view
from jiandu.core.tables import CnDateColumn, LedgerTable
from jiandu.org.models import Rank

NOWRAP = {"td": {"class": "text-nowrap"}}

# --- selectors ---------------------------------------------------------------------------------


def _rank_label(rank: str) -> str:
    """The register's label of a rank (职级), as recorded on the track."""
    return str(dict(Rank.choices).get(rank, rank))


def decision_list(*, user: Any, filters: dict | None = None) -> QuerySet[Decision]:
    qs = (
        Decision.objects.visible_to(user)
        .select_related("person__case__lead_unit", "person__unit", "changes")
        .prefetch_related(Prefetch("measures", queryset=DecisionMeasure.objects.order_by("id")))
        .order_by("-decided_on", "-id")
    )
    return DecisionFilter(filters or {}, queryset=qs).qs


def recovery_list(*, user: Any, filters: dict | None = None) -> QuerySet[Recovery]:
    qs = (
        Recovery.objects.visible_to(user)
        .select_related("case__lead_unit", "person")
        .order_by("-recovered_on", "-id")
    )
    return RecoveryFilter(filters or {}, queryset=qs).qs


# --- filters -----------------------------------------------------------------------------------


class DecisionFilter(StyledFilterSet):
    q = django_filters.CharFilter(label="案件编号或姓名", method="filter_q")
    measure = django_filters.ChoiceFilter(
        label="处分或措施", choices=Measure.choices, method="filter_measure"
    )
    decided_from = django_filters.DateFilter(
        label="决定日期起", field_name="decided_on", lookup_expr="gte"
    )
    decided_to = django_filters.DateFilter(
        label="决定日期止", field_name="decided_on", lookup_expr="lte"
    )

    class Meta:
        model = Decision
        fields = ["q", "measure", "decided_from", "decided_to"]

    def filter_q(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(person__name__contains=value) | queryset.filter(
            person__case__number__iexact=value
        )

    def filter_measure(self, queryset, name, value):
        if not value:
            return queryset
        rows = DecisionMeasure.objects.filter(decision=OuterRef("pk"), measure=value)
        return queryset.filter(Exists(rows))


class RecoveryFilter(StyledFilterSet):
    q = django_filters.CharFilter(label="案件编号或姓名", method="filter_q")
    recovered_from = django_filters.DateFilter(
        label="日期起", field_name="recovered_on", lookup_expr="gte"
    )
    recovered_to = django_filters.DateFilter(
        label="日期止", field_name="recovered_on", lookup_expr="lte"
    )

    class Meta:
        model = Recovery
        fields = ["q", "recovered_from", "recovered_to"]

    def filter_q(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(person__name__contains=value) | queryset.filter(
            case__number__iexact=value
        )


# --- tables ------------------------------------------------------------------------------------


def _case_link(case: Any) -> str:
    return format_html(
        '<a href="{}">{}</a>', reverse("cases:case_detail", args=(case.pk,)), case.number
    )


def _codes(decision: Decision) -> list[str]:
    return [m.measure for m in decision.measures.all()]


def measures_text(decision: Decision) -> str:
    return "、".join(Measure(c).label for c in _codes(decision))


def form_text(decision: Decision) -> str:
    form = four_form(_codes(decision))
    return FORM_LABELS.get(form, "") if form else ""


class DecisionTable(LedgerTable):
    decided_on = CnDateColumn(verbose_name="决定日期", orderable=True)
    case = tables.Column(verbose_name="案件编号", accessor="person__case", attrs=NOWRAP)
    person = tables.Column(verbose_name="被处理人", accessor="person__name", attrs=NOWRAP)
    measures = tables.Column(verbose_name="处分和处理", empty_values=())
    form = tables.Column(verbose_name="四种形态", empty_values=(), attrs=NOWRAP)
    lead_unit = tables.Column(verbose_name="主办单位", accessor="person__case__lead_unit__name")
    changes = tables.Column(verbose_name="说明", empty_values=())

    class Meta(LedgerTable.Meta):
        model = Decision
        fields = ()
        attrs = {**LedgerTable.Meta.attrs, "data-testid": "decision-table"}
        row_attrs = {"data-testid": "decision-row"}

    def render_case(self, value: Any) -> str:
        return _case_link(value)

    def render_measures(self, record: Decision) -> str:
        return measures_text(record)

    def render_form(self, record: Decision) -> str:
        return form_text(record)

    def render_changes(self, record: Decision) -> str:
        parts = []
        if record.changes_id:
            parts.append("申诉（复审复核）变更的决定")
        if record.superseded:
            parts.append("已被申诉（复审复核）变更")
        return "；".join(parts) or "—"


class RecoveryTable(LedgerTable):
    recovered_on = CnDateColumn(verbose_name="日期", orderable=True)
    case = tables.Column(verbose_name="案件编号", attrs=NOWRAP)
    person = tables.Column(verbose_name="被审查调查人", accessor="person__name", attrs=NOWRAP)
    amount = tables.Column(verbose_name="金额", attrs=NOWRAP)
    lead_unit = tables.Column(verbose_name="主办单位", accessor="case__lead_unit__name")

    class Meta(LedgerTable.Meta):
        model = Recovery
        fields = ()
        attrs = {**LedgerTable.Meta.attrs, "data-testid": "recovery-table"}
        row_attrs = {"data-testid": "recovery-row"}

    def render_case(self, value: Any) -> str:
        return _case_link(value)

    def render_amount(self, value: Any) -> str:
        return money(value)


# --- the ledgers -------------------------------------------------------------------------------

DECISION_COLUMNS = [
    ExportColumn("序号", SERIAL, width=6),
    ExportColumn("决定日期", lambda d: d.decided_on, width=12),
    ExportColumn("案件编号", lambda d: d.person.case.number, width=15),
    ExportColumn("被处理人", lambda d: d.person.name, width=12),
    ExportColumn("职级", lambda d: _rank_label(d.person.rank), width=12),
    ExportColumn("处分和处理", measures_text, width=30),
    ExportColumn("四种形态", form_text, width=12),
    ExportColumn("主办单位", lambda d: d.person.case.lead_unit.name, width=18),
    ExportColumn("申诉变更", lambda d: "是" if d.changes_id else "", width=8),
]

RECOVERY_COLUMNS = [
    ExportColumn("序号", SERIAL, width=6),
    ExportColumn("日期", lambda r: r.recovered_on, width=12),
    ExportColumn("案件编号", lambda r: r.case.number, width=15),
    ExportColumn("被审查调查人", lambda r: r.person.name, width=12),
    ExportColumn("金额（元）", lambda r: r.amount, width=14, money=True),
    ExportColumn("主办单位", lambda r: r.case.lead_unit.name, width=18),
]

DECISION_LEDGER = Ledger(
    selector=decision_list,
    filterset=DecisionFilter,
    table=DecisionTable,
    template="cases/decision_list.html",
    nav_key="case_decisions",
    filter_fields=("q", "measure", "decided_from", "decided_to"),
    target="decision-table",
    empty_title="没有找到处理决定",
    empty_hint="处理决定由案件审理室在审理后作出，见各案件页面。",
    export_columns=DECISION_COLUMNS,
    export_sheet="处理决定台账",
    export_filename="decisions-{date}.xlsx",
    export_capability="cases.export",
)
RECOVERY_LEDGER = Ledger(
    selector=recovery_list,
    filterset=RecoveryFilter,
    table=RecoveryTable,
    template="cases/recovery_list.html",
    nav_key="case_recoveries",
    filter_fields=("q", "recovered_from", "recovered_to"),
    target="recovery-table",
    empty_title="没有找到挽回经济损失记录",
    empty_hint="追缴金额在作出处理决定或结案时登记。",
    export_columns=RECOVERY_COLUMNS,
    export_sheet="挽回经济损失",
    export_filename="recoveries-{date}.xlsx",
    export_capability="cases.export",
)
decision_list_view = ledger_view(DECISION_LEDGER, capability="cases.view")
decision_export = export_view(DECISION_LEDGER, capability="cases.export")
recovery_list_view = ledger_view(RECOVERY_LEDGER, capability="cases.view")
