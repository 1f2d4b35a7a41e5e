"""Reads of the clue register, limited to what the user may see."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from jiandu.clues.models import (
    Clue,
    ClueDeadline,
    ClueDuplicateReport,
    ClueStatus,
    VerificationResult,
)
from jiandu.core.scoping import get_visible_or_404, scoped_refs


def _open_deadlines() -> Prefetch:
    return Prefetch(
        "deadlines",
        queryset=ClueDeadline.objects.filter(met_on__isnull=True).order_by("due_on"),
        to_attr="open_deadlines",
    )


def clue_list(*, user: Any, filters: dict | None = None) -> QuerySet[Clue]:
    from jiandu.clues.filters import ClueFilter

    qs = (
        Clue.objects.visible_to(user)
        .select_related("handling_unit", "subject_unit")
        .prefetch_related(_open_deadlines())
        .order_by("-received_on", "-id")
    )
    return ClueFilter(filters or {}, queryset=qs).qs


def clue_get_for(*, user: Any, pk: Any) -> Clue:
    return get_visible_or_404(
        Clue.objects.select_related(
            "handling_unit", "subject_unit", "subject_cadre", "proposed_unit"
        ),
        user=user,
        pk=pk,
    )


def open_deadlines_for(*, user: Any) -> QuerySet[ClueDeadline]:
    """The user's running time limits, soonest first: the handling unit's clues, and
    for the register keepers (案管室, leaders) every visible clue's."""
    clues = Clue.objects.visible_to(user)
    if user.has_capability("clues.handle") and user.unit_id:
        clues = clues.filter(handling_unit_id=user.unit_id)
    return (
        ClueDeadline.objects.filter(met_on__isnull=True, clue__in=clues.values("pk"))
        .select_related("clue")
        .order_by("due_on", "id")
    )


def actions_waiting_for(*, user: Any) -> QuerySet[Clue]:
    """Clues waiting for this user's role to act (route, approve, accept)."""
    visible = Clue.objects.visible_to(user)
    wanted = Q(pk__in=[])
    if user.has_capability("clues.route"):
        wanted |= Q(status=ClueStatus.REGISTERED)
    if user.has_capability("clues.approve"):
        wanted |= Q(status__in=[ClueStatus.ROUTING_PROPOSED, ClueStatus.DISPOSITION_PROPOSED])
    if user.has_capability("clues.handle") and user.unit_id:
        wanted |= Q(status=ClueStatus.ASSIGNED, handling_unit_id=user.unit_id)
    return visible.filter(wanted).order_by("received_on", "id")


def triage_for(*, user: Any, clue: Clue) -> dict[str, Any]:
    """What the disposition screen shows ([规则] 21 support, seed 001): the subject's
    history, similar earlier clues and how they ended, and how often this unit's clues of
    these categories turned out unfounded."""
    from jiandu.intake.models import Report

    visible = Clue.objects.visible_to(user).exclude(pk=clue.pk)
    if clue.subject_cadre_id:
        same_subject = Q(subject_cadre_id=clue.subject_cadre_id)
    else:
        same_subject = Q(subject_name=clue.subject_name, subject_unit_id=clue.subject_unit_id)
    history = (
        visible.filter(same_subject).select_related("handling_unit").order_by("-received_on")[:20]
    )
    measures = []
    reports = Report.objects.none()
    if clue.subject_cadre_id:
        from jiandu.clues.models import FirstFormMeasure

        measures = list(
            FirstFormMeasure.objects.filter(
                cadre_id=clue.subject_cadre_id, clue__in=Clue.objects.visible_to(user).values("pk")
            ).order_by("-decided_on")
        )
        reports = (
            Report.objects.visible_to(user)
            .filter(subjects__cadre_id=clue.subject_cadre_id)
            .exclude(clues=clue)
            .order_by("-received_at")[:20]
        )
    codes = list(clue.categories.values_list("code", flat=True))
    similar = (
        visible.filter(categories__code__in=codes, status=ClueStatus.CLOSED)
        .annotate(shared=Count("categories", filter=Q(categories__code__in=codes)))
        .order_by("-shared", "-received_on")[:10]
        if codes
        else Clue.objects.none()
    )
    since = timezone.localdate() - timedelta(days=3 * 365)
    # Counts too pass through the viewer's scope: only clues the viewer may open.
    base = Clue.objects.visible_to(user).filter(received_on__gte=since, finding__gt="")
    if clue.subject_unit_id:
        base = base.filter(subject_unit_id=clue.subject_unit_id)
    if codes:
        base = base.filter(categories__code__in=codes).distinct()
    checked = base.count()
    unfounded = base.filter(
        finding__in=[VerificationResult.UNFOUNDED, VerificationResult.FALSE_ACCUSATION]
    ).count()
    return {
        "history": history,
        "measures": measures,
        "earlier_reports": reports,
        "similar": similar,
        "unfounded_rate": {
            "checked": checked,
            "unfounded": unfounded,
            "share": (unfounded / checked) if checked else None,
        },
    }


def new_duplicates_for(*, user: Any) -> QuerySet[ClueDuplicateReport]:
    """Duplicates newly attached to the clues of the user's handling unit (for the
    register keepers: of every visible clue) that nobody there has marked read."""
    clues = Clue.objects.visible_to(user)
    if user.has_capability("clues.handle") and user.unit_id:
        clues = clues.filter(handling_unit_id=user.unit_id)
    elif not user.has_capability("clues.route"):
        return ClueDuplicateReport.objects.none()
    return (
        ClueDuplicateReport.objects.filter(noted_at__isnull=True, clue__in=clues.values("pk"))
        .select_related("clue", "report")
        .order_by("attached_at", "id")
    )


def duplicates_of_clue(*, user: Any, clue: Clue) -> list[dict[str, Any]]:
    """The duplicates attached to the clue, each report as the viewer may see it."""
    links = list(
        clue.duplicate_links.select_related("report", "original").order_by("attached_at", "id")
    )
    reports = scoped_refs(user, [link.report for link in links], hidden="each")
    originals = scoped_refs(user, [link.original for link in links], hidden="each")
    return [
        {"link": link, "report": report, "original": original}
        for link, report, original in zip(links, reports, originals, strict=True)
    ]
