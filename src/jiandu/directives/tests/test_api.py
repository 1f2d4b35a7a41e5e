"""The deployed-task API: upload a text, publish, list by scope, report, close; errors
in the one shape; 404 for what the user may not see; the OpenAPI schema."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.test import Client

from jiandu.directives.models import Task, TaskStatus
from jiandu.directives.tests.test_parser_seeds import MINUTES

pytestmark = pytest.mark.django_db


def as_user(user) -> Client:
    """A client of its own per user (the ``client`` fixture is one shared session)."""
    client = Client()
    client.force_login(user)
    return client


def test_api_round_trip(county):
    leader = as_user(county.users["leader"])
    response = leader.post(
        "/api/directives/documents/upload/",
        {"text": MINUTES, "kind": "minutes", "document_date": "2026-09-25"},
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["title"] == "县纪委常委会会议纪要" and body["status"] == "draft"
    paths = [t["path"] for t in body["tasks"] if t["is_task"]]
    assert paths == ["第一", "第一/一是", "第一/二是", "第二", "第二/（1）", "第二/（2）"]
    by_path = {t["path"]: t for t in body["tasks"]}
    assert by_path["第一/一是"]["due_date"] == "2026-10-22"
    assert {o["name"] for o in by_path["第一/一是"]["owners"]} == {
        "派驻第一纪检监察组",
        "派驻第二纪检监察组",
    }
    document_id = body["id"]
    response = leader.post(f"/api/directives/documents/{document_id}/publish/")
    assert response.status_code == 200 and response.json()["status"] == "published"

    team = as_user(county.users["resident_team"])
    tasks = team.get("/api/directives/tasks/?mine=true").json()["results"]
    assert [t["path"] for t in tasks] == ["第一/一是"]
    task_id = tasks[0]["id"]
    response = team.post(
        f"/api/directives/tasks/{task_id}/report/",
        {"text": "已建立监督台账", "percentage": 100},
        content_type="application/json",
    )
    assert response.status_code == 200 and response.json()["status"] == "completed"
    response = leader.post(
        f"/api/directives/tasks/{task_id}/close_out/",
        {"note": "同意"},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert response.json()["message"].startswith("销号须有佐证材料")
    assert "files" in response.json()["fields"]
    response = leader.post(
        f"/api/directives/tasks/{task_id}/send_back/",
        {"reason": "台账不全"},
        content_type="application/json",
    )
    assert response.json()["status"] == "in_progress"
    assert Task.objects.get(pk=task_id).status == TaskStatus.IN_PROGRESS


def test_api_scope_and_roles(published, county, task_of):
    task = task_of(published, "二/（一）")
    team = as_user(county.users["resident_team"])
    assert team.get(f"/api/directives/tasks/{task.pk}/").status_code == 404
    assert team.get(f"/api/directives/documents/{published.pk}/").status_code == 404
    assert team.get("/api/directives/tasks/").json()["count"] == 0
    town = as_user(county.users["township_commission"])
    detail = town.get(f"/api/directives/documents/{published.pk}/").json()
    assert [t["path"] for t in detail["tasks"]] == ["二/（一）"]  # only its own task
    response = town.post(
        f"/api/directives/tasks/{task.pk}/close/", {"note": "x"}, content_type="application/json"
    )
    assert response.status_code == 403
    response = town.post(
        "/api/directives/documents/upload/",
        {"text": "一、加强监督", "document_date": "2026-03-02"},
        content_type="application/json",
    )
    assert response.status_code == 403
    admin = as_user(county.users["admin"])
    assert admin.get("/api/directives/tasks/").status_code == 403
    leader = as_user(county.users["leader"])
    response = leader.post(
        f"/api/directives/tasks/{task.pk}/edit/",
        {
            "owners": [county.units["office2"].pk],
            "due_date": "2026-12-31",
            "version": leader.get(f"/api/directives/tasks/{task.pk}/").json()["version"],
        },
        content_type="application/json",
    )
    assert response.status_code == 200
    assert [o["name"] for o in response.json()["owners"]] == ["第二纪检监察室"]
    assert town.get(f"/api/directives/tasks/{task.pk}/").status_code == 404


def test_openapi_schema_has_the_directive_steps(tmp_path):
    target = tmp_path / "schema.yaml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(target))
    schema = target.read_text(encoding="utf-8")
    for path in (
        "/api/directives/documents/upload/",
        "/api/directives/documents/{id}/publish/",
        "/api/directives/tasks/{id}/report/",
        "/api/directives/tasks/{id}/close_out/",
        "/api/directives/tasks/{id}/close/",  # the former name, deprecated for one release
        "/api/directives/tasks/{id}/send_back/",
        "/api/directives/tasks/{id}/edit/",
    ):
        assert path in schema
