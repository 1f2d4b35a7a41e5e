"""A step submitted from a page loaded before another user's step is decided on the
locked, fresh row."""

import pytest
from django.utils import timezone

from jiandu.audit.models import Event
from jiandu.core.errors import DomainError
from jiandu.inspections import services
from jiandu.inspections.models import InspectedOrganisation

pytestmark = pytest.mark.django_db


def test_a_stale_instance_cannot_submit_the_report_twice(insp, ledger):
    target = ledger["targets"]["edu"]
    stale = InspectedOrganisation.objects.get(pk=target.pk)
    today = timezone.localdate()
    actor = insp.users["edu_unit"]
    services.target_submit_report(actor=actor, target=target, on=today, note="已整改完毕")
    with pytest.raises(DomainError, match="整改情况报告已报送"):
        services.target_submit_report(actor=actor, target=stale, on=today, note="旧页面再报一次")
    target.refresh_from_db()
    assert target.report_note == "已整改完毕"
    assert Event.objects.filter(action="inspections.target.report").count() == 1
