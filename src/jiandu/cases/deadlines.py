"""How a case's time limits are recomputed when a year's holidays are entered
(``core.deadlines.register_deadline_kinds``; read in ``CasesConfig.ready``): each kind
is worked out again from its start as the service that started (or extended) it did.

A detention (留置) or custody (管护) ends on its date, holidays or not, and is never
provisional; of the measures only 责令候查 rolls over a rest day."""

from __future__ import annotations

from django.db.models import Q

from jiandu.cases import rules
from jiandu.cases.models import CaseDeadline, Detention
from jiandu.cases.rules import CaseDeadlineKind as K
from jiandu.cases.rules.measures import MeasureKind
from jiandu.cases.rules.property import disposal_due
from jiandu.cases.services.measures import await_due
from jiandu.core.deadlines import StoredDue, register_deadline_kinds, register_due

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
        K.PROPERTY_DISPOSAL: lambda d: disposal_due(d.started_on),
        K.APPEAL: lambda d: (
            rules.appeal_due(d.started_on, d.person.appeal_kind)
            if d.person and d.person.appeal_kind
            else None
        ),
    },
    owner="case",
)

# 责令候查: 12 months (policy default) from the day it is announced ([监察法2024]).
register_due(
    StoredDue(
        key="cases.detention.await",
        label="责令候查期限",
        model=Detention,
        recompute=lambda d: await_due(d.started_on),
        open=Q(kind=MeasureKind.AWAIT, released_on__isnull=True),
        owner="person__case",
    )
)
