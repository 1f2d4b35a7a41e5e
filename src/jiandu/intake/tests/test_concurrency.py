"""A step submitted from a page loaded before another user's step is decided on the
locked, fresh row."""

from datetime import timedelta

import pytest
from django.utils import timezone

from jiandu.audit.models import Event
from jiandu.core.errors import IllegalTransition
from jiandu.intake import services
from jiandu.intake.models import Report, ReportStatus

pytestmark = pytest.mark.django_db


def test_a_stale_instance_cannot_decide_jurisdiction_twice(county):
    clerk = county.users["petition"]
    report = services.report_register(
        actor=clerk,
        channel="letter",
        received_at=timezone.now() - timedelta(days=1),
        content="反映测试县第一中学教师李娜违规收受家长礼金。",
        subjects=[{"name": "李娜", "unit_text": "测试县第一中学"}],
    )
    stale = Report.objects.get(pk=report.pk)
    services.report_decide_jurisdiction(actor=clerk, report=report, decision="accept")
    with pytest.raises(IllegalTransition, match="不能再作管辖决定"):
        services.report_decide_jurisdiction(
            actor=clerk, report=stale, decision="forward_other", forward_to="县公安局"
        )
    report.refresh_from_db()
    assert report.status == ReportStatus.ACCEPTED and report.forward_to == ""
    events = Event.objects.filter(action="intake.report.jurisdiction", object_id=str(report.pk))
    assert events.count() == 1
