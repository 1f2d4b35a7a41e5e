"""The hit list's filters, shared by the page, the export and the API."""

from __future__ import annotations

import django_filters
from django.db.models import Q

from jiandu.core.filters import StyledFilterSet
from jiandu.crosscheck.models import Hit, HitStatus, Severity


def _rule_choices() -> list[tuple[str, str]]:
    from jiandu.crosscheck.engine.rules import load_rules

    return [(r.code, f"{r.code} {r.name}") for r in load_rules()]


class HitFilter(StyledFilterSet):
    q = django_filters.CharFilter(label="当事人、身份证号或摘要", method="filter_q")
    rule = django_filters.ChoiceFilter(label="规则", field_name="rule_code", choices=_rule_choices)
    status = django_filters.ChoiceFilter(label="研判状态", choices=HitStatus.choices)
    severity = django_filters.ChoiceFilter(label="风险等级", choices=Severity.choices)
    new_in = django_filters.NumberFilter(label="首次发现于第N次比对", field_name="first_run_id")
    seen_in = django_filters.NumberFilter(label="第N次比对发现", field_name="last_run_id")
    unit = django_filters.NumberFilter(label="单位", field_name="subject_unit_id")
    name_only = django_filters.BooleanFilter(label="仅姓名匹配", method="filter_name_only")
    unit_tree = django_filters.NumberFilter(label="单位（含下级单位）", method="filter_unit_tree")
    decided_from = django_filters.DateFilter(
        label="研判日期起", field_name="decided_at", lookup_expr="date__gte"
    )
    decided_to = django_filters.DateFilter(
        label="研判日期止", field_name="decided_at", lookup_expr="date__lte"
    )

    class Meta:
        model = Hit
        fields = [
            "q",
            "rule",
            "status",
            "severity",
            "new_in",
            "seen_in",
            "unit",
            "name_only",
            "unit_tree",
            "decided_from",
            "decided_to",
        ]

    def filter_q(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(subject_name__contains=value)
            | Q(subject_citizen_id=value.upper())
            | Q(summary__contains=value)
        )

    def filter_unit_tree(self, queryset, name, value):
        from jiandu.org.tree import unit_subtree

        if value is None:
            return queryset
        return queryset.filter(subject_unit_id__in=list(unit_subtree(int(value))))

    def filter_name_only(self, queryset, name, value):
        if value is None:
            return queryset
        return queryset.filter(confidence__lt=1) if value else queryset.filter(confidence__gte=1)
