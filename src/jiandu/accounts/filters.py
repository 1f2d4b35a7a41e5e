"""The user list's filter set (the page's filter form and ``selectors.user_list``)."""

from __future__ import annotations

import django_filters
from django.db.models import Q

from jiandu.accounts.models import User
from jiandu.core.filters import StyledFilterSet


class UserFilter(StyledFilterSet):
    q = django_filters.CharFilter(label="用户名或姓名", method="filter_q")
    # Any value filters (an unknown role lists nobody); the page offers the roles.
    role = django_filters.CharFilter(label="角色")

    class Meta:
        model = User
        fields = ["q", "role"]

    def filter_q(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(username__icontains=value) | Q(full_name__contains=value))
