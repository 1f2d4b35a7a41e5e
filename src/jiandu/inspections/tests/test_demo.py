"""The demo part: three rounds over three years, ledgers in every state, written
through the services (an audit event per write), fast."""

import pytest
from django.db.models import Count

from jiandu.accounts.models import User
from jiandu.audit.models import Event
from jiandu.devtools.demo import accounts as accounts_demo
from jiandu.devtools.demo import inspections as demo
from jiandu.devtools.demo import org as org_demo
from jiandu.inspections import selectors
from jiandu.inspections.models import (
    Escalation,
    Evidence,
    InspectedOrganisation,
    InspectionRound,
    ItemStatus,
    RectificationItem,
    TransferredClue,
)

pytestmark = pytest.mark.django_db


def test_three_rounds_with_ledgers_in_every_state():
    org_demo.load(seed=2026, cadres=300)
    accounts_demo.load(password="demo-password-for-tests")
    # Its speed is a figure of `make bench` (the whole demo county), not asserted here.
    counts = demo.load(seed=2026, password="demo-password-for-tests")
    assert counts["inspection_rounds"] == 3
    years = sorted(InspectionRound.objects.values_list("year", flat=True))
    assert len(set(years)) == 3 and years[-1] - years[0] == 2
    assert RectificationItem.objects.count() == counts["inspection_items"] > 60
    states = set(RectificationItem.objects.values_list("status", flat=True))
    assert states == set(ItemStatus.values)
    # Closed items went through the check with evidence, by someone other than the reporter.
    closed = RectificationItem.objects.filter(status__in=["closed", "long_term"])
    assert closed.exists()
    assert not closed.filter(evidence__isnull=True).exists()
    assert all(i.checked_by_id != i.reported_by_id for i in closed)
    assert (
        Event.objects.filter(action="inspections.item.close").count()
        >= closed.filter(status="closed").count()
    )
    # Overdue items, escalated as far as the accountability proposal.
    levels = set(Escalation.objects.values_list("level", flat=True))
    assert levels == {"notice", "reminder", "warning", "accountability"}
    assert Escalation.objects.count() == counts["inspection_escalations"]
    office = User.objects.get(username="xuncha")
    assert selectors.overdue_items(user=office).exists()
    # Reports: in, late, due; one organisation not fed back yet; repeat problems.
    targets = InspectedOrganisation.objects.all()
    assert targets.filter(feedback_on__isnull=True).count() == 1
    assert selectors.reports_due(user=office).exists()
    repeated = InspectedOrganisation.objects.values("unit").annotate(n=Count("id")).filter(n__gt=1)
    assert repeated.count() == 2
    assert TransferredClue.objects.count() == 3
    assert Evidence.objects.count() >= closed.count()
    # The inspected organisation's account sees its own ledger only.
    own = User.objects.get(username="beixuncha")
    visible = RectificationItem.objects.visible_to(own)
    assert visible.exists() and visible.count() < RectificationItem.objects.count()
