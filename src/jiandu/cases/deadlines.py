"""How a case's time limits are recomputed when a year's holidays are entered
(``core.deadlines.register_deadline_kinds``; read in ``CasesConfig.ready``): each kind
is worked out again from its start as the service that started (or extended) it did.

A detention (留置) ends on its date, holidays or not, and is never provisional."""

from __future__ import annotations

from jiandu.cases import rules
from jiandu.cases.models import CaseDeadline
from jiandu.cases.rules import CaseDeadlineKind as K
from jiandu.core.deadlines import register_deadline_kinds

register_deadline_kinds(
    CaseDeadline,
    {
        K.INVESTIGATION: lambda d: rules.investigation_due(
            d.started_on, extended=d.case.investigation_extended
        ),
        K.REVIEW: lambda d: rules.review_due(
            d.started_on,
            extensions=d.person.review_extensions if d.person else 0,
            paused_days=d.paused_days,
        ),
        K.PROSECUTION_SUPPLEMENT: lambda d: rules.prosecution_supplement_due(d.started_on),
        K.SERVICE: lambda d: rules.service_due(d.started_on),
        K.EXECUTION: lambda d: rules.execution_due(
            d.started_on, months=d.person.execution_months if d.person else 1
        ),
        K.APPEAL: lambda d: (
            rules.appeal_due(d.started_on, d.person.appeal_kind)
            if d.person and d.person.appeal_kind
            else None
        ),
    },
    owner="case",
)
