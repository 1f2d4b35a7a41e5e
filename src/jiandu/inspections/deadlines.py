"""How an inspected organisation's rectification report due date is recomputed when a
year's holidays are entered (``core.deadlines.register_due``; read in
``InspectionsConfig.ready``): 2 months from the feedback ([巡视条例] 27)."""

from __future__ import annotations

from django.db.models import Q

from jiandu.core.deadlines import StoredDue, register_due
from jiandu.inspections import rules
from jiandu.inspections.models import InspectedOrganisation

register_due(
    StoredDue(
        key="inspections.target.report_due_on",
        label="整改报告期限",
        model=InspectedOrganisation,
        recompute=lambda t: rules.report_due(t.feedback_on) if t.feedback_on else None,
        open=Q(report_due_on__isnull=False, report_submitted_on__isnull=True),
        due_field="report_due_on",
        provisional_field="report_due_provisional",
    )
)
