"""Where a report leaves intake: it becomes a problem clue.

Creating the clue is the clues app's service (``clues.services.clue_create_from_reports``),
and the clues app sits above intake (its clues point at reports). So that intake does not
import it, the clues app hands the service over when it loads (``CluesConfig.ready``),
and intake's page and API call :func:`clue_create_from_reports` here.

A report confirmed as a duplicate (重复件) of a report that already became a clue is
attached to that clue instead (``clues.services.clue_attach_duplicate``, handed over the
same way and called by :func:`attach_duplicate` here).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Protocol

from django.core.exceptions import ImproperlyConfigured

from jiandu.intake.models import Report


class ClueFromReports(Protocol):
    def __call__(self, *, actor: Any, reports: list[Report], summary: str = "") -> Any: ...


class DuplicateToClue(Protocol):
    def __call__(self, *, actor: Any, report: Report) -> Any: ...


_clue_from_reports: ClueFromReports | None = None
_attach_duplicate: DuplicateToClue | None = None


def provide_clue_from_reports(
    service: ClueFromReports, attach: DuplicateToClue | None = None
) -> None:
    """Called by the clues app once, when it loads."""
    global _clue_from_reports, _attach_duplicate
    _clue_from_reports = service
    if attach is not None:
        _attach_duplicate = attach


def clue_create_from_reports(*, actor: Any, reports: Sequence[Report], summary: str = "") -> Any:
    """Turn registered reports into one problem clue (the clues app's service); returns
    the clue."""
    if any(r.about_principal_leader for r in reports):
        from jiandu.core.errors import DomainError

        raise DomainError(
            "反映本级纪委监委主要负责人的检举控告应直接报送上一级纪委监委，不能转为本级线索"
            "（《检举控告规则》第十五条）"
        )
    if _clue_from_reports is None:
        raise ImproperlyConfigured("jiandu.clues is not installed: reports cannot become clues")
    return _clue_from_reports(actor=actor, reports=list(reports), summary=summary)


def attach_duplicate(*, actor: Any, report: Report) -> Any:
    """Attach a confirmed duplicate to the clue of the report it repeats, if that report
    became a clue (or was itself attached to one); returns the link, or None. Without
    the clues app there is no clue to attach to."""
    if _attach_duplicate is None:
        return None
    return _attach_duplicate(actor=actor, report=report)
