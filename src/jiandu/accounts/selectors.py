from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from jiandu.accounts.models import User


def user_list(*, user: Any, filters: dict | None = None) -> QuerySet[User]:
    if not user.has_capability("accounts.manage"):
        return User.objects.none()
    qs = User.objects.select_related("unit").order_by("unit__sort_order", "username")
    from jiandu.accounts.filters import UserFilter

    return UserFilter(filters or {}, queryset=qs).qs
