"""The rectification ledger's filter set, shared by the page, the export and the API."""

from __future__ import annotations

import django_filters
from django.db.models import Q
from django.utils import timezone

from jiandu.core.filters import StyledFilterSet
from jiandu.inspections import rules
from jiandu.inspections.models import FindingCategory, ItemStatus, RectificationItem


class ItemFilter(StyledFilterSet):
    q = django_filters.CharFilter(label="问题、措施或责任人", method="filter_q")
    round = django_filters.NumberFilter(label="巡察轮次", field_name="finding__target__round_id")
    target = django_filters.NumberFilter(label="被巡察单位", field_name="finding__target_id")
    unit = django_filters.NumberFilter(
        label="被巡察单位（单位）", field_name="finding__target__unit_id"
    )
    responsible_unit = django_filters.NumberFilter(
        label="责任单位", field_name="responsible_unit_id"
    )
    status = django_filters.MultipleChoiceFilter(label="状态", choices=ItemStatus.choices)
    category = django_filters.ChoiceFilter(
        label="问题类别", field_name="finding__category", choices=FindingCategory.choices
    )
    immediate = django_filters.BooleanFilter(label="立行立改")
    overdue = django_filters.BooleanFilter(label="逾期未完成", method="filter_overdue")
    unit_tree = django_filters.NumberFilter(
        label="被巡察单位（含下级单位）", method="filter_unit_tree"
    )
    round_year = django_filters.NumberFilter(
        label="巡察年度", field_name="finding__target__round__year"
    )

    class Meta:
        model = RectificationItem
        fields = [
            "q",
            "round",
            "target",
            "unit",
            "responsible_unit",
            "status",
            "category",
            "immediate",
            "overdue",
            "unit_tree",
            "round_year",
        ]

    def filter_q(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(finding__description__contains=value)
            | Q(measures__contains=value)
            | Q(responsible_person__contains=value)
        )

    def filter_unit_tree(self, queryset, name, value):
        from jiandu.org.tree import unit_subtree

        if value is None:
            return queryset
        return queryset.filter(finding__target__unit_id__in=list(unit_subtree(int(value))))

    def filter_overdue(self, queryset, name, value):
        if value is None:
            return queryset
        late = Q(status__in=list(rules.OPEN_STATES), deadline__lt=timezone.localdate())
        return queryset.filter(late) if value else queryset.exclude(late)
