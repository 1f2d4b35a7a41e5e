"""The alert pages and API through the client: the page contract, the precision panel,
evidence shown only as far as the viewer may open it, the ledger's query count, the
API's scope, steps and error shape."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from jiandu.audit.models import Event
from jiandu.core.testing import Page, PageContract
from jiandu.integrity.alert_services import alert_handle, alerts_compute
from jiandu.integrity.models import Alert

pytestmark = pytest.mark.django_db


@pytest.fixture
def ctx(county, make_report):
    head = county.cadres["edu_head"]
    for day in (date(2025, 1, 10), date(2025, 2, 1), date(2025, 3, 1)):
        make_report(head, day)
    alerts_compute(on=date(2025, 3, 2))
    by = {(a.cadre_id, a.kind): a for a in Alert.objects.all()}
    c = county.cadres
    return {
        "town_a": by[(c["town_a_head"].pk, "long_key_post")],
        "town_b": by[(c["town_b_head"].pk, "long_key_post")],
        "reports": by[(head.pk, "repeated_reports")],
    }


@pytest.fixture
def users(county):
    return county.users


class TestPages(PageContract):
    pages = [
        Page("integrity:alert_list", allowed="township_commission", forbidden="petition"),
        Page(
            "integrity:alert_list",
            id="integrity:alert_list[rows]",
            allowed="case_management",
            htmx='data-testid="alert-row"',
            export={"export": "xlsx"},
            max_queries=16,
        ),
        Page(
            "integrity:alert_detail",
            args=lambda c: (c["town_a"].pk,),
            allowed="township_commission",
            forbidden="review",
            hidden=lambda c: (c["town_b"].pk,),
            max_queries=16,
        ),
        Page(
            "integrity:alert_action",
            args=lambda c: (c["town_a"].pk, "dismiss"),
            get=False,
            allowed="township_commission",
            forbidden="leader",
            hidden=lambda c: (c["town_b"].pk, "dismiss"),
            data=lambda c: {"preset": "已按规定轮岗交流或即将调整", "reason": "年内轮岗"},
            audit="integrity.alert.dismiss",
        ),
        Page(
            "integrity:alert_action",
            id="integrity:alert_action[talk]",
            args=lambda c: (c["town_a"].pk, "talk"),
            get=False,
            allowed="township_commission",
            data=lambda c: {"note": "2025年3月5日谈话"},
            audit="integrity.alert.talk",
        ),
    ]


def test_the_ledger_shows_the_precision_of_each_kind(client_for, county, ctx):
    user = county.users["case_management"]
    alert_handle(actor=user, alert=ctx["town_a"], action="talk")
    alert_handle(actor=user, alert=ctx["town_b"], action="dismiss", reason="即将轮岗")
    html = client_for(user).get(reverse("integrity:alert_list")).content.decode()
    assert 'data-testid="alert-precision"' in html
    # long_key_post: 1 talked, 1 dismissed → 50%
    row = html.split('data-kind="long_key_post"')[1].split("</tr>")[0]
    assert "50%" in row


def test_the_ledger_filters_by_kind_and_status(client_for, county, ctx):
    client = client_for(county.users["case_management"])
    html = client.get(reverse("integrity:alert_list"), {"kind": "repeated_reports"}).content
    assert html.decode().count('data-testid="alert-row"') == 1
    html = client.get(reverse("integrity:alert_list"), {"status": "dismissed"}).content
    assert 'data-testid="alert-row"' not in html.decode()


def test_the_ledger_query_count_does_not_grow_with_rows(client_for, county, ctx):
    client = client_for(county.users["case_management"])
    url = reverse("integrity:alert_list")
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for i, unit in enumerate(["dept_edu", "dept_fin", "town_a", "town_b"] * 3):
        Alert.objects.create(
            kind="company_role",
            key=f"company_role:test:{i}",
            cadre=county.cadres["teacher"],
            unit=county.units[unit],
            reason="测试",
            raised_on=date(2025, 3, 2),
        )
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(many) == len(few)


def test_evidence_is_shown_only_as_far_as_the_viewer_may_open_it(client_for, county, ctx):
    # The case management office opens every report. Resident team 1 sees the alert (the
    # 教育局's head) but not the reports: they are handled by no unit of its liaison and
    # their subject rows name no unit, so each is “（无权查看）”, number and all.
    alert = ctx["reports"]
    cm = client_for(county.users["case_management"])
    html = cm.get(reverse("integrity:alert_detail", args=(alert.pk,))).content.decode()
    numbers = [e["number"] for e in alert.evidence]
    assert all(n in html for n in numbers)
    team = client_for(county.users["resident_team"])  # team1 supervises 教育局
    html = team.get(reverse("integrity:alert_detail", args=(alert.pk,))).content.decode()
    assert "（无权查看）" in html and not any(n in html for n in numbers)


def test_a_dismissal_without_a_reason_is_refused_on_the_page(client_for, county, ctx):
    client = client_for(county.users["township_commission"])
    url = reverse("integrity:alert_action", args=(ctx["town_a"].pk, "dismiss"))
    before = Event.objects.count()
    response = client.post(url, {"reason": ""}, follow=True)
    assert "排除提示须说明理由" in response.content.decode()
    assert Event.objects.count() == before
    ctx["town_a"].refresh_from_db()
    assert ctx["town_a"].status == "open"


def test_the_navigation_has_the_alerts(client_for, county, ctx):
    html = client_for(county.users["township_commission"]).get(reverse("core:workbench"))
    assert reverse("integrity:alert_list") in html.content.decode()
    html = client_for(county.users["petition"]).get(reverse("core:workbench")).content.decode()
    assert reverse("integrity:alert_list") not in html


# --- API -------------------------------------------------------------------------------------


def test_api_lists_only_the_users_alerts(client_for, county, ctx):
    client = client_for(county.users["township_commission"])
    rows = client.get("/api/alerts/").json()
    results = rows["results"] if isinstance(rows, dict) else rows
    assert {r["id"] for r in results} == set(
        Alert.objects.filter(
            unit__in=[county.units["town_a"], county.units["village_a"]]
        ).values_list("id", flat=True)
    )
    assert client.get(f"/api/alerts/{ctx['town_b'].pk}/").status_code == 404
    detail = client.get(f"/api/alerts/{ctx['town_a'].pk}/").json()
    assert detail["evidence"][0]["kind"] == "post" and detail["evidence"][0]["visible"]


def test_api_steps_and_error_shape(client_for, county, ctx):
    client = client_for(county.users["township_commission"])
    url = f"/api/alerts/{ctx['town_a'].pk}/dismiss/"
    refused = client.post(url, {"reason": ""}, content_type="application/json")
    assert refused.status_code == 400
    body = refused.json()
    assert body["message"] == "排除提示须说明理由" and "reason" in body["fields"]
    done = client.post(
        f"/api/alerts/{ctx['town_a'].pk}/focus/", {"note": "纳入"}, content_type="application/json"
    )
    assert done.status_code == 200 and done.json()["status"] == "focus"
    again = client.post(url, {"reason": "x"}, content_type="application/json")
    assert again.status_code in (400, 409) and "message" in again.json()
    hidden = client.post(
        f"/api/alerts/{ctx['town_b'].pk}/talk/", {}, content_type="application/json"
    )
    assert hidden.status_code == 404
    leader = client_for(county.users["leader"])
    assert leader.post(f"/api/alerts/{ctx['town_b'].pk}/talk/", {}).status_code == 403
    precision = leader.get("/api/alerts/precision/").json()
    row = next(r for r in precision if r["kind"] == "long_key_post")
    assert (row["focus"], row["share"]) == (1, 1.0)


def test_the_schema_has_the_alerts(client_for, county):
    client = client_for(county.users["leader"])
    paths = client.get(reverse("api-schema"), {"format": "json"}).json()["paths"]
    assert "/api/alerts/{id}/dismiss/" in paths and "/api/alerts/precision/" in paths
