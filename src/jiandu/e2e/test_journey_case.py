"""Journey (cases): a clue verified as 拟立案 → the handling team proposes the filing
from the clue page → a leader approves → the team generates the 立案决定书 (a Word file
in the official layout), downloads it and uploads it back as the signed version, starts
the investigation, refers the case with the signed investigation report → the review
office accepts it, signs its report and decides 严重警告 + 政务记过 (记过) → the person
shows the second form and the influence period's last day. No request leaves the host."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from jiandu.cases.rules import combined_period_end
from jiandu.clues import services as clue_services
from jiandu.conftest import PASSWORD
from jiandu.core.testing import build_county
from jiandu.e2e.conftest import login, shot

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def pending_case_clue(county):
    """A clue about the education bureau's head, verified and proposed for a case."""
    u = county.users
    clue = clue_services.clue_create(
        actor=u["case_management"],
        source="report",
        summary="反映测试县教育局局长张伟收受第一中学食堂承包商礼金两万元。",
        received_on=timezone.localdate(),
        subject_cadre=county.cadres["edu_head"],
        category_codes=["integrity", "hd_gifts"],
    )
    clue_services.clue_propose_routing(
        actor=u["case_management"], clue=clue, unit=county.units["team1"]
    )
    clue_services.clue_decide_routing(actor=u["leader"], clue=clue, approve=True)
    clue_services.clue_accept(actor=u["resident_team"], clue=clue)
    clue_services.clue_propose_disposition(
        actor=u["resident_team"],
        clue=clue,
        disposition="verification",
        reason="反映具体，具有可查性",
        verification_plan="调取食堂承包合同和账目，询问承包商。",
        verification_team="测试resident_team",
    )
    clue_services.clue_decide_disposition(actor=u["leader"], clue=clue, approve=True)
    clue_services.clue_verification_conclude(
        actor=u["resident_team"],
        clue=clue,
        outcome="case",
        finding="true",
        reason="经初步核实，反映问题属实，涉嫌违纪违法，拟立案审查调查",
    )
    return clue


def act(page, name):
    """Open an action's panel on the person's card and submit it."""
    panel = page.get_by_test_id(f"action-{name}")
    panel.locator("summary").click()
    return panel


def sign(page, kind, tmp_path):
    """Generate the document, download it, upload it back as the signed version."""
    generate = page.get_by_test_id("form-generate")
    generate.locator("select[name=kind]").select_option(kind)
    generate.get_by_test_id("submit-generate").click()
    row = page.locator(f"[data-testid=document-row][data-kind={kind}]")
    expect(row).to_contain_text("系统生成草稿")
    with page.expect_download() as info:
        row.get_by_test_id("version-link").last.click()
    path = tmp_path / f"{kind}.docx"
    info.value.save_as(path)
    assert path.read_bytes()[:2] == b"PK"  # a Word (zip) file
    upload = page.get_by_test_id("form-upload")
    upload.locator("select[name=kind]").select_option(kind)
    upload.get_by_test_id("upload-file").set_input_files(str(path))
    upload.get_by_test_id("submit-upload").click()
    expect(row).to_contain_text("签署件")


def test_case_from_clue_to_sanction_with_influence_period(page, tmp_path):
    county = build_county(PASSWORD)
    clue = pending_case_clue(county)

    # 1. The handling team opens the case from the clue page.
    login(page, "t_resident_team", PASSWORD)
    page.goto(page.base + f"/clues/{clue.pk}/")
    page.get_by_test_id("case-link").get_by_test_id("open-case").click()
    expect(page.get_by_test_id("from-clue")).to_contain_text(clue.number)
    page.get_by_test_id("submit-case").click()
    expect(page.get_by_test_id("case-stage")).to_have_text("立案待审批")
    number = page.get_by_test_id("case-number").inner_text().strip()
    assert number.startswith("AJ")
    case_url = page.url
    shot(page, "case-proposed")

    # 2. A leader approves the filing ([规则] 38).
    login(page, "t_leader", PASSWORD)
    page.goto(case_url)
    page.get_by_test_id("submit-approve_filing").click()
    expect(page.get_by_test_id("person-stage")).to_have_text("已立案")
    expect(page.get_by_test_id("deadline-row").first).to_contain_text("调查期限")

    # 3. The team cannot start without the signed 立案决定书; it generates and signs it.
    login(page, "t_resident_team", PASSWORD)
    page.goto(case_url)
    act(page, "start_investigation").get_by_test_id("submit-start_investigation").click()
    expect(page.locator(".alert-danger, .alert")).to_contain_text(["缺少已签发的立案决定书"])
    sign(page, "filing_decision", tmp_path)
    act(page, "start_investigation").get_by_test_id("submit-start_investigation").click()
    expect(page.get_by_test_id("person-stage")).to_have_text("审查调查")
    sign(page, "investigation_report", tmp_path)
    act(page, "refer_review").get_by_test_id("submit-refer_review").click()
    expect(page.get_by_test_id("person-stage")).to_have_text("移送审理")
    shot(page, "case-referred")

    # 4. The review office accepts, signs its report and decides.
    login(page, "t_review", PASSWORD)
    page.goto(case_url)
    act(page, "accept_review").get_by_test_id("submit-accept_review").click()
    expect(page.get_by_test_id("person-stage")).to_have_text("审理")
    expect(page.get_by_test_id("similar-panel")).to_be_visible()
    sign(page, "review_report", tmp_path)
    panel = act(page, "decide")
    panel.get_by_test_id("measure-party_serious_warning").check()
    panel.get_by_test_id("measure-gov_demerit").check()
    panel.get_by_test_id("submit-decide").click()
    expect(page.get_by_test_id("person-stage")).to_have_text("已决定待宣布送达")

    # 5. The person shows the measures, the second form and the influence period end.
    today = timezone.localdate()
    end = combined_period_end([("party_serious_warning", today), ("gov_demerit", today)])
    expect(page.get_by_test_id("measure-table")).to_contain_text("严重警告")
    expect(page.get_by_test_id("measure-table")).to_contain_text("记过")
    expect(page.get_by_test_id("four-form")).to_have_text("第二种形态")
    expect(page.get_by_test_id("period-end")).to_have_text(f"{end.year}年{end.month}月{end.day}日")
    expect(page.get_by_test_id("timeline")).to_contain_text("作出处理决定")
    shot(page, "case-decided")
    assert page.recorder.off_host == []
