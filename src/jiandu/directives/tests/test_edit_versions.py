"""Two issuers editing one task at once, on the page and through the API: a save made on
an older version is refused with "该记录已被他人修改，请刷新后重试" and the first change
stays."""

from __future__ import annotations

import re

import pytest
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse

from jiandu.accounts.models import User
from jiandu.audit.models import Event
from jiandu.core.errors import STALE_MESSAGE

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_issuers(county):
    second = User.objects.create_user(
        username="t_leader2", password="pw-12345678", role="leader", unit=county.units["commission"]
    )
    clients = []
    for user in (county.users["leader"], second):
        client = Client()
        client.force_login(user)
        clients.append(client)
    return clients


def _edits(task) -> int:
    return Event.objects.filter(action="directives.task.edit", object_id=str(task.pk)).count()


def test_page_the_second_of_two_simultaneous_edits_is_refused(plan, task_of, two_issuers):
    task = task_of(plan, "二/（二）/1.")
    first, second = two_issuers
    page = reverse("directives:document_detail", args=(plan.pk,))
    url = reverse("directives:task_edit", args=(task.pk,))
    pattern = rf'action="{url}".*?name="version" value="(\w+)"'
    version_a = re.search(pattern, first.get(page).content.decode(), re.S).group(1)
    version_b = re.search(pattern, second.get(page).content.decode(), re.S).group(1)
    assert version_a == version_b
    form = {"include": "1", "is_task": "on", "title": task.title, "due_date": ""}

    response = first.post(url, form | {"title": "台账销号管理（甲修改）", "version": version_a})
    assert response.status_code == 302
    response = second.post(url, form | {"due_date": "2026-06-30", "version": version_b})
    assert [str(m) for m in get_messages(response.wsgi_request)] == [STALE_MESSAGE]
    task.refresh_from_db()
    assert task.title == "台账销号管理（甲修改）"  # the first change stays
    assert task.due_date is None  # the stale save changed nothing
    assert _edits(task) == 1

    response = second.post(url, form | {"due_date": "2026-06-30"})  # no version at all
    assert [str(m) for m in get_messages(response.wsgi_request)][-1] == STALE_MESSAGE
    assert _edits(task) == 1


def test_api_the_second_of_two_simultaneous_edits_gets_409(plan, task_of, two_issuers):
    task = task_of(plan, "二/（二）/1.")
    first, second = two_issuers
    detail = f"/api/directives/tasks/{task.pk}/"
    read_a, read_b = first.get(detail), second.get(detail)
    assert read_a.json()["version"] == read_b.json()["version"]
    assert read_a["ETag"] == f'"{read_a.json()["version"]}"'

    response = first.post(
        f"{detail}edit/",
        {"title": "台账销号管理（甲修改）", "version": read_a.json()["version"]},
        content_type="application/json",
    )
    assert response.status_code == 200
    assert response.json()["version"] != read_a.json()["version"]
    # The second client sends the ETag it read, as If-Match.
    response = second.post(
        f"{detail}edit/",
        {"due_date": "2026-06-30"},
        content_type="application/json",
        headers={"If-Match": read_b["ETag"]},
    )
    assert response.status_code == 409
    assert response.json() == {"message": STALE_MESSAGE, "fields": {}}
    task.refresh_from_db()
    assert task.title == "台账销号管理（甲修改）" and task.due_date is None
    assert _edits(task) == 1

    response = second.post(
        f"{detail}edit/", {"due_date": "2026-06-30"}, content_type="application/json"
    )
    assert response.status_code == 400
    assert "version" in response.json()["fields"]
    response = second.post(
        f"{detail}edit/",
        {"due_date": "2026-06-30"},
        content_type="application/json",
        headers={"If-Match": second.get(detail)["ETag"]},
    )
    assert response.status_code == 200
    task.refresh_from_db()
    assert (task.title, str(task.due_date)) == ("台账销号管理（甲修改）", "2026-06-30")
