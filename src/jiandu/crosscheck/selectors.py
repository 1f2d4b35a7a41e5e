"""Reads of the cross-check module, limited to what the user may see.

Hits are scoped by the unit of the person or body concerned (ROLE_SCOPES "crosscheck");
dataset versions and runs are the commission's working data, seen by the roles that
import or run (``crosscheck.import`` / ``crosscheck.run``).
"""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from jiandu.core.errors import NotFound
from jiandu.core.scoping import get_visible_or_404
from jiandu.crosscheck import triage
from jiandu.crosscheck.models import DatasetImport, DatasetVersion, Hit, HitStatus, Run, RunStatus


def sees_data(user: Any) -> bool:
    return bool(
        user
        and user.is_authenticated
        and (user.has_capability("crosscheck.import") or user.has_capability("crosscheck.run"))
    )


# --- datasets ----------------------------------------------------------------------------


def dataset_list(*, user: Any) -> QuerySet[DatasetVersion]:
    if not sees_data(user):
        return DatasetVersion.objects.none()
    return DatasetVersion.objects.select_related("imported_by").order_by("dataset_type", "-version")


def dataset_get_for(*, user: Any, pk: Any) -> DatasetVersion:
    try:
        return dataset_list(user=user).get(pk=pk)
    except (DatasetVersion.DoesNotExist, ValueError, TypeError):
        raise NotFound() from None


def dataset_overview(*, user: Any) -> list[dict[str, Any]]:
    """One row per dataset type: its columns, the version a run reads now, how many
    versions there are. Two queries."""
    from jiandu.crosscheck.engine.datasets import DATASET_TYPES
    from jiandu.crosscheck.services import current_versions

    if not sees_data(user):
        return []
    current = current_versions()
    counts = dict(
        DatasetVersion.objects.values("dataset_type")
        .annotate(n=Count("id"))
        .values_list("dataset_type", "n")
    )
    return [
        {
            "type": kind,
            "current": current.get(code),
            "versions": counts.get(code, 0),
        }
        for code, kind in DATASET_TYPES.items()
    ]


def import_list(*, user: Any) -> QuerySet[DatasetImport]:
    """Uploads being imported (or imported) in the background; a job whose worker died
    is recorded as failed as soon as anyone looks."""
    if not (user and user.is_authenticated and user.has_capability("crosscheck.import")):
        return DatasetImport.objects.none()
    from jiandu.crosscheck.jobs import reap_stale

    reap_stale(DatasetImport)
    return DatasetImport.objects.select_related("started_by", "version").order_by(
        "-created_at", "-id"
    )


def import_get_for(*, user: Any, pk: Any) -> DatasetImport:
    try:
        return import_list(user=user).get(pk=pk)
    except (DatasetImport.DoesNotExist, ValueError, TypeError):
        raise NotFound() from None


# --- runs --------------------------------------------------------------------------------


def run_list(*, user: Any) -> QuerySet[Run]:
    if not sees_data(user):
        return Run.objects.none()
    # A run whose worker died is recorded as failed as soon as anyone looks.
    from jiandu.crosscheck.jobs import reap_stale

    reap_stale(Run)
    return Run.objects.select_related("started_by").order_by("-created_at", "-id")


def run_get_for(*, user: Any, pk: Any) -> Run:
    try:
        return run_list(user=user).get(pk=pk)
    except (Run.DoesNotExist, ValueError, TypeError):
        raise NotFound() from None


def latest_run(*, succeeded: bool = False) -> Run | None:
    """The latest run (or the latest that succeeded: the one whose new hits are "new")."""
    qs = Run.objects.filter(status=RunStatus.SUCCEEDED) if succeeded else Run.objects.all()
    return qs.order_by("-created_at", "-id").first()


# --- hits --------------------------------------------------------------------------------


def hit_list(*, user: Any, filters: dict | None = None) -> QuerySet[Hit]:
    from jiandu.crosscheck.filters import HitFilter

    qs = (
        Hit.objects.visible_to(user)
        .select_related("subject_unit", "clue")
        .order_by("-first_run_id", "rule_code", "-amount", "id")
    )
    return HitFilter(filters or {}, queryset=qs).qs


def hit_get_for(*, user: Any, pk: Any) -> Hit:
    return get_visible_or_404(
        Hit.objects.select_related(
            "subject_unit", "subject_cadre", "clue", "first_run", "last_run", "decided_by"
        ),
        user=user,
        pk=pk,
    )


def hits_of_clue(*, clue: Any) -> list[Hit]:
    """The hits a clue came from (shown on the clue page to whoever may see the clue:
    the evidence is part of the clue)."""
    return list(Hit.objects.filter(clue=clue).select_related("first_run").order_by("id"))


def hit_triage_units(*, hit: Hit) -> list[str]:
    """The names of the units whose staff may triage ``hit`` (roles holding
    ``crosscheck.triage`` whose ``crosscheck`` scope covers the hit's unit: all of them
    for an ALL scope, the liaison units answering for the hit's unit otherwise), for the
    page of a viewer who does not triage: it says who acts."""
    from jiandu.accounts import rules as access
    from jiandu.accounts.models import User
    from jiandu.org.selectors import units_answering_for

    roles_all, roles_liaison = [], []
    for role in access.Role.values:
        if not access.has_capability(role, "crosscheck.triage"):
            continue
        kind = access.scope_kind(role, "crosscheck")
        (roles_all if kind == access.ALL else roles_liaison).append(role)
    condition = Q(role__in=roles_all)
    if hit.subject_unit_id is not None and roles_liaison:
        answering = units_answering_for(hit.subject_unit_id)
        condition |= Q(role__in=roles_liaison, unit_id__in=answering)
    units = (
        User.objects.filter(condition, is_active=True, unit__isnull=False)
        .values_list("unit__name", "unit__sort_order", "unit_id")
        .distinct()
    )
    return [name for name, _, _ in sorted(set(units), key=lambda u: (u[1], u[2]))]


def waiting_counts(*, user: Any) -> dict[str, int]:
    """Hits awaiting triage per rule, among those the user sees."""
    return dict(
        Hit.objects.visible_to(user)
        .filter(status=HitStatus.NEW)
        .values("rule_code")
        .annotate(n=Count("id"))
        .order_by("rule_code")
        .values_list("rule_code", "n")
    )


# --- rules and their precision ----------------------------------------------------------


def rule_precision(*, user: Any) -> dict[str, triage.Precision]:
    """Each rule's precision (``triage.Precision``) over the hits the user sees: the
    triage decisions, and for confirmed hits the outcome of their clues. Two queries."""
    from jiandu.clues.models import FirstFormMeasure

    visible = Hit.objects.visible_to(user)
    statuses: dict[str, dict[str, int]] = {}
    for code, status, n in (
        visible.values("rule_code", "status")
        .annotate(n=Count("id"))
        .order_by()
        .values_list("rule_code", "status", "n")
    ):
        statuses.setdefault(code, {})[status] = n
    outcomes: dict[str, dict[str, int]] = {}
    measures = FirstFormMeasure.objects.filter(clue_id=OuterRef("clue_id"))
    rows = (
        visible.filter(status=HitStatus.CONFIRMED, clue__isnull=False)
        .annotate(has_measure=Exists(measures))
        .values("rule_code", "clue__status", "clue__finding", "clue__close_kind", "has_measure")
        .annotate(n=Count("id"))
        .order_by()
    )
    for row in rows:
        outcome = triage.clue_outcome(
            status=row["clue__status"],
            finding=row["clue__finding"],
            close_kind=row["clue__close_kind"],
            has_measure=row["has_measure"],
        )
        per_rule = outcomes.setdefault(row["rule_code"], {})
        per_rule[outcome] = per_rule.get(outcome, 0) + row["n"]
    return {
        code: triage.precision(statuses=counts, outcomes=outcomes.get(code))
        for code, counts in statuses.items()
    }


def rule_overview(*, user: Any) -> list[dict[str, Any]]:
    """The rule library with each rule's precision for the user."""
    from jiandu.crosscheck.engine.rules import load_rules

    stats = rule_precision(user=user)
    return [
        {"rule": rule, "precision": stats.get(rule.code, triage.Precision())}
        for rule in load_rules()
    ]
