"""Journey (workbench): the leader opens the workbench, clicks the 待我审批 count, and
approves what waits for them — two routings and a disposition — from there, one after
the other, until the count is 0; the deadlines in the leader's scope stay listed apart.
No request leaves the host."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from jiandu.clues import services
from jiandu.conftest import PASSWORD
from jiandu.core.testing import build_county
from jiandu.e2e.conftest import login, shot

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

APPROVE_BUTTONS = [("form-decide_routing", "批准分办"), ("form-decide_disposition", "批准处置意见")]


def _clue(county):
    return services.clue_create(
        actor=county.users["case_management"],
        source="report",
        summary="反映其违规收受礼金、在工程项目中为他人谋利。",
        received_on=timezone.localdate(),
        subject_cadre=county.cadres["edu_head"],
        category_codes=["integrity", "hd_gifts"],
    )


def _waiting_for_the_leader(county):
    u = county.users
    for _ in range(2):
        services.clue_propose_routing(
            actor=u["case_management"], clue=_clue(county), unit=county.units["team1"]
        )
    clue = _clue(county)
    services.clue_propose_routing(actor=u["case_management"], clue=clue, unit=county.units["team1"])
    services.clue_decide_routing(actor=u["leader"], clue=clue, approve=True)
    services.clue_accept(actor=u["resident_team"], clue=clue)
    services.clue_propose_disposition(
        actor=u["resident_team"],
        clue=clue,
        disposition="inquiry",
        inquiry_mode="letter",
        reason="反映问题具体，先行函询",
    )


def test_the_leader_clears_the_approvals_from_the_workbench(page):
    county = build_county(PASSWORD)
    _waiting_for_the_leader(county)
    _clue(county)  # a deadline in the leader's scope, not the leader's decision

    login(page, "t_leader", PASSWORD)
    mine = page.get_by_test_id("count-mine-value")
    expect(mine).to_have_text("3")
    shot(page, "workbench-leader")
    page.get_by_test_id("count-mine").click()
    expect(page).to_have_url(page.base + "/workbench/?category=mine")
    expect(page.get_by_test_id("work-item")).to_have_count(3)
    expect(page.get_by_test_id("work-item").first).to_contain_text("办理：审批")

    for left in (2, 1, 0):
        page.get_by_test_id("work-item").first.click()
        expect(page.get_by_test_id("clue-number")).to_be_visible()
        for form, button in APPROVE_BUTTONS:
            if page.get_by_test_id(form).count():
                page.get_by_test_id(form).get_by_role("button", name=button).click()
                break
        else:
            pytest.fail("no approval step on the clue the workbench linked to")
        expect(page.get_by_role("alert").first).to_be_visible()
        page.get_by_role("link", name="工作台").first.click()
        expect(mine).to_have_text(str(left))
        if left:
            page.get_by_test_id("count-mine").click()
            expect(page.get_by_test_id("work-item")).to_have_count(left)

    page.get_by_test_id("count-mine").click()
    expect(page.get_by_test_id("work-item")).to_have_count(0)
    expect(page.get_by_test_id("empty-state")).to_contain_text("没有符合条件的事项")
    # The deadlines in the leader's scope are still there, apart from the decisions.
    page.goto(page.base + "/workbench/")
    expect(page.get_by_test_id("work-section").first).to_have_text("我范围内的期限和待办")
    assert page.recorder.off_host == []
