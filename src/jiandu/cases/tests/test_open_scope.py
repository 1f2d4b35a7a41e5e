"""Opening a case is limited to the people and units the handling
unit supervises, in the API, on the page and in the service."""

from __future__ import annotations

from datetime import date

import pytest

from jiandu.cases import services
from jiandu.cases.models import Case, CasePerson
from jiandu.cases.services import PersonInput
from jiandu.core.errors import DomainError

pytestmark = pytest.mark.django_db
TODAY = date.today()


def _open_body(county, **people):
    return {
        "kind": "person",
        "title": "涉嫌违纪违法案",
        "summary": "收受礼金",
        "proposed_on": TODAY.isoformat(),
        "lead_unit": county.units["team1"].pk,
        "people": [people],
    }


def test_the_api_refuses_a_cadre_outside_the_teams_supervision(county, client_for):
    team1 = county.users["resident_team"]
    outsider = county.cadres["fin_head"]  # 财政局: supervised by team 2
    client = client_for(team1)
    assert client.get(f"/api/cadres/{outsider.pk}/").status_code == 404
    before = (Case.objects.count(), CasePerson.objects.count())
    response = client.post(
        "/api/cases/", _open_body(county, cadre=outsider.pk), content_type="application/json"
    )
    assert response.status_code == 400, response.content
    body = response.content.decode()
    assert outsider.name not in body and "局长" not in body
    assert "people" in response.json()["fields"]
    assert (Case.objects.count(), CasePerson.objects.count()) == before
    # The same answer as for an id that does not exist.
    missing = client.post(
        "/api/cases/", _open_body(county, cadre=10**9), content_type="application/json"
    )
    assert missing.status_code == 400 and missing.json() == response.json()


def test_the_api_refuses_a_unit_outside_the_teams_supervision(county, client_for):
    client = client_for(county.users["resident_team"])
    body = _open_body(county, name="某人", unit=county.units["dept_fin"].pk)
    body["target_unit"] = county.units["town_b"].pk
    response = client.post("/api/cases/", body, content_type="application/json")
    assert response.status_code == 400
    assert set(response.json()["fields"]) >= {"people", "target_unit"}
    assert not Case.objects.exists()


def test_the_service_refuses_people_and_units_outside_the_actors_scope(county):
    team1 = county.users["resident_team"]
    common = {
        "actor": team1,
        "kind": "person",
        "title": "涉嫌违纪违法案",
        "summary": "收受礼金",
        "proposed_on": TODAY,
        "lead_unit": county.units["team1"],
    }
    with pytest.raises(DomainError, match="无权"):
        services.case_open(**common, people=[PersonInput(cadre=county.cadres["fin_head"])])
    with pytest.raises(DomainError, match="无权"):
        services.case_open(
            **common, people=[PersonInput(name="某人", unit=county.units["dept_fin"])]
        )
    with pytest.raises(DomainError, match="无权"):
        services.case_open(
            **{**common, "kind": "organisation"}, target_unit=county.units["dept_fin"]
        )
    assert not Case.objects.exists()
    # In scope: opened.
    case = services.case_open(**common, people=[PersonInput(cadre=county.cadres["edu_head"])])
    assert case.people.get().cadre == county.cadres["edu_head"]


def test_the_page_refuses_a_unit_outside_the_teams_supervision(county, client_for):
    client = client_for(county.users["resident_team"])
    form = client.get("/cases/new/").content.decode()
    assert county.units["dept_edu"].name in form  # offered: supervised by team 1
    assert county.units["dept_fin"].name not in form  # not offered: team 2's
    response = client.post(
        "/cases/new/",
        {
            "kind": "organisation",
            "title": "财政局违纪问题",
            "summary": "违规发放津补贴",
            "proposed_on": TODAY.isoformat(),
            "target_unit": county.units["dept_fin"].pk,
        },
    )
    assert response.status_code == 200
    assert "所选对象不存在，或您无权查看" in response.content.decode()
    assert not Case.objects.exists()


def test_recommendations_and_reform_items_go_to_the_cases_units(county):
    team1 = county.users["resident_team"]
    case = services.case_open(
        actor=team1,
        kind="person",
        title="涉嫌违纪违法案",
        summary="收受礼金",
        proposed_on=TODAY,
        lead_unit=county.units["team1"],
        people=[PersonInput(cadre=county.cadres["edu_head"])],
    )
    with pytest.raises(DomainError, match="无权"):
        services.reform_item_add(
            actor=team1, case=case, unit=county.units["dept_fin"], description="整改", due_on=TODAY
        )
    item = services.reform_item_add(
        actor=team1, case=case, unit=county.units["dept_edu"], description="整改", due_on=TODAY
    )
    assert item.unit == county.units["dept_edu"]
