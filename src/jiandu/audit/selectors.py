from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from jiandu.accounts.rules import audit_apps
from jiandu.audit.models import Event


def recent_events_by(*, user: Any, limit: int = 10) -> list[Event]:
    return list(Event.objects.filter(actor=user).order_by("-seq")[:limit])


def event_list(*, user: Any, filters: dict | None = None) -> QuerySet[Event]:
    """The audit log; only roles holding ``audit.view`` get anything."""
    if not user.has_capability("audit.view"):
        return Event.objects.none()
    qs = Event.objects.select_related("unit").order_by("-seq")
    apps = audit_apps(user.role)
    if apps is not None:
        allowed = Q(pk__in=[])
        for app in sorted(apps):
            allowed |= Q(action__startswith=f"{app}.")
        qs = qs.filter(allowed)
    filters = filters or {}
    if filters.get("action"):
        qs = qs.filter(action__startswith=filters["action"])
    if filters.get("actor"):
        qs = qs.filter(actor_name__contains=filters["actor"])
    if filters.get("object_type"):
        qs = qs.filter(object_type=filters["object_type"])
    if filters.get("object_id"):
        qs = qs.filter(object_id=filters["object_id"])
    return qs


def last_verification(*, user: Any) -> Event | None:
    if not user.has_capability("audit.view"):
        return None
    return Event.objects.filter(action="audit.chain.verify").order_by("-seq").first()
