"""The API is scoped exactly as the pages are, with one error shape."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_cadre_api_is_scoped(client_for, county):
    data = client_for(county.users["resident_team"]).get("/api/cadres/").json()
    names = sorted(r["name"] for r in data["results"])
    assert names == ["张伟", "李娜"]
    assert data["count"] == 2


def test_other_units_cadre_is_404_with_the_error_shape(client_for, county):
    client = client_for(county.users["township_commission"])
    response = client.get(f"/api/cadres/{county.cadres['town_b_head'].pk}/")
    assert response.status_code == 404
    assert set(response.json()) == {"message", "fields"}
    assert client.get(f"/api/cadres/{county.cadres['town_a_head'].pk}/").status_code == 200


def test_anonymous_api_is_refused(client, county):
    response = client.get("/api/cadres/")
    assert response.status_code == 403
    assert "message" in response.json()


def test_api_filters_share_the_page_filter_set(client_for, county):
    data = client_for(county.users["leader"]).get("/api/cadres/", {"q": "张伟"}).json()
    assert data["count"] == 2
    data = client_for(county.users["leader"]).get("/api/units/", {"kind": "town"}).json()
    assert sorted(r["name"] for r in data["results"]) == ["东镇", "西镇"]


def test_cadre_detail_lists_only_visible_relatives(client_for, county):
    from jiandu.org import services

    services.relative_create(
        actor=None, cadre=county.cadres["edu_head"], relation="spouse", name="孙丽"
    )
    data = (
        client_for(county.users["resident_team"])
        .get(f"/api/cadres/{county.cadres['edu_head'].pk}/")
        .json()
    )
    assert [r["name"] for r in data["relatives"]] == ["孙丽"]
    assert data["posts"][0]["unit_name"] == "测试县教育局"


def test_openapi_schema_is_generated(client_for, county):
    response = client_for(county.users["leader"]).get(reverse("api-schema"), {"format": "json"})
    assert response.status_code == 200
    schema = response.json()
    assert "/api/cadres/" in schema["paths"]
