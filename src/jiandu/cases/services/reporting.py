"""The loop back to the reporter for a case filed from a clue: when the case ends, the
reports behind its clue close ([检举控告规则] 27), through intake's service.

The case ends for the reporter when every track has its decision served (执行 or later:
执行, 申诉, 结案) or was revoked (撤销案件), and at least one was filed: the result
can then be told. Tracks whose filing was refused do not count. An appeal later does
not reopen the reports.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from jiandu.cases.models import Case
from jiandu.cases.rules import Stage
from jiandu.clues.reporting import reports_behind
from jiandu.intake.models import ReportOutcome
from jiandu.intake.services import close_reports_of

DONE_STAGES = frozenset({Stage.EXECUTION, Stage.APPEAL, Stage.CLOSED, Stage.REVOKED})
# The steps after which the case may have ended.
ENDING_ACTIONS = frozenset({"serve", "close", "revoke", "appeal_decide"})


def case_outcome(stages: list[str]) -> str | None:
    """The outcome category for the reports once the case has ended (``None`` while it
    has not): every counted track revoked → 撤销案件; otherwise a decision was made."""
    counted = [s for s in stages if s != Stage.WITHDRAWN]
    if not counted or any(s not in DONE_STAGES for s in counted):
        return None
    if all(s == Stage.REVOKED for s in counted):
        return ReportOutcome.CASE_REVOKED
    return ReportOutcome.CASE_DECIDED


def close_reports_when_case_ends(actor: Any, case: Case, action: str, on: date) -> None:
    """Called after a track's step (``common.move``): when the case filed from a clue
    has ended, the clue's reports close on ``on`` with the case's outcome."""
    if action not in ENDING_ACTIONS or case.clue_id is None:
        return
    outcome = case_outcome(list(case.people.values_list("stage", flat=True)))
    if outcome is None:
        return
    clue: Any = case.clue
    reports = reports_behind(clue)
    if reports:
        close_reports_of(
            actor=actor, reports=reports, on=on, outcome=outcome, source=f"案件{case.number}"
        )
