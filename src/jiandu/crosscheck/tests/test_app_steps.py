"""The page and the API take their steps from one list (``crosscheck.steps``): the forms
on the hit and job pages post to the step names the API exposes as actions."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from jiandu.crosscheck import steps
from jiandu.crosscheck.models import DatasetImport, Hit, Run

pytestmark = pytest.mark.django_db

WORKFLOWS = [
    (steps.HIT, "crosscheck-hit"),
    (steps.RUN, "crosscheck-run"),
    (steps.IMPORT, "crosscheck-import"),
]


@pytest.mark.parametrize(
    ("workflow", "basename"), WORKFLOWS, ids=lambda w: getattr(w, "object_arg", w)
)
def test_page_and_api_expose_the_same_step_names(workflow, basename):
    page = {s.name for s in workflow.page_steps()}
    api = {s.name for s in workflow.api_steps()}
    assert page == api and page
    for name in api:
        assert reverse(f"{basename}-{name.replace('_', '-')}", args=(1,)).endswith(f"/{name}/")


def _posted_steps(html: str, prefix: str) -> set[str]:
    return set(re.findall(rf'action="{re.escape(prefix)}([a-z_]+)/"', html))


def test_the_hit_page_shows_the_panel_of_api_steps(client_for, county, datasets, run_checks):
    run_checks()
    hit = Hit.objects.filter(status="new").first()
    user = county.users["resident_team"]
    html = client_for(user).get(reverse("crosscheck:hit_detail", args=(hit.pk,))).content.decode()
    shown = _posted_steps(html, f"/crosscheck/hits/{hit.pk}/")
    assert shown == set(steps.HIT.panel(user, hit).names) == {"confirm", "dismiss"}
    assert shown <= {s.name for s in steps.HIT.api_steps()}


def test_the_job_pages_show_cancel_while_the_job_runs(client_for, county):
    user = county.users["case_management"]
    client = client_for(user)
    run = Run.objects.create(rule_codes=["R01"])
    job = DatasetImport.objects.create(dataset_type="payments", source_name="p.csv")
    for detail, obj, workflow in (
        ("crosscheck:run_detail", run, steps.RUN),
        ("crosscheck:import_detail", job, steps.IMPORT),
    ):
        url = reverse(detail, args=(obj.pk,))
        shown = _posted_steps(client.get(url).content.decode(), url)
        assert shown == set(workflow.panel(user, obj).names) == {"cancel"}
