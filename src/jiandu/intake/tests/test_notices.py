"""The acceptance notice ([检举控告规则] 26) is owed only for a named report this
commission accepts, and not for a duplicate: a forwarded report, or one confirmed as a
duplicate after acceptance, leaves the workbench (issue 12, item 2)."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from jiandu.core.errors import DomainError
from jiandu.intake import selectors, services, steps
from jiandu.intake.models import DuplicateSuggestion

pytestmark = pytest.mark.django_db

# "Today" is Monday 2026-08-03; the reports arrived on Friday 2026-07-31.
NOW = datetime(2026, 8, 3, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
# 15 working days from Friday 2026-07-31 (no holiday until National Day): 08-03 .. 08-07
# are 5, the weeks of 08-10 and 08-17 add 5 each (15 on Friday 08-21).
ACK_DUE = date(2026, 8, 21)


@pytest.fixture
def named(monkeypatch, county):
    monkeypatch.setattr("django.utils.timezone.now", lambda: NOW)

    def make(content="反映测试县教育局局长张伟收受礼金两万元，请予核查。"):
        return services.report_register(
            actor=county.users["petition"],
            channel="letter",
            received_at=NOW - timedelta(days=3),
            content=content,
            is_named=True,
            reporter={"name": "钱举报", "phone": "13900000000"},
        )

    return make


def ack_rows(user):
    return {
        r["report"].pk: r["due"]
        for r in selectors.petition_deadlines(user=user)
        if r["kind"] == "告知实名举报人受理情况"
    }


def test_an_accepted_named_report_owes_the_notice(county, named):
    clerk = county.users["petition"]
    report = named()
    assert report.ack_due == ACK_DUE
    services.report_decide_jurisdiction(actor=clerk, report=report, decision="accept")
    assert ack_rows(clerk) == {report.pk: ACK_DUE}
    assert "acknowledge" in steps.WORKFLOW.panel(clerk, report)


def test_a_forwarded_report_drops_the_notice(county, named):
    clerk = county.users["petition"]
    report = named()
    services.report_decide_jurisdiction(
        actor=clerk, report=report, decision="forward_other", forward_to="县公安局"
    )
    report.refresh_from_db()
    assert report.ack_due is None
    assert ack_rows(clerk) == {}
    assert "acknowledge" not in steps.WORKFLOW.panel(clerk, report)
    with pytest.raises(DomainError, match="不再告知受理情况"):
        services.report_acknowledge(actor=clerk, report=report, on=NOW.date())


def test_a_duplicate_confirmed_after_acceptance_drops_the_notice(county, named):
    clerk = county.users["petition"]
    first = named()
    repeat = named("再次反映测试县教育局局长张伟收受礼金两万元的问题，请予核查。")
    services.report_decide_jurisdiction(actor=clerk, report=repeat, decision="accept")
    assert repeat.pk in ack_rows(clerk)
    suggestion, _ = DuplicateSuggestion.objects.get_or_create(
        report=repeat, candidate=first, defaults={"similarity": 0.9}
    )
    services.duplicate_decide(actor=clerk, suggestion=suggestion, confirm=True)
    repeat.refresh_from_db()
    assert repeat.pk not in ack_rows(clerk) and first.pk in ack_rows(clerk)
    assert "acknowledge" not in steps.WORKFLOW.panel(clerk, repeat)
