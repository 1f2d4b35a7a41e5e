"""Journey (inspections): the inspection office opens a round's organisation
ledger and adds an item → the inspected organisation's own account reports progress,
attaches evidence and reports it done → a second inspection office user checks it and
closes it out → the ledger's rectification rate goes from 0.0% to 50.0%. No request
leaves the host."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from jiandu.accounts.models import User
from jiandu.conftest import PASSWORD
from jiandu.core.testing import build_county
from jiandu.e2e.conftest import login, shot
from jiandu.inspections import services

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_item_added_reported_done_and_closed_out_changes_the_rate(page, tmp_path):
    county = build_county(PASSWORD)
    u = county.units
    User.objects.create_user(
        username="t_edu_unit", password=PASSWORD, role="inspected_unit", unit=u["dept_edu"]
    )
    User.objects.create_user(
        username="t_inspection2", password=PASSWORD, role="inspection", unit=u["inspection"]
    )
    office = county.users["inspection"]
    today = timezone.localdate()
    round_ = services.round_create(
        actor=office,
        name="县委第二轮巡察",
        year=today.year,
        ordinal=2,
        kind="regular",
        started_on=today - timedelta(days=80),
    )
    target = services.target_add(
        actor=office, round=round_, unit=u["dept_edu"], entered_on=today - timedelta(days=78)
    )
    services.target_record_feedback(
        actor=office, target=target, feedback_on=today - timedelta(days=10)
    )
    finding = services.finding_create(
        actor=office, target=target, category="integrity", description="公务接待管理不规范"
    )
    services.item_create(
        actor=office,
        finding=finding,
        measures="清退超标准接待费用",
        responsible_unit=u["dept_edu"],
        responsible_person="张伟",
        deadline=today + timedelta(days=30),
    )

    # 1. The inspection office opens the round, the organisation's ledger, adds an item.
    login(page, "t_inspection", PASSWORD)
    page.goto(page.base + "/inspections/")
    page.get_by_test_id("round-link").first.click()
    expect(page.get_by_test_id("round-name")).to_have_text("县委第二轮巡察")
    page.get_by_test_id("target-link").first.click()
    expect(page.get_by_test_id("target-name")).to_have_text("测试县教育局")
    expect(page.get_by_test_id("ledger-rate")).to_have_text("0.0%")
    form = page.get_by_test_id("form-item")
    form.locator("textarea[name=measures]").fill("修订公务接待管理办法并印发执行")
    form.locator("input[name=responsible_person]").fill("张伟")
    form.locator("input[name=deadline]").fill((today + timedelta(days=20)).isoformat())
    form.get_by_test_id("add-item").click()
    expect(page.get_by_test_id("item-row")).to_have_count(2)
    expect(page.get_by_test_id("item-total")).to_have_text("2")
    shot(page, "inspection-ledger")

    # 2. The bureau's own account reports progress, uploads evidence, reports it done.
    login(page, "t_edu_unit", PASSWORD)
    page.goto(page.base + f"/inspections/targets/{target.pk}/")
    page.get_by_role("link", name="修订公务接待管理办法并印发执行").click()
    expect(page.get_by_test_id("item-status")).to_have_text("未启动")
    progress = page.get_by_test_id("form-progress")
    progress.locator("textarea[name=text]").fill("已起草修订稿，征求意见中")
    progress.get_by_role("button", name="登记进展").click()
    expect(page.get_by_test_id("item-status")).to_have_text("整改中")
    evidence = tmp_path / "接待管理办法.pdf"
    evidence.write_bytes(b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
    upload = page.get_by_test_id("form-evidence")
    upload.locator("input[type=file]").set_input_files(str(evidence))
    upload.get_by_role("button", name="上传").click()
    expect(page.get_by_test_id("evidence-list")).to_contain_text("接待管理办法.pdf")
    progress = page.get_by_test_id("form-progress")
    progress.locator("textarea[name=text]").fill("新办法已印发执行，超标费用已清退")
    progress.get_by_test_id("report-done").click()
    expect(page.get_by_test_id("item-status")).to_have_text("已完成待验收")
    expect(page.get_by_test_id("form-check")).to_have_count(0)  # the owner cannot close it
    shot(page, "inspection-item-done")

    # 3. A second inspection office user checks and closes it out; the rate changes.
    login(page, "t_inspection2", PASSWORD)
    page.goto(page.base + f"/inspections/targets/{target.pk}/")
    page.get_by_role("link", name="修订公务接待管理办法并印发执行").click()
    check = page.get_by_test_id("form-check")
    check.locator("select[name=decision]").select_option("close")
    check.locator("input[name=note]").fill("经查阅文件、实地核查，整改到位")
    check.get_by_test_id("submit-check").click()
    expect(page.get_by_test_id("item-status")).to_have_text("已销号")
    expect(page.get_by_test_id("item-checked")).to_contain_text("整改到位")
    page.get_by_test_id("back-to-ledger").click()
    expect(page.get_by_test_id("ledger-rate")).to_have_text("50.0%")
    shot(page, "inspection-ledger-closed")
    assert page.recorder.off_host == []
