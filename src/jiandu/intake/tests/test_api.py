"""The report API: scoped as the pages are; the reporter's identity never appears in the
register and is read only by the petition office, each read logged."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from jiandu.audit.models import Event, ReadLog
from jiandu.clues.models import Clue, ClueSource
from jiandu.core.testing import make_citizen_id
from jiandu.intake import services
from jiandu.intake.models import Report, ReportStatus

pytestmark = pytest.mark.django_db

REPORTER = {"name": "赵六", "id_number": make_citizen_id(77), "phone": "13900001111"}
SECRETS = ("赵六", REPORTER["id_number"], "13900001111")


def assert_error(response, code):
    assert response.status_code == code, response.content.decode()
    body = response.json()
    assert set(body) == {"message", "fields"}
    return body


def post(client, url, data=None):
    return client.post(url, data or {}, content_type="application/json")


@pytest.fixture
def register(county):
    """Register a report directly through the service (as the petition office)."""

    def make(content="反映测试县第一中学教师李娜违规收受家长礼金。", days_ago=1, **kw):
        kw.setdefault("subjects", [{"name": "李娜", "unit_text": "测试县第一中学"}])
        return services.report_register(
            actor=county.users["petition"],
            channel=kw.pop("channel", "letter"),
            received_at=timezone.now() - timedelta(days=days_ago),
            content=content,
            **kw,
        )

    return make


# --- registration and the reporter's identity --------------------------------------------


def test_petition_office_registers_a_named_report(county, client_for):
    client = client_for(county.users["petition"])
    response = post(
        client,
        "/api/reports/",
        {
            "channel": "visit",
            "received_at": (timezone.now() - timedelta(hours=2)).isoformat(),
            "content": "反映测试县财政局局长王强违规发放津补贴。",
            "is_named": True,
            "reporter": REPORTER,
            "subjects": [{"name": "王强", "unit_text": "测试县财政局"}],
            "subject_text": "王强",
            "unit_text": "测试县财政局",
            "category_codes": ["hd_allowance"],
        },
    )
    assert response.status_code == 201, response.content
    data = response.json()
    report = Report.objects.get(pk=data["id"])
    assert data["number"] == report.number and data["number"].startswith("XF")
    assert data["status"] == ReportStatus.REGISTERED and data["is_named"] is True
    assert [c["code"] for c in data["categories"]] == ["hd_allowance"]
    assert data["subjects"][0]["name"] == "王强"
    assert data["jurisdiction_due"] and data["ack_due"]
    body = response.content.decode()
    assert not any(secret in body for secret in SECRETS)
    assert "reporter" not in data and "reporter_identity" not in data
    assert report.reporter_identity and "赵六" not in report.reporter_identity  # encrypted
    assert Event.objects.filter(action="intake.report.register", object_id=str(report.pk)).exists()


def test_registration_errors_have_the_error_shape(county, client_for):
    client = client_for(county.users["petition"])
    base = {"channel": "letter", "received_at": timezone.now().isoformat(), "content": "反映问题"}
    short = assert_error(post(client, "/api/reports/", base), 400)
    assert short["fields"] == {"content": ["反映内容过短"]}
    nameless = {**base, "content": "反映某局长收受礼金的问题。", "is_named": True}
    assert "实名举报" in assert_error(post(client, "/api/reports/", nameless), 400)["message"]
    bad_id = {**nameless, "reporter": {"name": "赵六", "id_number": "330521198005170010"}}
    body = assert_error(post(client, "/api/reports/", bad_id), 400)
    assert "reporter_id_number" in body["fields"]
    unknown = assert_error(post(client, "/api/reports/", {**base, "channel": "fax"}), 400)
    assert "channel" in unknown["fields"]
    assert not Report.objects.exists()
    leader = client_for(county.users["leader"])
    assert_error(post(leader, "/api/reports/", {**base, "content": "反映某局长收受礼金。"}), 403)


def test_reporter_identity_is_for_the_petition_office_only_and_logged(county, client_for, register):
    report = register(is_named=True, reporter=REPORTER)
    url = f"/api/reports/{report.pk}/reporter/"
    for role in ("leader", "case_management", "resident_team", "supervision_office"):
        assert_error(client_for(county.users[role]).get(url), 403)
    assert not ReadLog.objects.exists()

    petition = county.users["petition"]
    response = client_for(petition).get(url)
    assert response.status_code == 200
    assert response.json() == {
        "name": "赵六",
        "id_number": REPORTER["id_number"],
        "phone": "13900001111",
    }
    [log] = ReadLog.objects.all()
    assert log.user == petition and log.object_id == str(report.pk)
    assert log.what == "举报人身份信息"
    client_for(petition).get(url)
    assert ReadLog.objects.count() == 2  # every read


def test_anonymous_report_has_no_identity(county, client_for, register):
    report = register()
    response = client_for(county.users["petition"]).get(f"/api/reports/{report.pk}/reporter/")
    assert response.status_code == 200 and response.json() == {}


def test_list_and_detail_never_carry_the_identity(county, client_for, register):
    report = register(is_named=True, reporter=REPORTER)
    for role in ("petition", "leader"):
        client = client_for(county.users[role])
        listing = client.get("/api/reports/")
        detail = client.get(f"/api/reports/{report.pk}/")
        assert listing.json()["count"] == 1 and detail.status_code == 200
        for response in (listing, detail):
            body = response.content.decode()
            assert not any(secret in body for secret in SECRETS), role
        assert not {"reporter", "reporter_identity", "receipt_code_hash"} & set(detail.json())


# --- reading -----------------------------------------------------------------------------


def test_list_and_retrieve_are_scoped(county, client_for, register):
    school = register()  # 李娜, 第一中学 under the education bureau → 派驻第一组
    finance = register(
        content="反映测试县财政局局长王强违规发放津补贴。",
        subjects=[{"name": "王强", "unit_text": "测试县财政局"}],
    )
    assert school.subjects.get().unit == county.units["school"]  # matched to the register
    team = client_for(county.users["resident_team"])
    data = team.get("/api/reports/").json()
    assert [r["number"] for r in data["results"]] == [school.number]
    hidden = assert_error(team.get(f"/api/reports/{finance.pk}/"), 404)
    missing = assert_error(team.get("/api/reports/999999/"), 404)
    assert hidden == missing
    assert team.get(f"/api/reports/{school.pk}/").status_code == 200
    numbers = {
        r["number"]
        for r in client_for(county.users["leader"]).get("/api/reports/").json()["results"]
    }
    assert numbers == {school.number, finance.number}
    assert_error(client_for(county.users["review"]).get("/api/reports/"), 403)


def test_filters(county, client_for, register):
    old = register(days_ago=30, channel="visit")  # the 5 working days have long passed
    new = register(content="反映东镇红星村党支部书记刘洋优亲厚友。", subjects=[])
    client = client_for(county.users["petition"])

    def numbers(params):
        response = client.get("/api/reports/", params)
        assert response.status_code == 200, response.content
        return {r["number"] for r in response.json()["results"]}

    assert numbers({"channel": "visit"}) == {old.number}
    assert numbers({"q": "红星村"}) == {new.number}
    assert numbers({"q": new.number}) == {new.number}
    assert numbers({"status": "registered"}) == {old.number, new.number}
    today = timezone.localdate()
    assert numbers({"received_from": str(today - timedelta(days=5))}) == {new.number}
    assert numbers({"received_to": str(today - timedelta(days=20))}) == {old.number}
    assert numbers({"jurisdiction_overdue": "true"}) == {old.number}
    assert numbers({"jurisdiction_overdue": "false"}) == {new.number}
    rows = {r["number"]: r for r in client.get("/api/reports/").json()["results"]}
    assert rows[old.number]["jurisdiction_overdue"] is True
    assert rows[new.number]["jurisdiction_overdue"] is False
    ordered = client.get("/api/reports/", {"ordering": "received_at"}).json()["results"]
    assert [r["number"] for r in ordered] == [old.number, new.number]
    bad = assert_error(client.get("/api/reports/", {"received_from": "昨天"}), 400)
    assert "received_from" in bad["fields"]


# --- steps -------------------------------------------------------------------------------


def test_jurisdiction_acknowledgement_closing_and_result(county, client_for, register):
    report = register(is_named=True, reporter=REPORTER)
    client = client_for(county.users["petition"])
    base = f"/api/reports/{report.pk}"
    forward = assert_error(
        post(client, f"{base}/decide_jurisdiction/", {"decision": "forward_other"}), 400
    )
    assert forward["fields"] == {"forward_to": ["请填写接收机关"]}
    r = post(client, f"{base}/decide_jurisdiction/", {"decision": "accept", "reason": "属本级管辖"})
    assert r.status_code == 200 and r.json()["status"] == ReportStatus.ACCEPTED
    assert r.json()["jurisdiction"] == "accept"
    again = assert_error(post(client, f"{base}/decide_jurisdiction/", {"decision": "accept"}), 400)
    assert "不能再作管辖决定" in again["message"]

    today = str(timezone.localdate())
    r = post(client, f"{base}/acknowledge/", {"on": today})
    assert r.json()["ack_sent_on"] == today
    assert (
        "已经告知"
        in assert_error(post(client, f"{base}/acknowledge/", {"on": today}), 400)["message"]
    )
    premature = assert_error(post(client, f"{base}/result_sent/", {"on": today}), 400)
    assert premature["message"] == "只有已办结的实名举报需要告知办理结果"
    assert_error(post(client, f"{base}/close/", {"on": today, "reason": ""}), 400)
    r = post(client, f"{base}/close/", {"on": today, "reason": "经核查问题不属实，已了结"})
    assert r.json()["status"] == ReportStatus.CLOSED and r.json()["result_due"]
    r = post(client, f"{base}/result_sent/", {"on": today})
    assert r.status_code == 200 and r.json()["result_sent_on"] == today
    assert not any(secret in r.content.decode() for secret in SECRETS)


def test_steps_need_the_register_capability(county, client_for, register):
    report = register()
    events = Event.objects.count()
    for role in ("leader", "resident_team"):
        client = client_for(county.users[role])
        url = f"/api/reports/{report.pk}/decide_jurisdiction/"
        assert_error(post(client, url, {"decision": "accept"}), 403)
    report.refresh_from_db()
    assert report.status == ReportStatus.REGISTERED and Event.objects.count() == events


# --- from report to clue -----------------------------------------------------------------


def test_create_clue_from_reports(county, client_for, register):
    first = register()
    second = register(content="再次反映第一中学教师李娜收受礼金。", days_ago=3)
    client = client_for(county.users["petition"])
    response = post(
        client,
        f"/api/reports/{first.pk}/create_clue/",
        {"summary": "反映李娜收受家长礼金。", "other_report_ids": [second.pk]},
    )
    assert response.status_code == 201, response.content
    data = response.json()
    assert set(data) == {"clue_id", "clue_number"}
    clue = Clue.objects.get(pk=data["clue_id"])
    assert clue.number == data["clue_number"] and clue.source == ClueSource.REPORT
    assert set(clue.reports.all()) == {first, second}
    assert clue.summary == "反映李娜收受家长礼金。"
    assert clue.received_on == timezone.localdate(second.received_at)  # the earliest
    detail = client_for(county.users["leader"]).get(f"/api/reports/{first.pk}/").json()
    assert detail["clue_numbers"] == [clue.number]


def test_create_clue_refusals(county, client_for, register):
    report = register()
    forwarded = register(content="反映东镇红星村刘洋的问题，应转送。")
    services.report_decide_jurisdiction(
        actor=county.users["petition"],
        report=forwarded,
        decision="forward_lower",
        forward_to="东镇纪委",
    )
    petition = client_for(county.users["petition"])
    url = f"/api/reports/{report.pk}/create_clue/"
    missing = assert_error(post(petition, url, {"other_report_ids": [999999]}), 400)
    assert "other_report_ids" in missing["fields"]
    closed = assert_error(post(petition, f"/api/reports/{forwarded.pk}/create_clue/"), 400)
    assert "不能转为线索" in closed["message"]
    assert_error(post(client_for(county.users["resident_team"]), url), 403)
    assert_error(post(client_for(county.users["leader"]), url), 403)
    assert not Clue.objects.exists()
    # The case management office may make a clue from it.
    response = post(client_for(county.users["case_management"]), url)
    assert response.status_code == 201
    assert Clue.objects.get().summary == report.content
