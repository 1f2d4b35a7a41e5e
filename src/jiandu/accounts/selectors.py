from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from jiandu.accounts.models import User


def user_list(*, user: Any, filters: dict | None = None) -> QuerySet[User]:
    if not user.has_capability("accounts.manage"):
        return User.objects.none()
    qs = User.objects.select_related("unit").order_by("unit__sort_order", "username")
    filters = filters or {}
    if filters.get("q"):
        q = filters["q"].strip()
        qs = qs.filter(Q(username__icontains=q) | Q(full_name__contains=q))
    if filters.get("role"):
        qs = qs.filter(role=filters["role"])
    return qs
