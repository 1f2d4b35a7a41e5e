"""How a clearance request's reply due date is recomputed when a year's holidays are
entered (``core.deadlines.register_due``; read in ``IntegrityConfig.ready``): the policy
number of working days after receipt, as ``clearance_services.reply_due`` fixed it. A
due date set by hand is stored as final (never provisional) and left alone."""

from __future__ import annotations

from django.db.models import Q

from jiandu.core.deadlines import StoredDue, register_due
from jiandu.integrity.clearance_rules import OPEN_STATES
from jiandu.integrity.models import ClearanceRequest

register_due(
    StoredDue(
        key="integrity.clearancerequest.due_on",
        label="党风廉政意见回复期限",
        model=ClearanceRequest,
        recompute=lambda r: _due(r),
        open=Q(status__in=OPEN_STATES),
        due_field="due_on",
        provisional_field="due_provisional",
    )
)


def _due(request: ClearanceRequest):  # type: ignore[no-untyped-def]
    from jiandu.integrity.clearance_services import reply_due

    return reply_due(request.received_on)
