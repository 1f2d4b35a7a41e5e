"""Reads of the early alerts for pages and the API, scoped by the alert's unit (domain
"alerts"): a missing and a forbidden alert are the same "not found"."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.apps import apps
from django.db.models import Count, QuerySet

from jiandu.core.scoping import PLACEHOLDER, get_visible_or_404, visible_pks
from jiandu.integrity import alert_rules as rules
from jiandu.integrity.detectors import EVIDENCE_MODELS
from jiandu.integrity.models import Alert, AlertKind, AlertRun


def alert_list(*, user: Any, filters: Any = None) -> QuerySet[Alert]:
    from jiandu.integrity.alert_filters import AlertFilter

    qs = (
        Alert.objects.visible_to(user).select_related("cadre", "unit").order_by("-raised_on", "-id")
    )
    return AlertFilter(filters or {}, queryset=qs).qs


def alert_get_for(*, user: Any, pk: Any) -> Alert:
    return get_visible_or_404(
        Alert.objects.select_related("cadre", "unit", "handled_by"), user=user, pk=pk
    )


def open_alerts_for(*, user: Any) -> QuerySet[Alert]:
    return (
        Alert.objects.visible_to(user)
        .filter(status=rules.OPEN)
        .select_related("cadre")
        .order_by("-raised_on", "-id")
    )


def precision_by_kind(*, user: Any) -> list[dict[str, Any]]:
    """For each alert kind, how the alerts the user may see were handled
    (``alert_rules.Precision``), in the kinds' order; one query."""
    counts: dict[str, dict[str, int]] = defaultdict(dict)
    for kind, status, n in (
        Alert.objects.visible_to(user)
        .order_by()
        .values_list("kind", "status")
        .annotate(n=Count("id"))
    ):
        counts[kind][status] = n
    return [
        {"kind": kind, "label": label, "precision": rules.precision(counts.get(kind, {}))}
        for kind, label in AlertKind.choices
    ]


def latest_run() -> AlertRun | None:
    return AlertRun.objects.order_by("-created_at", "-id").first()


def raised_by_run(*, user: Any, run: AlertRun | None) -> int:
    """How many alerts ``run`` raised, as far as ``user`` may see them: the run's own
    figure counts every unit's (a viewer who sees every alert reads it as it is, anyone
    else the alerts of their scope raised on the run's day)."""
    if run is None:
        return 0
    if user.unit_scope(Alert.objects.all().scope_domain).all:
        return run.raised
    return Alert.objects.visible_to(user).filter(raised_on=run.on).count()


def evidence_for(*, user: Any, alert: Alert) -> list[dict[str, Any]]:
    """The alert's evidence as the viewer may see it: a record's number, label and link
    only when the viewer may open it (one query per kind); the others, if any, as one
    “（无权查看）”."""
    by_kind: dict[str, set[Any]] = defaultdict(set)
    for item in alert.evidence:
        by_kind[str(item.get("kind", ""))].add(item.get("id"))
    allowed: dict[str, set[Any]] = {}
    for kind, ids in by_kind.items():
        label = EVIDENCE_MODELS.get(kind)
        if label is None:
            allowed[kind] = set()
            continue
        model = apps.get_model(label)
        manager = model._default_manager
        if hasattr(manager, "visible_to"):
            allowed[kind] = visible_pks(user, model, ids)
        else:  # not confidential (no scope of its own)
            allowed[kind] = set(ids)
    out = []
    hidden = False
    for item in alert.evidence:
        kind = str(item.get("kind", ""))
        if item.get("id") in allowed.get(kind, set()):
            out.append({**item, "visible": True})
        else:
            hidden = True
    if hidden:
        # One placeholder for all the records the viewer may not open: neither which,
        # nor what kind, nor how many (``core.scoping.scoped_refs``, hidden="one").
        out.append({"kind": "", "visible": False, "number": PLACEHOLDER})
    return out
