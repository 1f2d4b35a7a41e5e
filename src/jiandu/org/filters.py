"""One filter set per list, shared by the pages and the API (CONVENTIONS 7)."""

from __future__ import annotations

import django_filters
from django.db.models import Exists, OuterRef, Q

from jiandu.core.filters import StyledFilterSet
from jiandu.org.models import Cadre, Company, CompanyPerson, Post, Rank, Unit, UnitKind


class UnitFilter(StyledFilterSet):
    q = django_filters.CharFilter(label="名称或编码", method="filter_q")
    kind = django_filters.ChoiceFilter(label="类别", choices=UnitKind.choices)
    parent = django_filters.NumberFilter(label="上级单位", field_name="parent_id")

    class Meta:
        model = Unit
        fields = ["q", "kind", "parent"]

    def filter_q(self, queryset, name, value):
        value = value.strip()
        return queryset.filter(
            Q(name__icontains=value) | Q(short_name__icontains=value) | Q(code__iexact=value)
        )


class CadreFilter(StyledFilterSet):
    q = django_filters.CharFilter(label="姓名或身份证号", method="filter_q")
    unit = django_filters.NumberFilter(label="现任单位", method="filter_unit")
    unit_tree = django_filters.NumberFilter(
        label="现任单位（含下级单位）", method="filter_unit_tree"
    )
    rank = django_filters.ChoiceFilter(label="职级", choices=Rank.choices)
    head = django_filters.BooleanFilter(label="现任一把手", method="filter_head")
    ordering = django_filters.OrderingFilter(
        fields=(("name", "name"), ("birth_date", "birth_date"), ("rank", "rank")),
        field_labels={"name": "姓名", "birth_date": "出生日期", "rank": "职级"},
        label="排序",
    )

    class Meta:
        model = Cadre
        fields = ["q", "unit", "unit_tree", "rank", "head"]

    def filter_q(self, queryset, name, value):
        value = value.strip().upper()
        if not value:
            return queryset
        if value[:1].isdigit():
            return queryset.filter(citizen_id__startswith=value)
        return queryset.filter(name__contains=value)

    def filter_unit(self, queryset, name, value):
        posts = Post.objects.current().filter(cadre=OuterRef("pk"), unit_id=value)
        return queryset.filter(Exists(posts))

    def filter_unit_tree(self, queryset, name, value):
        from jiandu.org.tree import unit_subtree

        if value is None:
            return queryset
        units = list(unit_subtree(int(value)))
        posts = Post.objects.current().filter(cadre=OuterRef("pk"), unit_id__in=units)
        return queryset.filter(Exists(posts))

    def filter_head(self, queryset, name, value):
        if value is None:
            return queryset
        posts = Post.objects.current().filter(cadre=OuterRef("pk"), is_head=True)
        return queryset.filter(Exists(posts)) if value else queryset.exclude(Exists(posts))


class CompanyFilter(StyledFilterSet):
    q = django_filters.CharFilter(label="名称、代码或人员", method="filter_q")

    class Meta:
        model = Company
        fields = ["q"]

    def filter_q(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(name__icontains=value)
            | Q(uscc__iexact=value.upper())
            | Q(Exists(CompanyPerson.objects.filter(company=OuterRef("pk"), person_name=value)))
        )
