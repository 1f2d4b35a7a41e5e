"""Journey (党风廉政意见回复): the organisation department submits a batch of 20 cadres
from Excel (a wrong ID number refused with its row; fixed and submitted again) → the case
management office has the answers proposed, sees the evidence, changes one with a reason
and submits → a leader approves → the office issues the letter (Word download) and
uploads the signed scan → the organisation department reads the reply → a new clue about
a cleared person raises ``after_clearance``. No request leaves the host."""

from __future__ import annotations

import re
from datetime import date

import pytest
from django.utils import timezone
from openpyxl import Workbook
from playwright.sync_api import expect

from jiandu.conftest import PASSWORD
from jiandu.core.testing import build_county, make_citizen_id
from jiandu.e2e.conftest import login, shot

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
SURNAMES = "赵钱孙李周吴郑王冯陈褚卫蒋沈"


def _cadres(county):
    """The test county's six cadres and fourteen more, each with a current post."""
    from jiandu.org import services as org

    people = list(county.cadres.values())
    for i, surname in enumerate(SURNAMES, start=100):
        cadre = org.cadre_create(
            actor=None,
            name=f"{surname}晓{i - 99}",
            citizen_id=make_citizen_id(i),
            rank="township",
            political_status="party_member",
        )
        org.post_create(
            actor=None,
            cadre=cadre,
            unit=county.units["dept_edu"],
            title="副局长",
            start_date=date(2021, 1, 4),
        )
        people.append(cadre)
    return people


def _xlsx(path, rows):
    book = Workbook()
    sheet = book.active
    sheet.append(["序号", "姓名", "身份证号", "单位职务"])
    for i, row in enumerate(rows, start=1):
        sheet.append([i, *row])
    book.save(path)
    return path


def test_a_batch_of_twenty_is_replied_and_a_later_clue_raises_the_alert(page, tmp_path):
    from jiandu.clues.models import Clue, ClueStatus
    from jiandu.integrity.clearance_detectors import after_clearance
    from jiandu.integrity.models import ClearancePerson, ClearanceRequest

    county = build_county(PASSWORD)
    cadres = _cadres(county)
    # Records before the request: a closed clue about one, an open one about another.
    closed_about, open_about = cadres[0], cadres[2]
    Clue.objects.create(
        number="XS2025-00077", source="own", received_on=date(2025, 3, 3),
        summary="反映其违规收受礼金", subject_cadre=closed_about,
        subject_name=closed_about.name, status=ClueStatus.CLOSED,
    )  # fmt: skip
    Clue.objects.create(
        number="XS2026-00088", source="own", received_on=date(2026, 3, 3),
        summary="反映其违规经商办企业", subject_cadre=open_about,
        subject_name=open_about.name, status=ClueStatus.VERIFICATION,
    )  # fmt: skip
    rows = [[c.name, c.citizen_id, f"测试县教育局 {i}号"] for i, c in enumerate(cadres)]
    wrong = [list(r) for r in rows]
    last = wrong[7][1][-1]
    wrong[7][1] = wrong[7][1][:-1] + ("1" if last != "1" else "2")  # a wrong check digit

    # 1. 组织部门: the Excel with a wrong ID number is refused with its row.
    login(page, "t_org_department", PASSWORD)
    nav = page.get_by_test_id("main-nav").inner_text()
    assert "意见回复" in nav and "问题线索" not in nav and "廉政档案" not in nav
    page.goto(page.base + "/integrity/clearance/new/")
    page.select_option("#id_purpose", "promotion")
    page.fill("#id_purpose_note", "拟提拔为副科级领导干部")
    page.get_by_test_id("clearance-file").set_input_files(str(_xlsx(tmp_path / "a.xlsx", wrong)))
    page.get_by_test_id("clearance-submit").click()
    errors = page.get_by_test_id("import-errors")
    expect(errors).to_be_visible()
    assert "9" in errors.locator("tbody tr").first.inner_text()  # row 9: header + 8th person
    assert "身份证号" in errors.inner_text()
    shot(page, "clearance-import-errors")
    assert ClearanceRequest.objects.count() == 0
    # Fixed and submitted again.
    page.select_option("#id_purpose", "promotion")
    page.get_by_test_id("clearance-file").set_input_files(str(_xlsx(tmp_path / "b.xlsx", rows)))
    page.get_by_test_id("clearance-submit").click()
    # A glob "*/" would also match the form's own address (…/clearance/new/): wait for
    # the request's page by its number.
    page.wait_for_url(re.compile(r"/integrity/clearance/\d+/$"))
    expect(page.get_by_test_id("reply-pending")).to_be_visible()
    request = ClearanceRequest.objects.get()
    assert request.people.count() == 20
    url = page.url

    # 2. 案管室: proposals with their evidence; one changed with a reason; submitted.
    login(page, "t_case_management", PASSWORD)
    page.goto(url)
    page.get_by_test_id("step-propose").click()
    expect(page.get_by_test_id("person-row")).to_have_count(20)
    answers = page.get_by_test_id("final-answer").all_inner_texts()
    assert answers.count("暂缓") == 1 and answers.count("有问题反映但已了结") == 1
    assert answers.count("未发现不良反映") == 18
    facts = page.get_by_test_id("facts")
    expect(facts.get_by_role("link", name="XS2025-00077")).to_be_visible()
    expect(facts.get_by_role("link", name="XS2026-00088")).to_be_visible()
    shot(page, "clearance-proposals")
    changed = ClearancePerson.objects.get(request=request, cadre=cadres[5])
    form = page.get_by_test_id(f"form-change-{changed.pk}")
    page.locator(f"[data-person='{changed.pk}'] summary").click()
    form.locator("select[name=answer]").select_option("defer")
    form.locator("input[name=reason]").fill("组织部另函告知近期收到反映，待核实")
    form.get_by_role("button", name="修改回复意见").click()
    expect(page.get_by_test_id("changed-reason")).to_contain_text("组织部另函告知")
    page.get_by_test_id("step-submit").click()
    expect(page.get_by_test_id("clearance-status")).to_have_text("待审批")

    # 3. 委领导 approves (not the proposer).
    login(page, "t_leader", PASSWORD)
    page.goto(url)
    page.get_by_test_id("step-approve").click()
    expect(page.get_by_test_id("clearance-status")).to_have_text("已审批待出函")

    # 4. 案管室 issues the letter, downloads it, uploads the signed scan.
    login(page, "t_case_management", PASSWORD)
    page.goto(url)
    page.get_by_test_id("step-issue").click()
    expect(page.get_by_test_id("reply-number")).to_contain_text("号")
    with page.expect_download() as info:
        page.get_by_test_id("download-letter").click()
    letter = info.value
    assert letter.suggested_filename.endswith(".docx")
    saved = tmp_path / "letter.docx"
    letter.save_as(str(saved))
    from docx import Document

    cells = [c.text for t in Document(str(saved)).tables for r in t.rows for c in r.cells]
    assert cadres[5].name in cells
    scan = tmp_path / "签发件.pdf"
    scan.write_bytes(PDF)
    page.get_by_test_id("form-upload_scan").locator("input[type=file]").set_input_files(str(scan))
    page.get_by_test_id("step-upload_scan").click()
    expect(page.get_by_test_id("clearance-status")).to_have_text("已回复")
    shot(page, "clearance-replied")

    # 5. 组织部门 reads the reply as sent (no evidence, no internal notes).
    login(page, "t_org_department", PASSWORD)
    page.goto(url)
    reply = page.get_by_test_id("reply")
    expect(reply.get_by_test_id("reply-row")).to_have_count(20)
    assert "暂缓" in reply.inner_text() and "XS2025-00077" not in page.content()
    expect(page.get_by_test_id("download-scan")).to_be_visible()
    shot(page, "clearance-reply-org-department")

    # 6. A new clue about a cleared person → the detector raises after_clearance.
    cleared = cadres[1]
    clue = Clue.objects.create(
        number="XS2026-00099", source="own", received_on=timezone.localdate(),
        summary="反映其违规接受宴请", subject_cadre=cleared,
        subject_name=cleared.name, status=ClueStatus.REGISTERED,
    )  # fmt: skip
    person = ClearancePerson.objects.get(request=request, cadre=cleared)
    keys = [c.key for c in after_clearance(on=timezone.localdate())]
    assert keys == [f"after_clearance:{person.pk}:clue:{clue.pk}"]

    assert page.recorder.requests and page.recorder.off_host == []
