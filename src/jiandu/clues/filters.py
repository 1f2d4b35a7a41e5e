"""The clue ledger's filter set, shared by the page, the export and the API."""

from __future__ import annotations

import django_filters
from django.db.models import Q
from django.utils import timezone

from jiandu.clues.models import (
    Clarification,
    Clue,
    ClueDeadline,
    ClueSource,
    ClueStatus,
    Disposition,
    FalseAccusation,
)
from jiandu.core.filters import StyledFilterSet
from jiandu.core.models import ProblemCategory


class ClueFilter(StyledFilterSet):
    q = django_filters.CharFilter(label="编号、被反映人或问题", method="filter_q")
    handling_unit = django_filters.NumberFilter(label="承办单位", field_name="handling_unit_id")
    source = django_filters.ChoiceFilter(label="线索来源", choices=ClueSource.choices)
    status = django_filters.MultipleChoiceFilter(label="状态", choices=ClueStatus.choices)
    disposition = django_filters.ChoiceFilter(label="处置方式", choices=Disposition.choices)
    category = django_filters.ModelChoiceFilter(
        label="问题类别",
        field_name="categories",
        queryset=ProblemCategory.objects.all(),
        to_field_name="code",
    )
    overdue = django_filters.BooleanFilter(label="已超期", method="filter_overdue")
    received_from = django_filters.DateFilter(
        label="收到日期起", field_name="received_on", lookup_expr="gte"
    )
    received_to = django_filters.DateFilter(
        label="收到日期止", field_name="received_on", lookup_expr="lte"
    )
    subject = django_filters.NumberFilter(label="被反映人（干部）", field_name="subject_cadre_id")
    subject_unit = django_filters.NumberFilter(
        label="被反映人单位（含下级单位）", method="filter_subject_unit"
    )
    measure_from = django_filters.DateFilter(
        label="第一种形态处理日期起", method="filter_measure_on"
    )
    measure_to = django_filters.DateFilter(label="第一种形态处理日期止", method="filter_measure_on")
    clearing = django_filters.ChoiceFilter(
        label="澄清正名与诬告陷害",
        choices=[
            ("clarification", "有澄清正名"),
            ("cleared", "已澄清正名"),
            ("false_accusation", "有诬告陷害查处"),
            ("false_accusation_approved", "已认定诬告陷害"),
        ],
        method="filter_clearing",
    )
    ordering = django_filters.OrderingFilter(
        fields=(("received_on", "received_on"), ("number", "number"), ("status", "status")),
        field_labels={"received_on": "收到日期", "number": "编号", "status": "状态"},
        label="排序",
    )

    class Meta:
        model = Clue
        fields = [
            "q",
            "handling_unit",
            "source",
            "status",
            "disposition",
            "category",
            "overdue",
            "received_from",
            "received_to",
            "subject",
            "subject_unit",
            "measure_from",
            "measure_to",
            "clearing",
        ]

    def filter_q(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(number__iexact=value) | Q(subject_name__contains=value) | Q(summary__contains=value)
        )

    def filter_subject_unit(self, queryset, name, value):
        from jiandu.org.tree import unit_subtree

        if value is None:
            return queryset
        return queryset.filter(subject_unit_id__in=list(unit_subtree(int(value))))

    def filter_measure_on(self, queryset, name, value):
        """Clues with a first-form measure decided between ``measure_from`` and
        ``measure_to`` (one measure within both dates; applying it for each of the two
        is the same filter twice)."""
        from jiandu.clues.models import FirstFormMeasure

        if value is None:
            return queryset
        data = self.form.cleaned_data
        lo, hi = data.get("measure_from"), data.get("measure_to")
        rows = FirstFormMeasure.objects.all()
        if lo:
            rows = rows.filter(decided_on__gte=lo)
        if hi:
            rows = rows.filter(decided_on__lte=hi)
        return queryset.filter(pk__in=rows.values("clue_id"))

    def filter_overdue(self, queryset, name, value):
        if value is None:
            return queryset
        # A non-correlated IN: the running, late deadlines are few and indexed by
        # (met_on, due_on); a correlated EXISTS made SQLite probe them once per clue.
        late = ClueDeadline.objects.filter(
            met_on__isnull=True, due_on__lt=timezone.localdate()
        ).values("clue_id")
        return queryset.filter(pk__in=late) if value else queryset.exclude(pk__in=late)

    def filter_clearing(self, queryset, name, value):
        """Clues with a 澄清正名 or 诬告陷害 process ([检举控告规则] 50, 39): any, or one
        carried out (澄清) / approved by the higher body (认定)."""
        rows = {
            "clarification": Clarification.objects.all(),
            "cleared": Clarification.objects.filter(status__in=("carried_out", "closed")),
            "false_accusation": FalseAccusation.objects.all(),
            "false_accusation_approved": FalseAccusation.objects.filter(
                status__in=("approved", "followed_up", "closed")
            ),
        }.get(value)
        if rows is None:
            return queryset
        return queryset.filter(pk__in=rows.values("clue_id"))
