"""The register records in the API: list per cadre and create, scoped through the
cadre, one error shape, in the OpenAPI schema."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from jiandu.audit.models import Event
from jiandu.integrity import register_services as services
from jiandu.integrity.models import GiftHandIn, IntegrityTalk, PersonalDeclaration

pytestmark = pytest.mark.django_db

ROUTES = [
    "declarations",
    "talks",
    "duty-reports",
    "gifts",
    "family-events",
    "commendations",
]


@pytest.fixture(autouse=True)
def frozen_today(monkeypatch):
    real = timezone.localdate

    def localdate(value=None, timezone=None):
        return date(2026, 6, 15) if value is None else real(value, timezone)

    monkeypatch.setattr("django.utils.timezone.localdate", localdate)


def talk(cadre, day):
    return services.talk_create(
        actor=None,
        cadre=cadre,
        kind="integrity",
        talked_on=date(2026, 1, day),
        talked_by_name="周书记",
        summary="廉政谈话",
    )


def test_lists_are_scoped_through_the_cadre_and_filter_by_cadre(client_for, county):
    c = county.cadres
    for day in range(1, 6):
        talk(c["town_a_head"], day)
    talk(c["village_head"], 9)
    talk(c["town_b_head"], 10)  # 西镇: not 东镇纪委's
    client = client_for(county.users["township_commission"])
    with CaptureQueriesContext(connection) as few:
        data = client.get("/api/integrity/talks/").json()
    assert data["count"] == 6
    for day in range(11, 21):
        talk(c["village_head"], day)
    with CaptureQueriesContext(connection) as many:
        assert client.get("/api/integrity/talks/").json()["count"] == 16
    assert len(many) == len(few) <= 10  # not one query per record
    assert {r["cadre_name"] for r in data["results"]} == {"张伟", "刘洋"}
    own = client.get("/api/integrity/talks/", {"cadre": c["town_a_head"].pk}).json()
    assert own["count"] == 5 and own["results"][0]["talked_on"] == "2026-01-05"
    other = client.get("/api/integrity/talks/", {"cadre": c["town_b_head"].pk}).json()
    assert other["count"] == 0
    hidden = IntegrityTalk.objects.get(cadre=c["town_b_head"])
    response = client.get(f"/api/integrity/talks/{hidden.pk}/")
    assert response.status_code == 404 and set(response.json()) == {"message", "fields"}


def test_create_goes_through_the_service_with_one_event(client_for, county):
    cadre = county.cadres["town_a_head"]
    client = client_for(county.users["township_commission"])
    before = Event.objects.count()
    response = client.post(
        "/api/integrity/declarations/",
        {
            "cadre": cadre.pk,
            "year": 2025,
            "reported_on": "2026-01-20",
            "marital_status": "married",
            "real_estate": [{"owner": "本人", "address": "东镇幸福路12号", "area": "120"}],
        },
        content_type="application/json",
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["cadre"] == cadre.pk and body["cadre_name"] == "张伟"
    assert body["real_estate"] == [
        {"owner": "本人", "address": "东镇幸福路12号", "area": "120", "use": ""}
    ]
    assert Event.objects.count() == before + 1
    assert Event.objects.order_by("-seq").first().action == "integrity.declaration.create"

    again = client.post(
        "/api/integrity/declarations/",
        {"cadre": cadre.pk, "year": 2025, "reported_on": "2026-01-21", "marital_status": "married"},
        content_type="application/json",
    )
    assert again.status_code == 400
    assert "已登记" in again.json()["message"] and "year" in again.json()["fields"]
    assert PersonalDeclaration.objects.count() == 1


def test_a_cadre_outside_the_scope_is_refused_like_a_missing_one(client_for, county):
    client = client_for(county.users["township_commission"])
    payload = {
        "handed_in_on": "2026-02-03",
        "description": "购物卡",
        "value": "500.00",
        "handling": "turned_over",
    }
    for cadre_id in (county.cadres["town_b_head"].pk, 987654):
        response = client.post(
            "/api/integrity/gifts/", {**payload, "cadre": cadre_id}, content_type="application/json"
        )
        assert response.status_code == 400
        assert response.json()["fields"]["cadre"] == ["所选对象不存在，或您无权查看。"]
    assert not GiftHandIn.objects.exists()


def test_capabilities(client_for, county):
    cadre = county.cadres["town_a_head"]
    leader = client_for(county.users["leader"])
    assert leader.get("/api/integrity/commendations/").status_code == 200
    response = leader.post(
        "/api/integrity/commendations/",
        {"cadre": cadre.pk, "awarded_on": "2025-12-30", "title": "优秀", "awarded_by": "县委"},
        content_type="application/json",
    )
    assert response.status_code == 403 and "message" in response.json()
    org_dept = client_for(county.users["org_department"])
    assert org_dept.get("/api/integrity/talks/").status_code == 403


def test_every_route_is_in_the_schema(client_for, county):
    response = client_for(county.users["leader"]).get(reverse("api-schema"), {"format": "json"})
    paths = response.json()["paths"]
    for route in ROUTES:
        assert set(paths[f"/api/integrity/{route}/"]) >= {"get", "post"}
        assert "get" in paths[f"/api/integrity/{route}/{{id}}/"]
    schema = response.json()["components"]["schemas"]
    assert schema["Declaration"]["properties"]["cadre"]["x-scoped-relation"] == "org.Cadre"
