"""The case ledger's filter set, shared by the page, the export and the API."""

from __future__ import annotations

import django_filters
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from jiandu.cases.models import Case, CaseDeadline, CasePerson, Detention
from jiandu.cases.rules import CaseKind, Stage
from jiandu.core.filters import StyledFilterSet
from jiandu.core.models import ProblemCategory
from jiandu.org.models import Rank


class CaseFilter(StyledFilterSet):
    q = django_filters.CharFilter(label="编号、案由或被审查调查人", method="filter_q")
    stage = django_filters.MultipleChoiceFilter(
        label="阶段", choices=Stage.choices, method="filter_stage"
    )
    kind = django_filters.ChoiceFilter(label="立案方式", choices=CaseKind.choices)
    unit = django_filters.NumberFilter(label="主办或协办单位", method="filter_unit")
    leader = django_filters.NumberFilter(label="包案领导", field_name="leader_id")
    overdue = django_filters.BooleanFilter(label="已超期", method="filter_overdue")
    detention = django_filters.BooleanFilter(label="留置中", method="filter_detention")
    category = django_filters.ModelChoiceFilter(
        label="问题类别",
        field_name="categories",
        queryset=ProblemCategory.objects.all(),
        to_field_name="code",
    )
    rank = django_filters.ChoiceFilter(label="职级", choices=Rank.choices, method="filter_rank")
    filed_from = django_filters.DateFilter(
        label="立案日期起", field_name="filed_on", lookup_expr="gte"
    )
    filed_to = django_filters.DateFilter(
        label="立案日期止", field_name="filed_on", lookup_expr="lte"
    )
    person_unit = django_filters.NumberFilter(
        label="被审查调查人单位（含下级单位）", method="filter_person_unit"
    )
    decided_from = django_filters.DateFilter(label="处理决定日期起", method="filter_decided_on")
    decided_to = django_filters.DateFilter(label="处理决定日期止", method="filter_decided_on")

    class Meta:
        model = Case
        fields = [
            "q",
            "stage",
            "kind",
            "unit",
            "leader",
            "overdue",
            "detention",
            "category",
            "rank",
            "filed_from",
            "filed_to",
            "person_unit",
            "decided_from",
            "decided_to",
        ]

    def filter_q(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        people = CasePerson.objects.filter(case=OuterRef("pk"), name__contains=value)
        return queryset.filter(
            Q(number__iexact=value) | Q(title__contains=value) | Q(Exists(people))
        )

    def filter_stage(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.filter(
            Exists(CasePerson.objects.filter(case=OuterRef("pk"), stage__in=value))
        )

    def filter_unit(self, queryset, name, value):
        if value is None:
            return queryset
        co = Case.co_units.through.objects.filter(case_id=OuterRef("pk"), unit_id=value)
        return queryset.filter(Q(lead_unit_id=value) | Q(Exists(co)))

    def filter_person_unit(self, queryset, name, value):
        """Cases with a person of the unit or of a unit below it."""
        from jiandu.org.tree import unit_subtree

        if value is None:
            return queryset
        units = list(unit_subtree(int(value)))
        return queryset.filter(
            Exists(CasePerson.objects.filter(case=OuterRef("pk"), unit_id__in=units))
        )

    def filter_decided_on(self, queryset, name, value):
        """Cases with a (current) decision made between ``decided_from`` and
        ``decided_to``; the same filter for either date (applied twice, no change)."""
        from jiandu.cases.models import Decision

        if value is None:
            return queryset
        data = self.form.cleaned_data
        rows = Decision.objects.filter(superseded=False)
        if data.get("decided_from"):
            rows = rows.filter(decided_on__gte=data["decided_from"])
        if data.get("decided_to"):
            rows = rows.filter(decided_on__lte=data["decided_to"])
        return queryset.filter(pk__in=rows.values("person__case_id"))

    def filter_rank(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.filter(Exists(CasePerson.objects.filter(case=OuterRef("pk"), rank=value)))

    def filter_overdue(self, queryset, name, value):
        if value is None:
            return queryset
        # A non-correlated IN over the few running, late deadlines (partial index).
        late = CaseDeadline.objects.filter(
            met_on__isnull=True, paused_on__isnull=True, due_on__lt=timezone.localdate()
        ).values("case_id")
        return queryset.filter(pk__in=late) if value else queryset.exclude(pk__in=late)

    def filter_detention(self, queryset, name, value):
        if value is None:
            return queryset
        running = Detention.objects.filter(released_on__isnull=True, kind="detention").values(
            "person__case_id"
        )
        return queryset.filter(pk__in=running) if value else queryset.exclude(pk__in=running)
