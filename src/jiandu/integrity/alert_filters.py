"""The alert list's filters, shared by the page, the export and the API."""

from __future__ import annotations

import django_filters
from django.db.models import Q

from jiandu.core.filters import StyledFilterSet
from jiandu.integrity.models import Alert, AlertKind, AlertStatus


class AlertFilter(StyledFilterSet):
    q = django_filters.CharFilter(label="干部姓名或提示原因", method="filter_q")
    kind = django_filters.ChoiceFilter(label="提示类别", choices=AlertKind.choices)
    status = django_filters.ChoiceFilter(label="状态", choices=AlertStatus.choices)
    unit = django_filters.NumberFilter(label="单位", field_name="unit_id")
    cadre = django_filters.NumberFilter(label="干部", field_name="cadre_id")
    raised_from = django_filters.DateFilter(
        label="提示日期起", field_name="raised_on", lookup_expr="gte"
    )
    raised_to = django_filters.DateFilter(
        label="提示日期止", field_name="raised_on", lookup_expr="lte"
    )

    class Meta:
        model = Alert
        fields = ["q", "kind", "status", "unit", "cadre", "raised_from", "raised_to"]

    def filter_q(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(cadre__name__contains=value) | Q(reason__contains=value))
