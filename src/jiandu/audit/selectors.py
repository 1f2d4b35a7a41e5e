from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from jiandu.audit.models import Event


def recent_events_by(*, user: Any, limit: int = 10) -> list[Event]:
    """The user's own last steps. An object the user may no longer open (a clue the
    inspection office transferred, a report moved to another unit) reads "（无权查看）"."""
    events = list(Event.objects.filter(actor=user).order_by("-seq")[:limit])
    return hide_objects_out_of_scope(user=user, events=events)


def hide_objects_out_of_scope(*, user: Any, events: list[Event]) -> list[Event]:
    """Blank the object of each event whose object (of a scoped model) the user may not
    open: one query per model (``jiandu.core.scoping``)."""
    from django.apps import apps

    from jiandu.core.scoping import PLACEHOLDER, visible_pks

    by_type: dict[str, set[Any]] = {}
    for event in events:
        if event.object_type and event.object_id:
            by_type.setdefault(event.object_type, set()).add(event.object_id)
    hidden: set[tuple[str, str]] = set()
    for object_type, ids in by_type.items():
        try:
            model = apps.get_model(object_type)
        except (LookupError, ValueError):
            continue
        if not hasattr(model._default_manager, "visible_to"):
            continue  # not a scoped model (users, calendar years …)
        pks = {}
        for raw in ids:
            try:
                pks[model._meta.pk.to_python(raw)] = raw
            except (TypeError, ValueError, ArithmeticError):  # a malformed id: not shown
                hidden.add((object_type, raw))
        visible = visible_pks(user, model, pks)
        hidden |= {(object_type, raw) for pk, raw in pks.items() if pk not in visible}
    for event in events:
        if (event.object_type, event.object_id) in hidden:
            event.object_repr = PLACEHOLDER
    return events


def event_list(*, user: Any, filters: dict | None = None) -> QuerySet[Event]:
    """The audit log; only roles holding ``audit.view`` get anything."""
    if not user.has_capability("audit.view"):
        return Event.objects.none()
    qs = Event.objects.select_related("unit").order_by("-seq")
    apps = user.audit_apps()
    if apps is not None:
        allowed = Q(pk__in=[])
        for app in sorted(apps):
            allowed |= Q(action__startswith=f"{app}.")
        qs = qs.filter(allowed)
    from jiandu.audit.filters import EventFilter

    return EventFilter(filters or {}, queryset=qs).qs


def last_verification(*, user: Any) -> Event | None:
    if not user.has_capability("audit.view"):
        return None
    return Event.objects.filter(action="audit.chain.verify").order_by("-seq").first()
