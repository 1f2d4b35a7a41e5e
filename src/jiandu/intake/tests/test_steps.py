"""The report's and the identity-access request's steps each come from one list
(``intake.steps``, ``intake.identity_steps``): the page's actions, its POST dispatcher
and the API actions use the same names; former page URL names still work."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from jiandu.intake import identity_steps, rules, services, steps

pytestmark = pytest.mark.django_db


@pytest.fixture
def report(county):
    return services.report_register(
        actor=county.users["petition"],
        channel="letter",
        received_at=timezone.now() - timedelta(days=1),
        content="反映某局长收受礼金问题，请予核查。",
        is_named=True,
        reporter={"name": "钱举报", "phone": "13900000000", "address": "东镇红星村"},
        subjects=[{"name": "张伟", "unit_text": "测试县教育局"}],
        unit_text="测试县教育局",
    )


def routes(prefix: str) -> set[str]:
    from jiandu.api import router

    names = {u.name.removeprefix(prefix) for u in router.urls if u.name.startswith(prefix)}
    return {n.replace("-", "_") for n in names} - {"list", "detail"}


def test_report_page_and_api_share_the_step_names():
    api = {s.name for s in steps.WORKFLOW.api_steps()}
    page = {s.name for s in steps.WORKFLOW.page_steps()}
    assert api == {
        "decide_jurisdiction",
        "acknowledge",
        "close",
        "result_sent",
        "create_clue",
        "assignment_record",
        "assignment_extend",
        "assignment_decide_extension",
        "assignment_supervise",
        "assignment_report",
    }
    assert api <= page
    assert routes("report-") == api | {"reporter"}  # reporter: a logged GET, not a step
    assert set(rules.MACHINE) <= page
    for old, new in (("jurisdiction", "decide_jurisdiction"), ("result-sent", "result_sent")):
        assert steps.WORKFLOW.get(old) is steps.WORKFLOW.get(new)


def test_identity_request_page_and_api_share_the_step_names():
    api = {s.name for s in identity_steps.WORKFLOW.api_steps()}
    page = {s.name for s in identity_steps.WORKFLOW.page_steps()}
    assert api == page == {"approve", "refuse", "withdraw", "read"}
    assert routes("identity-request-") == api


def test_the_report_panel_is_what_the_page_shows(client_for, county, report):
    clerk = county.users["petition"]
    panel = steps.WORKFLOW.panel(clerk, report)
    assert "decide_jurisdiction" in panel and "close" not in panel
    html = client_for(clerk).get(reverse("intake:report_detail", args=(report.pk,))).content
    assert b'data-testid="decide-jurisdiction"' in html
    team = county.users["resident_team"]
    assert "decide_jurisdiction" not in steps.WORKFLOW.panel(team, report)
