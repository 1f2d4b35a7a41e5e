"""Case API: scoped reads (404 both ways), one action per step through the services,
the error shape, query counts on the list, and the OpenAPI schema."""

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from jiandu.accounts.models import User
from jiandu.cases import services
from jiandu.cases.rules import Stage, combined_period_end
from jiandu.cases.services import PersonInput

pytestmark = pytest.mark.django_db
TODAY = date.today()


def test_scoped_reads(client_for, staff, new_case):
    case = new_case()
    team2 = User.objects.create_user(
        username="t_team2", password="pw-12345678", role="resident_team", unit=staff.units["team2"]
    )
    assert client_for(team2).get(f"/api/cases/{case.pk}/").status_code == 404
    assert client_for(team2).get("/api/cases/").json()["count"] == 0
    response = client_for(staff.users["resident_team"]).get(f"/api/cases/{case.pk}/")
    assert response.status_code == 200
    body = response.json()
    assert body["number"] == case.number and body["people"][0]["name"] == "张伟"
    assert body["stage"] == "filed"
    assert client_for(staff.users["petition"]).get("/api/cases/").status_code == 403
    assert client_for(staff.users["review"]).get(f"/api/cases/{case.pk}/").status_code == 404


def test_list_query_count_is_constant(client_for, staff, new_case):
    client = client_for(staff.users["leader"])
    new_case()
    with CaptureQueriesContext(connection) as few:
        client.get("/api/cases/")
    for _ in range(6):
        new_case(people=[PersonInput(name="甲"), PersonInput(name="乙")])
    with CaptureQueriesContext(connection) as more:
        response = client.get("/api/cases/")
    assert response.json()["count"] == 7
    assert len(more.captured_queries) == len(few.captured_queries)


def _client(user):
    from django.test import Client

    client = Client()
    client.force_login(user)
    return client


def test_the_track_through_the_api(staff):
    u = staff.users
    handler = _client(u["resident_team"])
    response = handler.post(
        "/api/cases/",
        {
            "kind": "person",
            "title": "张伟涉嫌违纪违法案",
            "summary": "收受礼金",
            "proposed_on": TODAY.isoformat(),
            "lead_unit": staff.units["team1"].pk,
            "people": [{"cadre": staff.cadres["edu_head"].pk, "amount_involved": "32000.00"}],
            "category_codes": ["integrity"],
        },
        content_type="application/json",
    )
    assert response.status_code == 201, response.json()
    case_id = response.json()["id"]
    person_id = response.json()["people"][0]["id"]
    leader = _client(u["leader"])
    response = leader.post(
        f"/api/cases/{case_id}/decide_filing/",
        {"approve": True, "on": TODAY.isoformat()},
        content_type="application/json",
    )
    assert response.status_code == 200 and response.json()["stage"] == "filed"
    # Missing the signed document: 400 with the Chinese reason and the missing kinds.
    step = {"person": person_id, "on": TODAY.isoformat()}
    response = handler.post(
        f"/api/cases/{case_id}/start_investigation/", step, content_type="application/json"
    )
    assert response.status_code == 400, response.json()
    assert "立案决定书" in response.json()["message"]
    assert response.json()["fields"] == {"documents": ["filing_decision"]}

    def sign(client, kind):
        response = client.post(
            f"/api/cases/{case_id}/documents/generate/",
            {"kind": kind, "person": person_id},
            content_type="application/json",
        )
        assert response.status_code == 201 and response.json()["generated"]
        from jiandu.cases.models import DocumentVersion

        version = DocumentVersion.objects.get(pk=response.json()["id"])
        with version.file.open("rb") as fh:
            content = fh.read()
        response = client.post(
            f"/api/cases/{case_id}/documents/upload/",
            {"kind": kind, "person": person_id, "file": SimpleUploadedFile("s.docx", content)},
        )
        assert response.status_code == 201 and response.json()["signed"]

    sign(handler, "filing_decision")
    assert (
        handler.post(
            f"/api/cases/{case_id}/start_investigation/", step, content_type="application/json"
        ).status_code
        == 200
    )
    sign(handler, "investigation_report")
    handler.post(f"/api/cases/{case_id}/refer_review/", step, content_type="application/json")
    reviewer = _client(u["review"])
    response = reviewer.post(
        f"/api/cases/{case_id}/accept_review/", step, content_type="application/json"
    )
    assert response.status_code == 200
    sign(reviewer, "review_report")
    response = reviewer.post(
        f"/api/cases/{case_id}/decide/",
        {**step, "measures": ["party_serious_warning", "gov_demerit"]},
        content_type="application/json",
    )
    assert response.status_code == 200
    person = response.json()["people"][0]
    assert person["stage"] == Stage.DECIDED
    assert person["four_form"] == 2
    end = combined_period_end([("party_serious_warning", TODAY), ("gov_demerit", TODAY)])
    assert person["influence_period_end"] == end.isoformat()
    assert {m["code"] for m in person["measures"]} == {"party_serious_warning", "gov_demerit"}
    # Illegal: deciding again.
    response = reviewer.post(
        f"/api/cases/{case_id}/decide/",
        {**step, "measures": ["party_warning"]},
        content_type="application/json",
    )
    assert response.status_code == 400 and "不能作出处理决定" in response.json()["message"]
    # A handler may not decide (capability): 403.
    assert (
        handler.post(
            f"/api/cases/{case_id}/decide/",
            {**step, "measures": []},
            content_type="application/json",
        ).status_code
        == 403
    )


def test_an_investigator_cannot_review_through_the_api(client_for, staff, new_case, advance):
    u = staff.users
    case = new_case()
    services.case_set_team(
        actor=u["resident_team"], case=case, investigators=[u["resident_team"], u["review"]]
    )
    person = advance(case.people.get(), Stage.REFERRED)
    response = client_for(u["review"]).post(
        f"/api/cases/{case.pk}/accept_review/",
        {"person": person.pk, "on": TODAY.isoformat()},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "第五十四条" in response.json()["message"]


def test_openapi_schema_lists_the_case_steps(tmp_path):
    target = tmp_path / "schema.yaml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(target))
    schema = target.read_text(encoding="utf-8")
    for path in (
        "/api/cases/",
        "/api/cases/{id}/decide_filing/",
        "/api/cases/{id}/start_investigation/",
        "/api/cases/{id}/decide/",
        "/api/cases/{id}/detain/",
        "/api/cases/{id}/documents/upload/",
    ):
        assert path in schema
