"""Journey (催办 and notifications, issue 15): a leader urges an overdue case with a
message → the handling unit's user signs in, sees the bell's unread count, opens the
notification and lands on the case, which shows the urge in its 催办 card and in its
history. No request leaves the host."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from jiandu.cases import services
from jiandu.cases.services import PersonInput
from jiandu.conftest import PASSWORD
from jiandu.core.testing import build_county
from jiandu.e2e.conftest import login, shot

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

MESSAGE = "调查期限已超期，请于三日内报送进展和下一步安排"


def overdue_case(county):
    """A case resident team 1 filed over a year ago: its investigation limit ran out."""
    u = county.users
    on = timezone.localdate() - timedelta(days=400)
    case = services.case_open(
        actor=u["resident_team"],
        kind="person",
        title="张伟涉嫌违纪违法案",
        summary="收受管理服务对象礼金，违规插手工程项目。",
        proposed_on=on,
        lead_unit=county.units["team1"],
        people=[PersonInput(cadre=county.cadres["edu_head"])],
        category_codes=["integrity", "hd_gifts"],
    )
    services.case_decide_filing(actor=u["leader"], case=case, approve=True, on=on)
    return case


def test_leader_urges_an_overdue_case_and_the_unit_is_notified(page):
    county = build_county(PASSWORD)
    case = overdue_case(county)
    case_url = page.base + case.get_absolute_url()

    login(page, "t_leader", PASSWORD)
    page.goto(case_url)
    form = page.get_by_test_id("form-urge")
    form.locator("textarea").fill(MESSAGE)
    form.get_by_test_id("urge-submit").click()
    expect(page.get_by_role("alert").filter(has_text="已催办")).to_be_visible()
    expect(page.get_by_test_id("urge-message")).to_have_text(MESSAGE)
    shot(page, "urge-leader")

    login(page, "t_resident_team", PASSWORD)
    expect(page.get_by_test_id("bell-count")).to_have_text("1")
    page.get_by_test_id("bell-link").click()
    page.wait_for_url("**/notifications/")
    item = page.get_by_test_id("notification").filter(has_text=case.number)
    expect(item.get_by_test_id("unread-mark")).to_be_visible()
    shot(page, "urge-notifications")
    item.get_by_test_id("notification-open").click()
    page.wait_for_url(case_url)
    expect(page.get_by_test_id("urge-panel")).to_contain_text(MESSAGE)
    history = page.get_by_test_id("timeline-row").filter(has_text="催办")
    expect(history).to_contain_text(MESSAGE)
    expect(page.get_by_test_id("bell-link")).to_be_visible()
    expect(page.get_by_test_id("bell-count")).to_have_count(0)  # read now
    shot(page, "urge-case-history")
    assert page.recorder.off_host == []
