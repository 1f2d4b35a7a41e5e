"""The clue API: scoped as the pages are, one action per workflow step, one error shape,
and an OpenAPI schema that generates without a warning."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from jiandu.audit.models import Event
from jiandu.clues import rules
from jiandu.clues.models import Clue, ClueDeadlineKind, ClueStatus, FirstFormMeasure

pytestmark = pytest.mark.django_db


def step(client, clue, name, data=None):
    return client.post(f"/api/clues/{clue.pk}/{name}/", data or {}, content_type="application/json")


def assert_error(response, code):
    assert response.status_code == code, response.content.decode()
    body = response.json()
    assert set(body) == {"message", "fields"}
    assert any("\u4e00" <= ch <= "\u9fff" for ch in body["message"]), body  # Chinese
    return body


def open_kinds(data):
    return {d["kind"]: d for d in data["deadlines"] if d["met_on"] is None}


# --- reading -----------------------------------------------------------------------------


def test_resident_team_lists_only_its_clues(people, client_for, new_clue, routed):
    mine = routed()  # 教育局局长 → 派驻第一组
    other = new_clue(cadre_key="fin_head")  # 财政局 → 派驻第二组's liaison
    data = client_for(people.users["resident_team"]).get("/api/clues/").json()
    assert [r["number"] for r in data["results"]] == [mine.number]
    assert data["count"] == 1
    row = data["results"][0]
    assert row["status"] == ClueStatus.ACCEPTED and row["status_display"] == "待处置"
    assert row["handling_unit_name"] == "派驻第一纪检监察组"
    assert row["open_deadlines"][0]["kind"] == ClueDeadlineKind.DISPOSITION
    leader = client_for(people.users["leader"]).get("/api/clues/").json()
    assert {r["number"] for r in leader["results"]} == {mine.number, other.number}


def test_other_units_clue_is_404_like_a_missing_one(people, client_for, new_clue):
    other = new_clue(cadre_key="fin_head")
    client = client_for(people.users["resident_team"])
    hidden = assert_error(client.get(f"/api/clues/{other.pk}/"), 404)
    missing = assert_error(client.get("/api/clues/999999/"), 404)
    assert hidden == missing
    # A step on a clue the user cannot see is refused the same way, and changes nothing.
    assert_error(step(client, other, "return", {"reason": "不属本组"}), 404)
    other.refresh_from_db()
    assert other.status == ClueStatus.REGISTERED


def test_a_role_without_the_register_is_refused(people, client_for, new_clue):
    new_clue()
    assert_error(client_for(people.users["petition"]).get("/api/clues/"), 403)
    assert_error(client_for(people.users["review"]).get("/api/clues/"), 403)


def test_anonymous_is_refused(client, people):
    response = client.get("/api/clues/")
    assert response.status_code == 403
    assert set(response.json()) == {"message", "fields"}


def test_list_uses_the_shared_filter_set(people, client_for, new_clue, routed):
    accepted = routed()
    registered = new_clue(cadre_key="teacher")
    client = client_for(people.users["leader"])

    def numbers(params):
        return {r["number"] for r in client.get("/api/clues/", params).json()["results"]}

    assert numbers({"status": "accepted"}) == {accepted.number}
    assert numbers({"status": ["accepted", "registered"]}) == {accepted.number, registered.number}
    assert numbers({"q": "李娜"}) == {registered.number}
    assert numbers({"handling_unit": people.units["team1"].pk}) == {accepted.number}
    assert numbers({"overdue": "true"}) == set()
    bad = assert_error(client.get("/api/clues/", {"status": "nonsense"}), 400)
    assert "status" in bad["fields"]


def test_list_query_count_does_not_grow_with_rows(people, client_for, new_clue):
    client = client_for(people.users["leader"])
    new_clue()
    client.get("/api/clues/")  # warm the calendar snapshot
    with CaptureQueriesContext(connection) as few:
        assert client.get("/api/clues/").status_code == 200
    for key in ("teacher", "fin_head", "town_a_head", "village_head"):
        new_clue(cadre_key=key)
    with CaptureQueriesContext(connection) as many:
        data = client.get("/api/clues/").json()
    assert data["count"] == 5
    assert len(many) == len(few)


def test_detail_shows_deadlines_approvals_and_reports(people, client_for, routed):
    clue = routed(received_on=timezone.localdate() - timedelta(days=40))
    data = client_for(people.users["resident_team"]).get(f"/api/clues/{clue.pk}/").json()
    assert data["number"] == clue.number and data["summary"].startswith("反映其违规收受礼金")
    assert data["subject_cadre"] == people.cadres["edu_head"].pk
    assert data["subject_title"] == "局长"
    assert {c["code"] for c in data["categories"]} == {"integrity", "hd_gifts"}
    deadline = open_kinds(data)[ClueDeadlineKind.DISPOSITION]
    assert deadline["state"] == "overdue"  # 1 month from 40 days ago has passed
    assert deadline["basis"]
    [approval] = data["approvals"]
    assert approval["step"] == "routing" and approval["approved"] is True
    assert approval["proposed_by_name"] == str(people.users["case_management"])
    assert approval["approver_name"] == str(people.users["leader"])
    assert data["report_numbers"] == [] and data["measures"] == []


# --- registration ------------------------------------------------------------------------


def test_create_registers_a_clue(people, client_for):
    client = client_for(people.users["case_management"])
    response = client.post(
        "/api/clues/",
        {
            "source": "audit",
            "summary": "审计发现其违规发放津补贴。",
            "received_on": str(timezone.localdate()),
            "subject_cadre": people.cadres["fin_head"].pk,
            "category_codes": ["hd_allowance"],
            "transfer_ref": "县审计局〔2026〕7号",
        },
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    data = response.json()
    clue = Clue.objects.get(pk=data["id"])
    assert data["number"] == clue.number and clue.source == "audit"
    assert clue.subject_unit == people.units["dept_fin"]
    assert clue.transfer_ref == "县审计局〔2026〕7号"
    assert Event.objects.filter(action="clues.clue.create", object_id=str(clue.pk)).exists()


def test_create_refuses_bad_input_and_wrong_roles(people, client_for):
    before = Clue.objects.count()
    body = {"source": "own", "summary": "问题", "received_on": str(timezone.localdate())}
    client = client_for(people.users["case_management"])
    missing_subject = assert_error(client.post("/api/clues/", body, "application/json"), 400)
    assert missing_subject["message"] == "请填写被反映人"
    assert "subject_name" in missing_subject["fields"]
    unknown = {**body, "subject_name": "赵某", "category_codes": ["nope"]}
    bad = assert_error(client.post("/api/clues/", unknown, "application/json"), 400)
    assert "category_codes" in bad["fields"]
    future = {**body, "subject_name": "赵某", "received_on": "2999-01-01"}
    assert_error(client.post("/api/clues/", future, "application/json"), 400)
    resident = client_for(people.users["resident_team"])
    assert_error(
        resident.post("/api/clues/", {**body, "subject_name": "赵某"}, "application/json"), 403
    )
    assert Clue.objects.count() == before


# --- the workflow ------------------------------------------------------------------------


@pytest.fixture
def act(people, client):
    """POST one step as a role: ``act("leader", clue, "decide_routing", {...})``."""

    def run(role, clue, name, data=None):
        client.force_login(people.users[role])
        return step(client, clue, name, data)

    return run


def test_full_path_to_an_inquiry_letter_shows_the_reply_deadline(people, client_for, act, new_clue):
    clue = new_clue()
    team1 = people.units["team1"].pk

    r = act("case_management", clue, "propose_routing", {"unit": team1, "note": "属其联系"})
    assert r.status_code == 200 and r.json()["status"] == ClueStatus.ROUTING_PROPOSED
    assert r.json()["proposed_unit_name"] == "派驻第一纪检监察组"
    r = act("leader", clue, "decide_routing", {"approve": True, "comment": "同意"})
    assert r.json()["status"] == ClueStatus.ASSIGNED
    assert r.json()["handling_unit_name"] == "派驻第一纪检监察组"
    r = act("resident_team", clue, "accept")
    assert r.status_code == 200 and r.json()["status"] == ClueStatus.ACCEPTED
    letter = {"disposition": "inquiry", "inquiry_mode": "letter", "reason": "问题较轻，宜函询"}
    r = act("resident_team", clue, "propose_disposition", letter)
    assert r.json()["status"] == ClueStatus.DISPOSITION_PROPOSED
    assert r.json()["proposed_disposition"] == "inquiry"
    data = act("leader", clue, "decide_disposition", {"approve": True}).json()
    assert data["status"] == ClueStatus.INQUIRY and data["disposition"] == "inquiry"
    assert data["inquiry_mode"] == "letter" and data["inquiry_round"] == 1
    on = timezone.localdate()
    assert act("resident_team", clue, "inquiry_start", {"on": str(on)}).status_code == 200

    detail = client_for(people.users["resident_team"]).get(f"/api/clues/{clue.pk}/").json()
    reply = open_kinds(detail)[ClueDeadlineKind.INQUIRY_REPLY]
    assert reply["due_on"] == rules.inquiry_reply_due(on).isoformat()
    assert reply["started_on"] == on.isoformat()
    assert reply["state"] in ("running", "due_soon")
    assert ClueDeadlineKind.DISPOSITION not in open_kinds(detail)  # met when the leader approved
    assert [a["step"] for a in detail["approvals"]] == ["routing", "disposition"]


def test_inquiry_reply_and_conclusion_with_a_first_form_measure(act, routed):
    clue = routed()
    talk = {"disposition": "inquiry", "inquiry_mode": "talk", "reason": "谈话"}
    act("resident_team", clue, "propose_disposition", talk)
    act("leader", clue, "decide_disposition", {"approve": True})
    today = str(timezone.localdate())
    start = {"on": today, "explanation": True}
    assert act("resident_team", clue, "inquiry_start", start).status_code == 200
    r = act("resident_team", clue, "inquiry_reply", {"on": today})
    assert ClueDeadlineKind.INQUIRY_REPORT in open_kinds(r.json())
    assert ClueDeadlineKind.TALK_EXPLANATION not in open_kinds(r.json())
    # An outcome not open after an inquiry is refused by the input serializer.
    case = {"outcome": "case", "reason": "拟立案"}
    bad = assert_error(act("resident_team", clue, "inquiry_conclude", case), 400)
    assert "outcome" in bad["fields"]
    conclusion = {
        "outcome": "first_form",
        "reason": "说明基本属实，予以谈话提醒",
        "finding": "partly_true",
        "measure_kind": "first_talk_reminder",
    }
    data = act("resident_team", clue, "inquiry_conclude", conclusion).json()
    assert data["status"] == ClueStatus.CLOSED and data["close_kind"] == "after_check"
    assert [m["kind"] for m in data["measures"]] == ["first_talk_reminder"]
    assert FirstFormMeasure.objects.filter(clue=clue).count() == 1


def test_verification_extension_conclusion_and_shelve_review(act, routed):
    clue = routed()
    act(
        "resident_team",
        clue,
        "propose_disposition",
        {
            "disposition": "verification",
            "reason": "需核实",
            "verification_plan": "调取账目",
            "verification_team": "王某、李某",
        },
    )
    act("leader", clue, "decide_disposition", {"approve": True})
    before = clue.deadlines.get(kind=ClueDeadlineKind.VERIFICATION).due_on

    # Extending needs a leader: the handling unit is forbidden.
    assert_error(act("resident_team", clue, "verification_extend", {"reason": "外调"}), 403)
    r = act("leader", clue, "verification_extend", {"reason": "需外调取证"})
    assert r.json()["verification_extended"] is True
    assert open_kinds(r.json())[ClueDeadlineKind.VERIFICATION]["due_on"] > before.isoformat()
    again = assert_error(act("leader", clue, "verification_extend", {"reason": "再延"}), 400)
    assert again["message"] == "初步核实只能延期一次"

    shelve = {"outcome": "shelve", "finding": "unverifiable", "reason": "暂不具备核查条件"}
    r = act("resident_team", clue, "verification_conclude", shelve)
    assert r.json()["status"] == ClueStatus.SHELVED and r.json()["finding"] == "unverifiable"
    r = act("resident_team", clue, "shelve_review", {"note": "仍无新情况"})
    assert r.status_code == 200 and r.json()["status"] == ClueStatus.SHELVED
    reviews = [d for d in r.json()["deadlines"] if d["kind"] == ClueDeadlineKind.SHELVE_REVIEW]
    assert len(reviews) == 2 and sum(d["met_on"] is None for d in reviews) == 1


def test_routing_rejected_and_clue_returned(people, act, new_clue):
    clue = new_clue()
    team1 = people.units["team1"].pk
    act("case_management", clue, "propose_routing", {"unit": team1})
    r = act("leader", clue, "decide_routing", {"approve": False, "comment": "改分"})
    assert r.json()["status"] == ClueStatus.REGISTERED and r.json()["handling_unit"] is None
    act("case_management", clue, "propose_routing", {"unit": team1})
    act("leader", clue, "decide_routing", {"approve": True})
    blank = assert_error(act("resident_team", clue, "return", {"reason": " "}), 400)
    assert blank["fields"] == {"reason": ["请说明理由"]}
    r = act("resident_team", clue, "return", {"reason": "不属本组联系范围"})
    assert r.status_code == 200 and r.json()["status"] == ClueStatus.REGISTERED


def test_illegal_step_is_400_in_chinese_and_changes_nothing(act, new_clue):
    clue = new_clue()
    events = Event.objects.count()
    body = assert_error(act("resident_team", clue, "accept"), 400)
    assert "待分办" in body["message"] and "不能接收线索" in body["message"]
    body = assert_error(act("resident_team", clue, "inquiry_start", {"on": "2026-01-05"}), 400)
    assert "不能发函或谈话" in body["message"]
    clue.refresh_from_db()
    assert clue.status == ClueStatus.REGISTERED
    assert Event.objects.count() == events
    assert not clue.deadlines.filter(kind=ClueDeadlineKind.INQUIRY_REPLY).exists()


def test_rule_refusals_and_bad_input_are_400(act, routed):
    clue = routed()
    inquiry = {"disposition": "inquiry", "reason": "函询"}
    no_mode = assert_error(act("resident_team", clue, "propose_disposition", inquiry), 400)
    assert "inquiry_mode" in no_mode["fields"]
    nonsense = {"disposition": "x", "reason": "r"}
    unknown = assert_error(act("resident_team", clue, "propose_disposition", nonsense), 400)
    assert "disposition" in unknown["fields"]
    no_unit = assert_error(act("case_management", clue, "propose_routing", {"unit": 999999}), 400)
    assert "unit" in no_unit["fields"]
    clue.refresh_from_db()
    assert clue.status == ClueStatus.ACCEPTED


def test_forbidden_steps_are_403_and_change_nothing(people, act, new_clue):
    clue = new_clue()
    act("case_management", clue, "propose_routing", {"unit": people.units["team1"].pk})
    events = Event.objects.count()
    # Neither the handling unit nor the case management office may approve.
    assert_error(act("resident_team", clue, "decide_routing", {"approve": True}), 403)
    assert_error(act("case_management", clue, "decide_routing", {"approve": True}), 403)
    # A leader does not take a clue as the handling unit.
    assert_error(act("leader", clue, "accept"), 403)
    clue.refresh_from_db()
    assert clue.status == ClueStatus.ROUTING_PROPOSED and clue.handling_unit is None
    assert Event.objects.count() == events


# --- schema ------------------------------------------------------------------------------


def test_openapi_schema_validates_without_warnings(tmp_path):
    target = tmp_path / "schema.yaml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(target))
    schema = target.read_text(encoding="utf-8")
    for path in (
        "/api/clues/{id}/propose_routing/",
        "/api/clues/{id}/return/",
        "/api/clues/{id}/shelve_review/",
        "/api/reports/{id}/reporter/",
        "/api/reports/{id}/create_clue/",
    ):
        assert path in schema
