"""Journey (reports and clues): an anonymous report on the portal → receipt code → the petition
office registers it, sees a duplicate suggestion, creates a clue → the case management
office routes it, a leader approves → the handling team takes it and chooses 函询, the
leader approves, the team records the letter and the reply due date shows → the reporter
sees 已受理 with the code. No request leaves the host."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from jiandu.conftest import PASSWORD
from jiandu.core import calendar
from jiandu.core.testing import build_county
from jiandu.e2e.conftest import login, shot, sign_out
from jiandu.intake import services as intake

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

MATTER = (
    "测试县教育局局长张伟在第一中学食堂承包中收受承包商礼金两万元，"
    "并安排其亲属承揽学校维修工程。希望组织调查。"
)


def open_clue(page, number):
    page.goto(page.base + f"/clues/?q={number}")
    page.get_by_role("link", name=number).first.click()
    expect(page.get_by_test_id("clue-number")).to_have_text(number)


def test_portal_report_becomes_a_clue_under_inquiry(page, settings):
    settings.JIANDU_PORTAL_POW_BITS = 8
    county = build_county(PASSWORD)
    earlier = intake.report_register(
        actor=county.users["petition"],
        channel="letter",
        received_at=timezone.now() - timedelta(days=40),
        content="反映测试县教育局局长张伟收受第一中学食堂承包商礼金两万元，安排亲属承揽学校维修工程。",
        subjects=[{"name": "张伟", "unit_text": "测试县教育局"}],
    )

    # 1. An anonymous reporter uses the portal (no account).
    page.goto(page.base + "/jubao/")
    page.fill("#id_subject_text", "张伟")
    page.fill("#id_unit_text", "测试县教育局")
    page.fill("#id_content", MATTER)
    shot(page, "portal-submit")
    page.get_by_role("button", name="提交举报").click()
    page.wait_for_url("**/jubao/huizhi/")
    code = page.get_by_test_id("receipt-code").inner_text().replace(" ", "")
    assert len(code) == 16 and code.isdigit()
    shot(page, "portal-receipt")

    # 2. The petition office registers it, sees the duplicate, accepts it, makes a clue.
    login(page, "t_petition", PASSWORD)
    page.goto(page.base + "/reports/?status=submitted")
    page.get_by_test_id("report-link").first.click()
    page.get_by_test_id("register-submitted").click()
    expect(page.get_by_test_id("report-status")).to_have_text("已登记")
    expect(page.get_by_test_id("duplicate-suggestion").first).to_contain_text(earlier.number)
    page.get_by_test_id("confirm-subject").first.click()
    expect(page.get_by_test_id("subjects")).to_contain_text("已确认")
    page.get_by_test_id("decide-jurisdiction").click()
    expect(page.get_by_test_id("report-status")).to_have_text("本级受理")
    page.get_by_test_id("create-clue").click()
    # The petition office may not open clues: the page says the report became a clue
    # without naming it; the number is given once, in the confirmation.
    expect(page.get_by_test_id("clue-numbers")).to_have_text("（无权查看）")
    notice = page.get_by_role("alert").filter(has_text="已转为问题线索").inner_text()
    number = re.search(r"XS\d{4}-\d{5}", notice).group(0)
    shot(page, "report-registered")

    # 3. The case management office routes it to the team that supervises the bureau.
    login(page, "t_case_management", PASSWORD)
    open_clue(page, number)
    form = page.get_by_test_id("form-propose_routing")
    expect(form.locator("select[name=unit] option:checked")).to_contain_text("派驻第一纪检监察组")
    form.get_by_role("button").click()
    expect(page.get_by_test_id("clue-status")).to_have_text("分办待审批")

    # 4. A leader approves the routing.
    login(page, "t_leader", PASSWORD)
    open_clue(page, number)
    page.get_by_test_id("form-decide_routing").get_by_role("button", name="批准分办").click()
    expect(page.get_by_test_id("clue-status")).to_have_text("待承办单位接收")

    # 5. The team takes the clue and proposes a letter inquiry (函询).
    login(page, "t_resident_team", PASSWORD)
    open_clue(page, number)
    page.get_by_test_id("form-accept").get_by_role("button", name="接收线索").click()
    expect(page.get_by_test_id("clue-status")).to_have_text("待处置")
    form = page.get_by_test_id("form-propose_disposition")
    form.locator("input[name=disposition][value=inquiry]").check()
    form.locator("input[name=inquiry_mode][value=letter]").check()
    form.locator("textarea[name=reason]").fill("反映问题具体，先行函询")
    form.get_by_role("button").click()
    expect(page.get_by_test_id("clue-status")).to_have_text("处置方式待审批")

    # 6. The leader approves the disposition.
    login(page, "t_leader", PASSWORD)
    open_clue(page, number)
    page.get_by_test_id("form-decide_disposition").get_by_role(
        "button", name="批准处置意见"
    ).click()
    expect(page.get_by_test_id("clue-status")).to_have_text("谈话函询中")

    # 7. The team records the day the letter was received: the reply due date shows.
    login(page, "t_resident_team", PASSWORD)
    open_clue(page, number)
    today = timezone.localdate()
    form = page.get_by_test_id("form-inquiry_start")
    form.locator("input[name=on]").fill(today.isoformat())
    form.get_by_role("button").click()
    due = calendar.add_working_days(today, 15)
    row = page.locator("[data-testid=deadline-row][data-kind=inquiry_reply]")
    expect(row).to_contain_text(f"{due.year}年{due.month}月{due.day}日")
    shot(page, "clue-inquiry-due")

    # 8. The reporter checks with the receipt code: accepted, and nothing internal shown.
    sign_out(page)
    page.goto(page.base + "/jubao/chaxun/")
    page.fill("#id_code", code)
    page.get_by_role("button", name="查询").click()
    expect(page.get_by_test_id("report-status")).to_contain_text("已受理")
    body = page.locator("body").inner_text()
    assert number not in body and "派驻" not in body
    shot(page, "portal-status")

    assert page.recorder.off_host == []
