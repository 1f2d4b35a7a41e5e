"""Clearance requests end to end through the services, the pages and the API: submitting
(form, Excel, refusals by row), proposing, changing with a reason, approval by another
person, the frozen reply, the asking body's view, the letter, the scan and the
detectors."""

from __future__ import annotations

import re
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from jiandu.audit.models import Event
from jiandu.clues.models import ClueStatus
from jiandu.core.errors import DomainError
from jiandu.integrity import clearance_services as services
from jiandu.integrity.models import ClearancePerson, ClearanceRequest, ClearanceStatus
from jiandu.integrity.rules import Answer

from .conftest import admonition, make_clue, people_rows, xlsx

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _approved(county, submitted, on=date(2025, 12, 10)):
    u = county.users
    services.clearance_propose(actor=u["case_management"], clearance=submitted, on=on)
    services.clearance_submit(actor=u["case_management"], clearance=submitted)
    services.clearance_decide(actor=u["leader"], clearance=submitted, approve=True)
    submitted.refresh_from_db()
    return submitted


# --- submitting ---------------------------------------------------------------------------


def test_the_asking_body_submits_for_its_own_unit_due_in_five_working_days(county, submitted):
    assert submitted.asking_unit == county.units["dept_org"]
    assert submitted.asking_body == "中共测试县委组织部"
    assert submitted.number.startswith("HF2025-")
    # Received Mon 2025-12-01: 5 working days → Mon 2025-12-08 (the 6th and 7th are a
    # weekend).
    assert submitted.due_on == date(2025, 12, 8)
    assert submitted.people.count() == 3
    assert Event.objects.filter(action="integrity.clearance.submit_request").count() == 1


def test_a_wrong_check_digit_or_an_unknown_person_refuses_the_whole_batch(county):
    rows = people_rows(county, "edu_head", "fin_head")
    rows[1]["citizen_id"] = rows[1]["citizen_id"][:-1] + (
        "0" if rows[1]["citizen_id"][-1] != "0" else "1"
    )
    with pytest.raises(DomainError) as refused:
        services.clearance_request_submit(
            actor=county.users["org_department"], purpose="award", people=rows
        )
    assert "第2人" in refused.value.message
    assert ClearanceRequest.objects.count() == 0


def test_the_excel_import_reports_the_wrong_row_and_imports_nothing(county):
    from jiandu.integrity.clearance_imports import import_people

    good = [[c.name, c.citizen_id, "单位"] for c in county.cadres.values()]
    bad = [*good[:2], ["王强", "110101199003070000", "财政局"], *good[2:]]
    result, created = import_people(
        actor=county.users["org_department"], file=xlsx(bad), purpose="promotion"
    )
    assert created is None and ClearanceRequest.objects.count() == 0
    (error,) = result.errors
    assert (error.row, error.column) == (4, "B（身份证号）")
    result, created = import_people(
        actor=county.users["org_department"], file=xlsx(good), purpose="promotion"
    )
    assert result.ok and created is not None
    assert created.people.count() == len(good)


def test_an_unmatched_row_is_reported_with_its_row(county):
    from jiandu.core.testing import make_citizen_id
    from jiandu.integrity.clearance_imports import import_people

    result, created = import_people(
        actor=county.users["org_department"],
        file=xlsx([["无名氏", make_citizen_id(777), "某单位"]]),
        purpose="other",
    )
    assert created is None
    assert result.errors[0].row == 2 and "干部名册中没有" in result.errors[0].message


# --- the handling office and the leader ----------------------------------------------------


def test_changing_an_answer_needs_a_reason_and_is_audited(county, submitted):
    u = county.users
    services.clearance_propose(
        actor=u["case_management"], clearance=submitted, on=date(2025, 12, 10)
    )
    person = submitted.people.get(cadre=county.cadres["edu_head"])
    with pytest.raises(DomainError, match="理由"):
        services.clearance_change_answer(
            actor=u["case_management"],
            clearance=submitted,
            person=person,
            answer=Answer.DEFER,
            reason=" ",
        )
    services.clearance_change_answer(
        actor=u["case_management"],
        clearance=submitted,
        person=person,
        answer=Answer.DEFER,
        reason="组织部另函告知近期收到反映",
    )
    person.refresh_from_db()
    assert (person.proposed_answer, person.answer, person.changed) == ("clear", "defer", True)
    event = Event.objects.get(action="integrity.clearance.change_answer")
    assert event.reason == "组织部另函告知近期收到反映" and event.to_state == "暂缓"


def test_the_proposer_never_approves(county, submitted):
    u = county.users
    services.clearance_propose(
        actor=u["case_management"], clearance=submitted, on=date(2025, 12, 10)
    )
    services.clearance_submit(actor=u["case_management"], clearance=submitted)
    # The leader made the proposal (recorded as theirs): refused.
    ClearanceRequest.objects.filter(pk=submitted.pk).update(proposed_by=u["leader"])
    with pytest.raises(DomainError, match="拟办人不能审批"):
        services.clearance_decide(actor=u["leader"], clearance=submitted, approve=True)
    submitted.refresh_from_db()
    assert submitted.status == ClearanceStatus.AWAITING_APPROVAL
    # Nor may the handling office approve at all (no capability).
    from jiandu.core.errors import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.clearance_decide(actor=u["case_management"], clearance=submitted, approve=True)


def test_the_reply_is_a_snapshot_after_the_record_changes(county, submitted, client_for):
    u = county.users
    cadre = county.cadres["edu_head"]
    clearance = _approved(county, submitted)
    person = clearance.people.get(cadre=cadre)
    before = (person.answer, person.answer_text, person.facts)
    assert before[0] == Answer.CLEAR
    # After the reply: a clue about the person and an admonition.
    make_clue(cadre, on=date(2026, 1, 5), status=ClueStatus.VERIFICATION, n=5)
    admonition(cadre, on=date(2026, 2, 1), n=6)
    person.refresh_from_db()
    assert (person.answer, person.answer_text, person.facts) == before
    html = client_for(u["case_management"]).get(clearance.get_absolute_url()).content.decode()
    since = html[html.index('data-testid="since-then"') :]
    assert "XS2026-90005" in since and "诫勉" in since
    # The change step is closed once approved.
    with pytest.raises(DomainError):
        services.clearance_change_answer(
            actor=u["case_management"],
            clearance=clearance,
            person=person,
            answer=Answer.DEFER,
            reason="x",
        )


def test_letter_and_scan(county, submitted, client_for):
    u = county.users
    clearance = _approved(county, submitted)
    services.clearance_issue(actor=u["case_management"], clearance=clearance)
    clearance.refresh_from_db()
    assert clearance.reply_number.endswith("号") and "〔" in clearance.reply_number
    response = client_for(u["case_management"]).get(
        reverse("integrity:clearance_letter", args=(clearance.pk,))
    )
    assert response.status_code == 200
    import io

    from docx import Document

    doc = Document(io.BytesIO(response.content))
    cells = [c.text for t in doc.tables for row in t.rows for c in row.cells]
    assert "张伟" in cells and any("未收到反映该同志" in c for c in cells)
    with pytest.raises(DomainError):
        services.clearance_upload_scan(
            actor=u["case_management"],
            clearance=clearance,
            file=SimpleUploadedFile("扫描件.pdf", b"not a pdf"),
        )
    services.clearance_upload_scan(
        actor=u["case_management"],
        clearance=clearance,
        file=SimpleUploadedFile("扫描件.pdf", PDF),
    )
    clearance.refresh_from_db()
    assert clearance.status == ClearanceStatus.REPLIED and clearance.signed_scan
    response = client_for(u["org_department"]).get(
        reverse("integrity:clearance_scan", args=(clearance.pk,))
    )
    assert response.status_code == 200


# --- the asking body's view ------------------------------------------------------------------


def test_the_asking_body_sees_only_its_requests_and_only_approved_replies(
    county, submitted, client_for
):
    from jiandu.org import services as org

    u = county.users
    other_unit = org.unit_create(actor=None, code="dept_rd", name="县人大常委会", kind="department")
    from jiandu.accounts.models import User

    other = User.objects.create_user(
        username="t_rd", password="x-pw-123456", role="org_department", unit=other_unit
    )
    services.clearance_propose(
        actor=u["case_management"], clearance=submitted, on=date(2025, 12, 10)
    )
    services.clearance_note(
        actor=u["case_management"], clearance=submitted, note="内部备注：待核对婚姻状况"
    )
    url = submitted.get_absolute_url()
    client = client_for(u["org_department"])
    html = client.get(url).content.decode()
    assert 'data-testid="reply-pending"' in html and "未收到反映" not in html
    assert client.get(reverse("clearance-request-reply", args=(submitted.pk,))).status_code == 404
    data = client.get(reverse("clearance-request-detail", args=(submitted.pk,))).json()
    assert all("answer" not in p and "facts" not in p for p in data["people"])
    assert client_for(other).get(url).status_code == 404
    assert client_for(other).get(reverse("clearance-request-list")).json()["count"] == 0

    client = client_for(u["leader"])
    services.clearance_submit(actor=u["case_management"], clearance=submitted)
    response = client.post(reverse("integrity:clearance_action", args=(submitted.pk, "approve")))
    assert response.status_code == 302
    client = client_for(u["org_department"])
    html = client.get(url).content.decode()
    assert 'data-testid="reply"' in html and "未收到反映该同志" in html
    # A clue number (XS2025-00001) must not reach the asking body; a bare "XS"
    # also occurs by chance in the random CSRF token, so match the number's shape.
    assert not re.search(r"XS\d{4}-\d", html) and 'data-testid="facts"' not in html
    assert "待核对婚姻状况" not in html
    reply = client.get(reverse("clearance-request-reply", args=(submitted.pk,))).json()
    assert {p["answer"] for p in reply["people"]} == {"clear"}
    assert all("facts" not in p and "citizen_id" not in p for p in reply["people"])


def test_the_org_department_can_do_nothing_else(county, client_for):
    client = client_for(county.users["org_department"])
    workbench = client.get(reverse("core:workbench"))
    assert workbench.status_code == 200 and "/org/" not in workbench.content.decode()
    html = client.get(reverse("integrity:clearance_list")).content.decode()
    nav = html[html.index('data-testid="main-nav"') :]
    nav = nav[: nav.index("</ul>")]
    assert "意见回复" in nav
    for label in (
        "信访举报",
        "问题线索",
        "审查调查",
        "巡察整改",
        "督办事项",
        "廉政档案",
        "数据比对",
        "统计分析",
        "系统管理",
    ):
        assert label not in nav, label
    for name in (
        "intake:report_list",
        "clues:clue_list",
        "cases:case_list",
        "org:cadre_list",
        "org:unit_list",
        "inspections:round_list",
        "directives:task_list",
        "crosscheck:hit_list",
        "audit:event_list",
    ):
        assert client.get(reverse(name)).status_code in (403, 404), name
    cadre = county.cadres["edu_head"]
    assert client.get(reverse("org:cadre_detail", args=(cadre.pk,))).status_code in (403, 404)
    assert client.get(reverse("cadre-list")).status_code == 403
    assert client.get(reverse("clue-list")).status_code == 403


def test_the_asking_body_cannot_take_steps(county, submitted, client_for):
    client = client_for(county.users["org_department"])
    url = reverse("integrity:clearance_action", args=(submitted.pk, "propose"))
    assert client.post(url).status_code == 404
    api = reverse("clearance-request-propose", args=(submitted.pk,))
    assert client.post(api, {}, content_type="application/json").status_code == 403
    submitted.refresh_from_db()
    assert submitted.status == ClearanceStatus.SUBMITTED


# --- API ----------------------------------------------------------------------------------------


def test_api_submit_batch_and_steps(county, client_for):
    u = county.users
    client = client_for(u["org_department"])
    rows = people_rows(county, "edu_head", "teacher")
    response = client.post(
        reverse("clearance-request-list"),
        {"purpose": "award", "people": rows},
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    assert response.json()["people_count"] == 2
    bad = xlsx([["李娜", county.cadres["teacher"].citizen_id[:-1] + "Y", "学校"]])
    response = client.post(reverse("clearance-request-batch"), {"purpose": "award", "file": bad})
    assert response.status_code == 400
    body = response.json()
    assert set(body) == {"message", "fields"} and "第2行" in body["fields"]["file"][0]
    good = xlsx([["李娜", county.cadres["teacher"].citizen_id, "学校"]])
    response = client.post(reverse("clearance-request-batch"), {"purpose": "award", "file": good})
    assert response.status_code == 201
    pk = response.json()["id"]

    handler = client_for(u["case_management"])
    response = handler.post(
        reverse("clearance-request-propose", args=(pk,)), {}, content_type="application/json"
    )
    assert response.status_code == 200, response.content
    assert response.json()["people"][0]["proposed_answer"] == "clear"
    person = ClearancePerson.objects.get(request_id=pk)
    response = handler.post(
        reverse("clearance-request-change-answer", args=(pk,)),
        {"person": person.pk, "answer": "defer", "reason": ""},
        content_type="application/json",
    )
    assert response.status_code == 400 and "reason" in response.json()["fields"]


# --- detectors --------------------------------------------------------------------------------


def test_after_clearance_raises_once_per_new_record(county, submitted):
    from jiandu.integrity.clearance_detectors import after_clearance

    clearance = _approved(county, submitted)
    cadre = county.cadres["edu_head"]
    today = timezone.localdate()
    assert list(after_clearance(on=today)) == []
    clue = make_clue(cadre, on=today, status=ClueStatus.REGISTERED, n=7)
    first = list(after_clearance(on=today))
    person = clearance.people.get(cadre=cadre)
    assert [c.key for c in first] == [f"after_clearance:{person.pk}:clue:{clue.pk}"]
    assert first[0].kind == "after_clearance" and first[0].unit_id == county.units["dept_edu"].pk
    assert [c.key for c in after_clearance(on=today)] == [c.key for c in first]


def test_clearance_barred_for_a_person_in_an_open_request(county, submitted):
    from jiandu.integrity.clearance_detectors import clearance_barred

    today = timezone.localdate()
    assert list(clearance_barred(on=today)) == []
    make_clue(county.cadres["fin_head"], on=date(2025, 11, 1), status=ClueStatus.INQUIRY)
    person = submitted.people.get(cadre=county.cadres["fin_head"])
    keys = [c.key for c in clearance_barred(on=today)]
    assert keys == [f"clearance_barred:{person.pk}"]
    assert [c.key for c in clearance_barred(on=today)] == keys


# --- ledger and workbench -----------------------------------------------------------------------


def test_ledger_query_count_does_not_grow_with_rows(county, client_for):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for(county.users["case_management"])
    url = reverse("integrity:clearance_list")

    def count() -> int:
        client.get(url)
        with CaptureQueriesContext(connection) as q:
            assert client.get(url).status_code == 200
        return len(q)

    services.clearance_request_submit(
        actor=county.users["org_department"], purpose="award", people=people_rows(county, "teacher")
    )
    one = count()
    for _ in range(5):
        services.clearance_request_submit(
            actor=county.users["org_department"],
            purpose="award",
            people=people_rows(county, "teacher", "edu_head"),
        )
    assert count() == one


def test_workbench_items(county, submitted):
    from jiandu.core.workbench import expand
    from jiandu.integrity.clearance_workbench import clearance_items as sources

    def clearance_items(user):
        return expand(sources(user))

    u = county.users
    labels = [i.label for i in clearance_items(u["case_management"])]
    assert any(label.startswith("待提出意见") for label in labels)
    services.clearance_propose(
        actor=u["case_management"], clearance=submitted, on=date(2025, 12, 10)
    )
    services.clearance_submit(actor=u["case_management"], clearance=submitted)
    assert [i.label.split("：")[0] for i in clearance_items(u["leader"])] == ["待审批意见回复"]
    assert list(clearance_items(u["org_department"])) == []


def test_the_due_date_is_editable_per_request_with_a_reason(county, submitted, client_for):
    client = client_for(county.users["case_management"])
    url = reverse("integrity:clearance_action", args=(submitted.pk, "set_due"))
    client.post(url, {"due_on": "2025-12-12", "reason": ""})
    submitted.refresh_from_db()
    assert submitted.due_on == date(2025, 12, 8)
    response = client.post(url, {"due_on": "2025-12-12", "reason": "组织部同意延至周五"})
    assert response.status_code == 302
    submitted.refresh_from_db()
    assert (submitted.due_on, submitted.due_provisional) == (date(2025, 12, 12), False)
    assert Event.objects.filter(action="integrity.clearance.set_due").count() == 1


def test_a_person_without_unit_takes_the_current_post(county):
    rows = people_rows(county, "edu_head")
    rows[0]["unit_text"] = ""
    clearance = services.clearance_request_submit(
        actor=county.users["org_department"], purpose="award", people=rows
    )
    assert clearance.people.get().unit_text == "测试县教育局局长"
