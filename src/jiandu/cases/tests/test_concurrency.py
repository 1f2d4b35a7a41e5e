"""A step submitted from a page loaded before another user's step is decided on the
locked, fresh row."""

from datetime import date

import pytest

from jiandu.audit.models import Event
from jiandu.cases import services
from jiandu.cases.models import CasePerson
from jiandu.core.errors import IllegalTransition

pytestmark = pytest.mark.django_db


def test_a_stale_track_cannot_start_the_investigation_twice(staff, new_case, signer):
    case = new_case()
    person = case.people.get()
    handler = staff.users["resident_team"]
    signer(case, "filing_decision", handler, person)
    stale = CasePerson.objects.get(pk=person.pk)
    services.case_start_investigation(actor=handler, person=person, on=date.today())
    with pytest.raises(IllegalTransition):
        services.case_start_investigation(actor=handler, person=stale, on=date.today())
    assert stale.stage == "investigation"
    starts = Event.objects.filter(action="cases.case.start_investigation", object_id=str(case.pk))
    assert starts.count() == 1
