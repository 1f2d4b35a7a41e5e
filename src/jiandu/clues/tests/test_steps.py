"""The clue's steps come from one list (``clues.steps.WORKFLOW``): the page's action
panel, its POST dispatcher and the API actions use the same names; the API's former
``decide_routing``/``decide_disposition`` stay for one release, marked deprecated."""

from __future__ import annotations

import pytest
from django.urls import reverse
from drf_spectacular.generators import SchemaGenerator

from jiandu.clues import rules, steps
from jiandu.clues.models import ClueStatus

pytestmark = pytest.mark.django_db


def api_step_names() -> set[str]:
    from jiandu.api import router

    prefix = "clue-"
    names = {u.name.removeprefix(prefix) for u in router.urls if u.name.startswith(prefix)}
    return {n.replace("-", "_") for n in names} - {"list", "detail"}


def test_page_and_api_steps_are_the_same_list():
    page = {s.name for s in steps.WORKFLOW.page_steps()}
    api = {s.name for s in steps.WORKFLOW.api_steps() if not s.deprecated}
    assert page == api
    assert api | {"decide_routing", "decide_disposition"} == api_step_names()
    # every user step of the state machine is a step (case_filed is the case's doing)
    moves = {s.name for s in steps.WORKFLOW.page_steps() if s.transition is not None}
    assert set(rules.MACHINE) - {"case_filed"} == moves


def test_the_panel_offers_what_the_api_accepts(people, client_for, new_clue):
    clue = new_clue()
    panel = steps.WORKFLOW.panel(people.users["case_management"], clue)
    assert panel.names == ["propose_routing"]
    response = client_for(people.users["case_management"]).post(
        f"/api/clues/{clue.pk}/{panel.names[0]}/",
        {"unit": people.units["team1"].pk},
        content_type="application/json",
    )
    assert response.status_code == 200
    assert response.json()["status"] == ClueStatus.ROUTING_PROPOSED
    leader = people.users["leader"]
    clue.refresh_from_db()
    assert steps.WORKFLOW.panel(leader, clue).names == ["approve_routing", "reject_routing"]
    response = client_for(leader).post(
        f"/api/clues/{clue.pk}/reject_routing/",
        {"comment": "改分"},
        content_type="application/json",
    )
    assert response.json()["status"] == ClueStatus.REGISTERED
    page = client_for(people.users["case_management"]).get(
        reverse("clues:clue_detail", args=(clue.pk,))
    )
    assert 'data-testid="form-propose_routing"' in page.content.decode()


def test_renamed_api_steps_are_deprecated_aliases_in_the_schema():
    from jiandu.api import router

    schema = SchemaGenerator(patterns=router.urls).get_schema(request=None, public=True)
    paths = {
        p.rsplit("/", 2)[-2]: v["post"]
        for p, v in schema["paths"].items()
        if "/clues/" in p and "post" in v and p.count("/") > 3
    }
    for old in ("decide_routing", "decide_disposition"):
        assert paths[old]["deprecated"] is True
    for new in ("approve_routing", "reject_routing", "approve_disposition", "accept", "return"):
        assert not paths[new].get("deprecated")
