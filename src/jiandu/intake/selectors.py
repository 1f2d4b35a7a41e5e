"""Reads of the report register, limited to what the user may see."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, Q, QuerySet

from jiandu.core.scoping import (
    ScopedRef,
    get_visible_or_404,
    scoped_ref,
    scoped_refs,
    visible_pks,
)
from jiandu.intake import rules
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
        .select_related("assignment")
        .prefetch_related(
            Prefetch("subjects", queryset=ReportSubject.objects.select_related("unit")),
            "deadlines",
        )
        .order_by("-received_at", "-id")
    )
    return ReportFilter(filters or {}, queryset=qs).qs


def report_get_for(*, user: Any, pk: Any) -> Report:
    return get_visible_or_404(
        Report.objects.select_related("duplicate_of", "handling_unit"), user=user, pk=pk
    )


def report_detail(*, user: Any, report: Report) -> dict[str, Any]:
    from jiandu.intake import matching, similarity
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
    # Pending suggestions stored before the calibrated score (issue 12) may be below the
    # threshold: only those at or above it are shown; decided ones stay on record.
    shown = Q(similarity__gte=similarity.DUPLICATE_THRESHOLD) | ~Q(
        status=DuplicateLinkStatus.SUGGESTED
    )
    suggestions = (
        DuplicateSuggestion.objects.filter(
            report=report, candidate__in=Report.objects.visible_to(user).values("pk")
        )
        .filter(shown)
        .select_related("candidate")
        .order_by("-similarity")
    )
    confirmed_cadres = visible_pks(user, Cadre, [s.cadre_id for s in subjects if s.confirmed])
    clue_refs = scoped_refs(user, report.clues.only("id", "number").order_by("number"))
    # A confirmed duplicate attached to the clue of the report it repeats (the clues
    # app's link, reached through the relation it declares).
    attached = getattr(report, "duplicate_clue_link", None)
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
        "duplicate_threshold": similarity.DUPLICATE_THRESHOLD,
        "duplicate_high": similarity.DUPLICATE_HIGH,
        "duplicate_clue": scoped_ref(user, attached.clue) if attached else None,
        "suggestions": suggestions,
        "pending_suggestions": suggestions.filter(status=DuplicateLinkStatus.SUGGESTED).exists(),
        "categories": list(report.categories.all()),
        "messages_thread": list(report.messages.select_related("author")),
        "clue_refs": clue_refs,
        "has_clue": bool(clue_refs),
        "attachments": list(report.attachments.all()),
        **assignment_panel(report),
    }


def assignment_panel(report: Report) -> dict[str, Any]:
    """The assignment from above of a report (上级交办): the assignment, its 督办, its
    time limits with their state, and the extension's approvals."""
    from jiandu.core.deadlines import deadline_text
    from jiandu.intake.models import Assignment

    assignment = Assignment.objects.filter(report=report).first()
    from jiandu.intake.models import SupervisionMethod

    methods = SupervisionMethod.choices
    if assignment is None:
        return {"assignment": None, "supervision_methods": methods}
    return {
        "assignment": assignment,
        "supervision_methods": methods,
        "supervisions": list(assignment.supervisions.all()),
        "report_deadlines": [(d, *deadline_text(d)) for d in report.deadlines.all()],
        "report_approvals": list(report.approvals.select_related("proposed_by", "approver")),
    }


def assignment_deadlines(*, user: Any) -> list[Any]:
    """Running time limits of reports assigned from above (办结并报送, 督办要求报告),
    on the reports the user may see ([检举控告规则] 21–22)."""
    from jiandu.intake.models import ReportDeadline

    if not user.has_capability("reports.register"):
        return []
    return list(
        ReportDeadline.objects.filter(
            met_on__isnull=True, report__in=Report.objects.visible_to(user).values("pk")
        )
        .select_related("report")
        .order_by("due_on", "id")[:200]
    )


def petition_deadlines(*, user: Any) -> list[dict[str, Any]]:
    """The petition office's time limits: jurisdiction (5 working days), acceptance
    notice (15 working days from receipt, [检举控告规则] 26) and result notice (15 working
    days after closing, [检举控告规则] 27)."""
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
    # The acceptance notice: only for reports accepted here (or not yet decided), never
    # for a forwarded report nor a duplicate, even one confirmed after acceptance
    # ([检举控告规则] 26).
    for report in visible.filter(
        is_named=True,
        ack_due__isnull=False,
        ack_sent_on__isnull=True,
        duplicate_of__isnull=True,
        status__in=rules.ACK_STATES,
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
