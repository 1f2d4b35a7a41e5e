"""The task's steps come from one list (``directives.steps.WORKFLOW``): the page's
action panel, its POST dispatcher and the API actions use the same names."""

from __future__ import annotations

import pytest

from jiandu.directives import rules, steps

pytestmark = pytest.mark.django_db


def test_page_and_api_steps_are_the_same_list():
    from jiandu.api import router

    page = {s.name for s in steps.WORKFLOW.page_steps()}
    api = {s.name for s in steps.WORKFLOW.api_steps()}
    assert page == api == {"report", "send_back", "close_out", "urge"}  # 催办: core.urging
    routes = {u.name.removeprefix("directive-task-").replace("-", "_") for u in router.urls}
    assert api | {"edit"} <= routes
    # the steps not on the task page are the review's: edit and publish
    moves = {s.transition_name for s in steps.WORKFLOW.page_steps()}
    assert set(rules.MACHINE) - moves == {"edit", "publish", "report_done"}


def test_the_panel_follows_owner_issuer_and_state(client_for, published, county, task_of):
    task = task_of(published, "三/（二）")
    owner, leader = county.users["inspection"], county.users["leader"]
    assert steps.WORKFLOW.panel(owner, task).names == ["report"]
    assert steps.WORKFLOW.panel(leader, task).names == ["close_out"]
    response = client_for(owner).post(
        f"/api/directives/tasks/{task.pk}/report/",
        {"text": "已完成", "percentage": 100},
        content_type="application/json",
    )
    assert response.status_code == 200 and response.json()["status"] == "completed"
    task.refresh_from_db()
    assert steps.WORKFLOW.panel(owner, task).names == []
    assert steps.WORKFLOW.panel(leader, task).names == ["send_back", "close_out"]
