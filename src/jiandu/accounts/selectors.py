from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.db.models import QuerySet
from django.utils import timezone

from jiandu.accounts.models import User
from jiandu.core.errors import NotFound


def user_list(*, user: Any, filters: dict | None = None) -> QuerySet[User]:
    if not user.has_capability("accounts.manage"):
        return User.objects.none()
    qs = User.objects.select_related("unit", "unit__parent").order_by(
        "unit__sort_order", "username"
    )
    from jiandu.accounts.filters import UserFilter

    return UserFilter(filters or {}, queryset=qs).qs


def user_get_for(*, user: Any, pk: int) -> User:
    """An account, for the system administrator (``accounts.manage``); anyone else gets
    "not found", as for a missing one."""
    if not user.has_capability("accounts.manage"):
        raise NotFound()
    found = User.objects.select_related("unit", "unit__parent").filter(pk=pk).first()
    if found is None:
        raise NotFound()
    return found


def locked_out_usernames(usernames: Iterable[str]) -> set[str]:
    """Which of ``usernames`` are locked out now after too many failed logins
    (django-axes: ``AXES_FAILURE_LIMIT`` failures within ``AXES_COOLOFF_TIME``)."""
    from axes.models import AccessAttempt

    names = [u for u in usernames if u]
    if not names:
        return set()
    attempts = AccessAttempt.objects.filter(
        username__in=names, failures_since_start__gte=settings.AXES_FAILURE_LIMIT
    )
    cooloff = getattr(settings, "AXES_COOLOFF_TIME", None)
    if cooloff is not None:
        attempts = attempts.filter(attempt_time__gte=timezone.now() - cooloff)
    return set(attempts.values_list("username", flat=True))
