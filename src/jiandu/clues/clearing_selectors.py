"""Reads of the 澄清正名 and 诬告陷害 processes, scoped like their clue: whoever may
see the clue sees them; nobody else learns they exist (``NotFound`` either way)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from jiandu.clues.models import Clarification, Clue, FalseAccusation
from jiandu.core.scoping import get_visible_or_404


def clarifications_visible(*, user: Any) -> QuerySet[Clarification]:
    return (
        Clarification.objects.visible_to(user)
        .select_related("clue", "proposed_by")
        .order_by("-proposed_on", "-id")
    )


def false_accusations_visible(*, user: Any) -> QuerySet[FalseAccusation]:
    return (
        FalseAccusation.objects.visible_to(user)
        .select_related("clue", "proposed_by", "report")
        .order_by("-proposed_on", "-id")
    )


def clarification_get_for(*, user: Any, pk: Any) -> Clarification:
    return get_visible_or_404(
        Clarification.objects.select_related(
            "clue", "clue__handling_unit", "clue__subject_unit", "proposed_by"
        ),
        user=user,
        pk=pk,
    )


def false_accusation_get_for(*, user: Any, pk: Any) -> FalseAccusation:
    return get_visible_or_404(
        FalseAccusation.objects.select_related(
            "clue", "clue__handling_unit", "clue__subject_unit", "proposed_by", "report"
        ),
        user=user,
        pk=pk,
    )


def processes_of(*, user: Any, clue: Clue) -> dict[str, list[Any]]:
    """The clue's clearings and false-accusation findings, for its page (the clue was
    read through ``clue_get_for``; the rows are narrowed again all the same)."""
    return {
        "clarifications": list(clarifications_visible(user=user).filter(clue=clue)),
        "false_accusations": list(false_accusations_visible(user=user).filter(clue=clue)),
    }


def letter_context(clarification: Clarification) -> dict[str, Any]:
    """What the 澄清正名 letter is filled with, from the record and the register (the
    issuer and its 文号 prefix: ``org.selectors.document_issuer``)."""
    from jiandu.clues.models import ClarificationWay, VerificationResult
    from jiandu.org.selectors import document_issuer

    clue = clarification.clue
    issuer = document_issuer(clue.handling_unit)
    subject_unit = clue.subject_unit.name if clue.subject_unit_id else ""
    return {
        "issuer": issuer.name if issuer is not None else "",
        "doc_prefix": issuer.number_prefix if issuer is not None else "",
        "doc_number": clarification.letter_number,
        "clue_number": clue.number,
        "person": clarification.person_name,
        "person_title": clarification.person_title,
        "addressee": f"中共{subject_unit}委员会（党组）" if subject_unit else "",
        "received_on": clue.received_on,
        "facts": clarification.facts,
        "false_accusation": clue.finding == VerificationResult.FALSE_ACCUSATION,
        "scope": clarification.get_scope_display(),
        "scope_code": clarification.scope,
        "way": clarification.get_way_display(),
        "written": clarification.way == ClarificationWay.WRITTEN,
        "approved_on": clarification.approved_on,
        "date": clarification.carried_out_on or clarification.approved_on,
    }
