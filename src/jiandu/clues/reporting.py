"""The loop back to the reporter: when a clue ends, the reports it came from close with
the outcome ([检举控告规则] 27), through intake's service (intake never imports clues).

A clue ends when it is closed (予以了结, directly or after a check, with or without a
first-form measure) or transferred to a Party organisation or another authority; a clue
that becomes a case ends with the case (``jiandu.cases.services.reporting``).
"""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from jiandu.clues.models import CloseKind, Clue, ClueStatus, VerificationResult
from jiandu.intake.models import ReportOutcome
from jiandu.intake.services import close_reports_of

# The clue states in which the clue is done with and its reports close.
ENDING_STATES = frozenset({ClueStatus.CLOSED, ClueStatus.TRANSFERRED})

_FINDING_OUTCOME = {
    VerificationResult.UNFOUNDED: ReportOutcome.UNFOUNDED,
    VerificationResult.UNVERIFIABLE: ReportOutcome.UNFOUNDED,
    # A false accusation is told to the reporter no differently from an unfounded one.
    VerificationResult.FALSE_ACCUSATION: ReportOutcome.UNFOUNDED,
    VerificationResult.PARTLY_TRUE: ReportOutcome.PARTLY_TRUE,
    VerificationResult.TRUE: ReportOutcome.TRUE,
}


def report_outcome(*, status: str, close_kind: str, finding: str) -> str:
    """The outcome category the reports of an ended clue close with: transferred; closed
    with the finding of the check (失实/无法查实/诬告 → not true, 部分属实, 属实); closed
    after a check without a finding; closed directly (直接了结)."""
    if status == ClueStatus.TRANSFERRED:
        return ReportOutcome.TRANSFERRED
    if finding in _FINDING_OUTCOME:
        return _FINDING_OUTCOME[finding]
    if close_kind == CloseKind.AFTER_CHECK:
        return ReportOutcome.CHECKED
    return ReportOutcome.CLOSED


def reports_behind(clue: Clue) -> list[Any]:
    """The reports the clue came from and the duplicates (重复件) attached to it, however
    far down a chain of duplicates they were confirmed: all are answered together."""
    reports = {r.pk: r for r in clue.reports.all()}
    for link in clue.duplicate_links.select_related("report"):
        reports.setdefault(link.report_id, link.report)
    return list(reports.values())


def close_reports_when_clue_ends(actor: Any, clue: Clue) -> None:
    """Called by every clue transition (``services._move``) after the state is saved:
    when the clue has ended, its reports (and their confirmed duplicates) close, in the
    same transaction, with the outcome of the clue."""
    if clue.status not in ENDING_STATES:
        return
    reports = reports_behind(clue)
    if not reports:
        return
    close_reports_of(
        actor=actor,
        reports=reports,
        on=clue.closed_on or timezone.localdate(),
        outcome=report_outcome(
            status=clue.status, close_kind=clue.close_kind, finding=clue.finding
        ),
        source=f"线索{clue.number}",
    )
