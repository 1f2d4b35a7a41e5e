"""Journey (the loop back to the reporter): a reporter submits on the portal and keeps
the receipt code → the petition office registers, accepts and turns the report into a
clue → the case management office routes it, a leader approves → the handling team
proposes 予以了结, the leader approves → with the receipt code the portal shows 已办结
and one public sentence, nothing internal ([检举控告规则] 27). No request leaves the
host."""

import re

import pytest
from playwright.sync_api import expect

from jiandu.conftest import PASSWORD
from jiandu.core.testing import build_county
from jiandu.e2e.conftest import login, shot, sign_out
from jiandu.intake.rules import PUBLIC_RESULT

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

MATTER = (
    "测试县教育局局长张伟在第一中学食堂承包中收受承包商礼金两万元，"
    "并安排其亲属承揽学校维修工程。希望组织调查。"
)


def open_clue(page, number):
    page.goto(page.base + f"/clues/?q={number}")
    page.get_by_role("link", name=number).first.click()
    expect(page.get_by_test_id("clue-number")).to_have_text(number)


def check_on_portal(page, code):
    sign_out(page)
    page.goto(page.base + "/jubao/chaxun/")
    page.fill("#id_code", code)
    page.get_by_role("button", name="查询").click()


def test_portal_report_clue_closed_portal_shows_closed(page, settings):
    settings.JIANDU_PORTAL_POW_BITS = 8
    build_county(PASSWORD)

    # 1. An anonymous reporter uses the portal and keeps the receipt code.
    page.goto(page.base + "/jubao/")
    page.fill("#id_subject_text", "张伟")
    page.fill("#id_unit_text", "测试县教育局")
    page.fill("#id_content", MATTER)
    page.get_by_role("button", name="提交举报").click()
    page.wait_for_url("**/jubao/huizhi/")
    code = page.get_by_test_id("receipt-code").inner_text().replace(" ", "")
    assert len(code) == 16 and code.isdigit()

    # 2. The petition office registers it, accepts it and turns it into a clue.
    login(page, "t_petition", PASSWORD)
    page.goto(page.base + "/reports/?status=submitted")
    page.get_by_test_id("report-link").first.click()
    page.get_by_test_id("register-submitted").click()
    expect(page.get_by_test_id("report-status")).to_have_text("已登记")
    report_url = page.url
    page.get_by_test_id("decide-jurisdiction").click()
    expect(page.get_by_test_id("report-status")).to_have_text("本级受理")
    page.get_by_test_id("create-clue").click()
    notice = page.get_by_role("alert").filter(has_text="已转为问题线索").inner_text()
    number = re.search(r"XS\d{4}-\d{5}", notice).group(0)

    # The reporter sees 已受理 meanwhile.
    check_on_portal(page, code)
    expect(page.get_by_test_id("report-status")).to_contain_text("已受理")
    expect(page.get_by_test_id("report-result")).to_have_count(0)

    # 3. The case management office routes it; a leader approves.
    login(page, "t_case_management", PASSWORD)
    open_clue(page, number)
    page.get_by_test_id("form-propose_routing").get_by_role("button").click()
    expect(page.get_by_test_id("clue-status")).to_have_text("分办待审批")
    login(page, "t_leader", PASSWORD)
    open_clue(page, number)
    page.get_by_test_id("form-decide_routing").get_by_role("button", name="批准分办").click()
    expect(page.get_by_test_id("clue-status")).to_have_text("待承办单位接收")

    # 4. The team takes it and proposes 予以了结; the leader approves.
    login(page, "t_resident_team", PASSWORD)
    open_clue(page, number)
    page.get_by_test_id("form-accept").get_by_role("button", name="接收线索").click()
    form = page.get_by_test_id("form-propose_disposition")
    form.locator("input[name=disposition][value=close]").check()
    form.locator("textarea[name=reason]").fill("反映问题已在此前专项检查中查清并处理")
    form.get_by_role("button").click()
    expect(page.get_by_test_id("clue-status")).to_have_text("处置方式待审批")
    login(page, "t_leader", PASSWORD)
    open_clue(page, number)
    page.get_by_test_id("form-decide_disposition").get_by_role(
        "button", name="批准处置意见"
    ).click()
    expect(page.get_by_test_id("clue-status")).to_have_text("已了结")

    # 5. The petition office's report page shows it closed with the outcome.
    login(page, "t_petition", PASSWORD)
    page.goto(report_url)
    expect(page.get_by_test_id("report-status")).to_have_text("已办结")
    expect(page.get_by_test_id("report-outcome")).to_contain_text("予以了结")

    # 6. The reporter checks with the receipt code: 已办结 and the public sentence only.
    check_on_portal(page, code)
    expect(page.get_by_test_id("report-status")).to_have_text("已办结")
    expect(page.get_by_test_id("report-result")).to_have_text(PUBLIC_RESULT["closed"])
    body = page.locator("body").inner_text()
    for internal in (number, "派驻", "张伟", "教育局", "WJ"):
        assert internal not in body
    shot(page, "portal-status-closed")

    assert page.recorder.off_host == []
