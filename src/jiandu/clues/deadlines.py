"""How a clue's time limits are recomputed when a year's holidays are entered
(``core.deadlines.register_deadline_kinds``; read in ``CluesConfig.ready``): each kind
is worked out again from its start as the service that started it did."""

from __future__ import annotations

from typing import Any

from jiandu.clues import rules
from jiandu.clues.models import ClueDeadline
from jiandu.clues.models import ClueDeadlineKind as K
from jiandu.core import calendar
from jiandu.core.deadlines import register_deadline_kinds
from jiandu.core.policy import policy_value


def _verification(d: Any) -> calendar.DueDate:
    """2 months (policy), +1 when extended, all counted from the start ([条例] 285
    moves only the final last day)."""
    months = policy_value("clue.verification_months", on=d.started_on)
    if d.clue.verification_extended:
        months += policy_value("clue.verification_extension_months", on=d.started_on)
    return rules.verification_due(d.started_on, months)


register_deadline_kinds(
    ClueDeadline,
    {
        K.DISPOSITION: lambda d: rules.disposition_due(d.started_on),
        K.INQUIRY_REPLY: lambda d: rules.inquiry_reply_due(d.started_on),
        K.TALK_EXPLANATION: lambda d: rules.talk_explanation_due(d.started_on),
        K.DELEGATED_TALK: lambda d: rules.delegated_talk_due(d.started_on),
        K.INQUIRY_REPORT: lambda d: rules.inquiry_report_due(d.started_on),
        K.INSPECTION_FEEDBACK: lambda d: rules.inspection_feedback_due(d.started_on),
        K.VERIFICATION: _verification,
        K.SHELVE_REVIEW: lambda d: rules.shelve_review_due(
            d.started_on, policy_value("clue.shelve_review_months", on=d.started_on)
        ),
    },
    owner="clue",
)
