"""The page and the API take their steps from one list per model (``cases.steps``):
the forms of the case page post to the step names the API exposes, and a track step
reaches the track named by ``person`` in both."""

from __future__ import annotations

import re
from datetime import date

import pytest
from django.urls import reverse

from jiandu.cases import steps
from jiandu.cases.rules import Stage
from jiandu.cases.services import PersonInput

pytestmark = pytest.mark.django_db


def _names(workflow, side):
    return {s.name for s in getattr(workflow, f"{side}_steps")() if not s.deprecated}


@pytest.mark.parametrize("workflow", [steps.TRACK, steps.CASE], ids=["track", "case"])
def test_page_and_api_expose_the_same_step_names(workflow):
    assert _names(workflow, "page") == _names(workflow, "api")
    for step in workflow.api_steps():
        url = reverse(f"case-{step.name.replace('_', '-')}", args=(1,))
        assert url.endswith("/")
    # The one step kept for its old API name only.
    assert [s.name for s in steps.CASE.api_steps() if s.deprecated] == ["decide_filing"]


def _posted(html: str, case_pk: int) -> set[str]:
    return set(re.findall(rf'action="/cases/{case_pk}/([a-z_]+)/"', html))


def test_the_case_page_posts_to_the_api_step_names(client_for, staff, new_case, advance):
    case = new_case()
    person = advance(case.people.get(), Stage.INVESTIGATION)
    user = staff.users["resident_team"]
    html = client_for(user).get(reverse("cases:case_detail", args=(case.pk,))).content.decode()
    shown = _posted(html, case.pk)
    api = _names(steps.TRACK, "api") | _names(steps.CASE, "api")
    person.case = case
    panels = set(steps.CASE.panel(user, case).names) | set(steps.TRACK.panel(user, person).names)
    # Steps on a row of the case (a recommendation's reply …) are shown with their rows.
    rows = {"recommendation_reply", "recommendation_close", "reform_done", "followup_record"}
    rows |= {s.name for s in steps.CASE if s.name.startswith("property_")} - {"property_register"}
    assert shown <= api and shown == panels - rows
    assert {"refer_review", "generate_document", "set_team"} <= shown


def test_a_new_api_step_reaches_the_track_and_the_case(client_for, staff, new_case, advance):
    case = new_case()
    person = advance(case.people.get(), Stage.INVESTIGATION)
    client = client_for(staff.users["resident_team"])
    response = client.post(
        f"/api/cases/{case.pk}/set_team/",
        {"investigators": [staff.users["resident_team"].pk]},
        content_type="application/json",
    )
    assert response.status_code == 200, response.json()
    assert list(case.investigators.all()) == [staff.users["resident_team"]]
    # A track step acts on the track named by ``person``: this case's track reaches
    # the service (which wants the signed detention decision), another case's is 404.
    leader = client_for(staff.users["leader"])
    step = {"person": person.pk, "on": date.today().isoformat()}
    response = leader.post(f"/api/cases/{case.pk}/detain/", step, content_type="application/json")
    assert response.status_code == 400 and "留置决定书" in response.json()["message"]
    other = new_case(people=[PersonInput(name="李四")])
    step["person"] = other.people.get().pk
    response = leader.post(f"/api/cases/{case.pk}/detain/", step, content_type="application/json")
    assert response.status_code == 404
