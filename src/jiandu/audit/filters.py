"""The audit log's filter set (the page's filter form and ``selectors.event_list``). The
action is chosen among Chinese names (``core.labels``): one action, or every action of
an app (the value ``clues.`` is the app's prefix)."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import QuerySet

from jiandu.audit.models import Event
from jiandu.core.filters import StyledFilterSet
from jiandu.core.labels import action_choices


class EventFilter(StyledFilterSet):
    action = django_filters.ChoiceFilter(
        label="操作", choices=action_choices, method="filter_action", empty_label="全部操作"
    )
    actor = django_filters.CharFilter(
        label="操作人", field_name="actor_name", lookup_expr="contains"
    )
    object_type = django_filters.CharFilter(label="对象类型")
    object_id = django_filters.CharFilter(label="对象编号")

    class Meta:
        model = Event
        fields = ["action", "actor", "object_type", "object_id"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        user = getattr(self.request, "user", None)
        apps = user.audit_apps() if user is not None and user.is_authenticated else None
        if apps is not None:  # a role that reads some apps' events chooses among those
            self.filters["action"].field.choices = [("", "全部操作"), *action_choices(apps)]

    def filter_action(self, queryset: QuerySet[Event], name: str, value: str) -> QuerySet[Event]:
        if value.endswith("."):
            return queryset.filter(action__startswith=value)
        return queryset.filter(action=value)
