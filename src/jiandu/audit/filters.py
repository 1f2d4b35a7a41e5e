"""The audit log's filter set (the page's filter form and ``selectors.event_list``)."""

from __future__ import annotations

import django_filters

from jiandu.audit.models import Event
from jiandu.core.filters import StyledFilterSet


class EventFilter(StyledFilterSet):
    action = django_filters.CharFilter(label="动作", lookup_expr="startswith")
    actor = django_filters.CharFilter(
        label="操作人", field_name="actor_name", lookup_expr="contains"
    )
    object_type = django_filters.CharFilter(label="对象类型")
    object_id = django_filters.CharFilter(label="对象编号")

    class Meta:
        model = Event
        fields = ["action", "actor", "object_type", "object_id"]
