"""The task list's filter set, shared by the page and the API (CONVENTIONS 7)."""

from __future__ import annotations

import django_filters
from django.db.models import Q
from django.utils import timezone

from jiandu.core.filters import StyledFilterSet
from jiandu.directives.models import DirectiveDocument, Task, TaskStatus
from jiandu.directives.rules import Status


class TaskFilter(StyledFilterSet):
    q = django_filters.CharFilter(label="任务内容或原文", method="filter_q")
    status = django_filters.ChoiceFilter(
        label="状态", choices=[c for c in TaskStatus.choices if c[0] != TaskStatus.DRAFT]
    )
    document = django_filters.NumberFilter(label="部署文件", field_name="document_id")
    unit = django_filters.NumberFilter(label="责任单位", field_name="ownerships__unit_id")
    mine = django_filters.BooleanFilter(label="只看本单位的任务", method="filter_mine")
    overdue = django_filters.BooleanFilter(label="只看超期未完成的任务", method="filter_overdue")
    unit_tree = django_filters.NumberFilter(
        label="责任单位（含下级单位）", method="filter_unit_tree"
    )
    due_from = django_filters.DateFilter(
        label="完成时限起", field_name="due_date", lookup_expr="gte"
    )
    due_to = django_filters.DateFilter(label="完成时限止", field_name="due_date", lookup_expr="lte")

    class Meta:
        model = Task
        fields = [
            "q",
            "status",
            "document",
            "unit",
            "mine",
            "overdue",
            "unit_tree",
            "due_from",
            "due_to",
        ]

    def filter_q(self, queryset, name, value):
        value = (value or "").strip()
        if not value:
            return queryset
        return queryset.filter(Q(title__contains=value) | Q(source_text__contains=value))

    def filter_mine(self, queryset, name, value):
        unit_id = getattr(getattr(self.request, "user", None), "unit_id", None)
        if not value or unit_id is None:
            return queryset
        return queryset.filter(ownerships__unit_id=unit_id)

    def filter_unit_tree(self, queryset, name, value):
        """Tasks owned by the unit or by a unit below it."""
        from django.db.models import Exists, OuterRef

        from jiandu.directives.models import TaskOwner
        from jiandu.org.tree import unit_subtree

        if value is None:
            return queryset
        units = list(unit_subtree(int(value)))
        owned = TaskOwner.objects.filter(task=OuterRef("pk"), unit_id__in=units)
        return queryset.filter(Exists(owned))

    def filter_overdue(self, queryset, name, value):
        if value is None:
            return queryset
        late = Q(status__in=Status.OPEN, due_date__lt=timezone.localdate())
        return queryset.filter(late) if value else queryset.exclude(late)


class DocumentFilter(StyledFilterSet):
    q = django_filters.CharFilter(label="标题", field_name="title", lookup_expr="contains")
    status = django_filters.ChoiceFilter(
        label="状态", choices=[("draft", "待发布"), ("published", "已发布")]
    )

    class Meta:
        model = DirectiveDocument
        fields = ["q", "status"]
