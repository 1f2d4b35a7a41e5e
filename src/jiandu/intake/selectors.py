"""Reads of the report register, limited to what the user may see."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, QuerySet

from jiandu.core.scoping import (
    ScopedRef,
    get_visible_or_404,
    scoped_ref,
    scoped_refs,
    visible_pks,
)
from jiandu.intake.models import (
    DuplicateLinkStatus,
    DuplicateSuggestion,
    Report,
    ReportStatus,
    ReportSubject,
)


def report_list(*, user: Any, filters: dict | None = None) -> QuerySet[Report]:
    from jiandu.intake.filters import ReportFilter

    qs = (
        Report.objects.visible_to(user)
        .prefetch_related(
            Prefetch("subjects", queryset=ReportSubject.objects.select_related("unit"))
        )
        .order_by("-received_at", "-id")
    )
    return ReportFilter(filters or {}, queryset=qs).qs


def report_get_for(*, user: Any, pk: Any) -> Report:
    return get_visible_or_404(
        Report.objects.select_related("duplicate_of", "handling_unit"), user=user, pk=pk
    )


def report_detail(*, user: Any, report: Report) -> dict[str, Any]:
    from jiandu.intake import matching
    from jiandu.org.models import Cadre

    subjects = list(report.subjects.select_related("cadre", "unit"))
    context = matching.context_of(report)
    visible = set(
        Cadre.objects.visible_to(user)
        .filter(name__in=[s.name for s in subjects])
        .values_list("pk", flat=True)
    )
    candidates = {
        s.pk: [
            c
            for c in matching.candidates_for(s.name, context, s.unit_text or report.unit_text)
            if c.cadre.pk in visible
        ]
        for s in subjects
        if not s.confirmed
    }
    # Every report and clue this page names passes through the viewer's scope: a near-
    # duplicate the viewer may not open is not shown (nor counted), a clue or a cadre
    # the viewer may not open reads "（无权查看）".
    suggestions = (
        DuplicateSuggestion.objects.filter(
            report=report, candidate__in=Report.objects.visible_to(user).values("pk")
        )
        .select_related("candidate")
        .order_by("-similarity")
    )
    confirmed_cadres = visible_pks(user, Cadre, [s.cadre_id for s in subjects if s.confirmed])
    clue_refs = scoped_refs(user, report.clues.only("id", "number").order_by("number"))
    return {
        "report": report,
        "subjects": [
            (
                s,
                candidates.get(s.pk, []),
                ScopedRef.of(s.cadre, s.cadre_id in confirmed_cadres) if s.cadre_id else None,
            )
            for s in subjects
        ],
        "duplicate_of": scoped_ref(user, report.duplicate_of),
        "suggestions": suggestions,
        "pending_suggestions": suggestions.filter(status=DuplicateLinkStatus.SUGGESTED).exists(),
        "categories": list(report.categories.all()),
        "messages_thread": list(report.messages.select_related("author")),
        "clue_refs": clue_refs,
        "has_clue": bool(clue_refs),
        "attachments": list(report.attachments.all()),
    }


def petition_deadlines(*, user: Any) -> list[dict[str, Any]]:
    """The petition office's time limits: jurisdiction (5 working days), acceptance
    notice (15 working days) and result notice (15 working days after closing)."""
    if not user.has_capability("reports.register"):
        return []
    visible = Report.objects.visible_to(user)
    rows: list[dict[str, Any]] = []
    for report in visible.filter(
        status=ReportStatus.REGISTERED, jurisdiction_due__isnull=False
    ).only("pk", "number", "jurisdiction_due", "jurisdiction_due_provisional")[:200]:
        rows.append(
            {
                "report": report,
                "kind": "作出管辖决定",
                "due": report.jurisdiction_due,
                "provisional": report.jurisdiction_due_provisional,
            }
        )
    for report in visible.filter(
        is_named=True,
        ack_due__isnull=False,
        ack_sent_on__isnull=True,
        status__in=[ReportStatus.REGISTERED, ReportStatus.ACCEPTED, ReportStatus.FORWARDED],
    ).only("pk", "number", "ack_due", "ack_due_provisional")[:200]:
        rows.append(
            {
                "report": report,
                "kind": "告知实名举报人受理情况",
                "due": report.ack_due,
                "provisional": report.ack_due_provisional,
            }
        )
    for report in visible.filter(
        is_named=True,
        status=ReportStatus.CLOSED,
        result_due__isnull=False,
        result_sent_on__isnull=True,
    ).only("pk", "number", "result_due", "result_due_provisional")[:200]:
        rows.append(
            {
                "report": report,
                "kind": "告知实名举报人办理结果",
                "due": report.result_due,
                "provisional": report.result_due_provisional,
            }
        )
    return sorted(rows, key=lambda r: r["due"])


def portal_submissions_waiting(*, user: Any) -> QuerySet[Report]:
    if not user.has_capability("reports.register"):
        return Report.objects.none()
    return (
        Report.objects.visible_to(user)
        .filter(status=ReportStatus.SUBMITTED)
        .order_by("received_at")
    )
