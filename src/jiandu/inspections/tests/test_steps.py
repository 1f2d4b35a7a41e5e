"""The page and the API take their steps from one list (``inspections.steps``): the
forms on the item and organisation pages post to the step names the API exposes, and a
renamed API step keeps its old name for one release."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from jiandu.inspections import steps
from jiandu.inspections.models import ItemStatus

pytestmark = pytest.mark.django_db

WORKFLOWS = [(steps.TARGET, "inspection-target"), (steps.ITEM, "inspection-item")]


@pytest.mark.parametrize(("workflow", "basename"), WORKFLOWS, ids=["target", "item"])
def test_page_and_api_expose_the_same_step_names(workflow, basename):
    page = {s.name for s in workflow.page_steps()}
    api = {s.name for s in workflow.api_steps()}
    assert page == api and page
    for step in workflow.api_steps():
        for name in (step.name, *step.aliases):
            url = reverse(f"{basename}-{name.replace('_', '-')}", args=(1,))
            assert url.endswith(f"/{name}/")


def _client(user):
    client = Client()
    client.force_login(user)
    return client


def _posted(html: str, prefix: str) -> set[str]:
    return set(re.findall(rf'action="{re.escape(prefix)}([a-z_]+)/"', html))


def test_the_item_page_posts_to_the_api_step_names(insp, ledger):
    item = ledger["items"]["edu"]
    api = {s.name for s in steps.ITEM.api_steps()}
    prefix = f"/inspections/items/{item.pk}/"
    for role, expected in (
        ("edu_unit", {"evidence", "progress", "done"}),
        # escalate is in the panel, its form only once the item is overdue
        ("inspection", {"evidence", "progress", "done", "deadline"}),
    ):
        user = insp.users[role]
        html = _client(user).get(reverse("inspections:item_detail", args=(item.pk,))).content
        shown = _posted(html.decode(), prefix)
        assert shown == expected and shown <= api
        assert shown <= set(steps.ITEM.panel(user, item).names)


def test_the_organisation_page_posts_to_the_api_step_names(insp, ledger):
    target = ledger["targets"]["fin"]
    user = insp.users["inspection"]
    html = _client(user).get(reverse("inspections:target_detail", args=(target.pk,))).content
    shown = _posted(html.decode(), f"/inspections/targets/{target.pk}/")
    assert shown == {"add_finding", "add_item", "transfer", "report"}
    assert shown <= set(steps.TARGET.panel(user, target).names)


def test_the_former_api_name_of_close_out_still_works(insp, ledger, pdf):
    from jiandu.inspections import services

    item = ledger["items"]["edu"]
    owner = insp.users["edu_unit"]
    services.evidence_add(actor=owner, item=item, name="a.pdf", content=pdf)
    services.item_report_done(actor=owner, item=item, text="完成")
    response = _client(insp.users["inspection"]).post(
        reverse("inspection-item-check", args=(item.pk,)),
        {"decision": "close", "note": "核实到位"},
        content_type="application/json",
    )
    assert response.status_code == 200 and response.json()["status"] == ItemStatus.CLOSED


def test_a_refused_done_report_keeps_the_typed_text_and_says_why(client, insp, ledger):
    """报告整改完成 without evidence is refused: the page comes back with the text as
    typed and the reason at the form (not a redirect that loses the text)."""
    from django.urls import reverse

    from jiandu.inspections.models import ItemStatus

    item = ledger["items"]["edu"]
    client.force_login(insp.users["edu_unit"])
    typed = "已修订财务报销审批制度，待党委会审定后印发（第3稿）"
    response = client.post(
        reverse("inspections:item_action", args=(item.pk, "done")), {"text": typed}
    )
    html = response.content.decode()
    assert response.status_code == 422
    assert typed in html and 'data-testid="progress-error"' in html
    assert "报告整改完成前请上传佐证材料" in html.split('data-testid="progress-error"')[1]
    item.refresh_from_db()
    assert item.status != ItemStatus.DONE
