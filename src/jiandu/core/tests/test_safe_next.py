"""No view redirects to a ``next`` outside this site.

Every view module that reads ``next`` goes through ``core.redirects.safe_next``; the
views that do are asked with the usual open-redirect payloads."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
from django.test import RequestFactory

from jiandu.core.redirects import safe_next

EVIL = [
    "//evil.example/x",
    "https://evil.example/x",
    "/\\evil.example/x",
    "\\\\evil.example/x",
    "javascript:alert(1)",
    "http:evil.example",
    " //evil.example",
]
SRC = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("target", EVIL)
def test_safe_next_refuses_other_sites(target):
    for method in ("get", "post"):
        request = getattr(RequestFactory(), method)("/", {"next": target})
        assert safe_next(request, "/home/") == "/home/"


def test_safe_next_keeps_a_local_path():
    request = RequestFactory().post("/", {"next": "/directives/documents/3/?x=1"})
    assert safe_next(request, "/home/") == "/directives/documents/3/?x=1"
    assert safe_next(RequestFactory().post("/"), "/home/") == "/home/"


def test_every_view_reading_next_uses_safe_next():
    users = []
    for path in SRC.rglob("*.py"):
        if "tests" in path.parts or "e2e" in path.parts or path.name == "redirects.py":
            continue
        text = path.read_text(encoding="utf-8")
        if re.search(r"""\.get\(\s*["']next["']|\[["']next["']\]""", text):
            raise AssertionError(f"{path} reads next itself: use core.redirects.safe_next")
        if "safe_next(" in text:
            users.append(path.relative_to(SRC).as_posix())
    assert "directives/views.py" in users


@pytest.mark.django_db
@pytest.mark.parametrize("target", EVIL)
def test_task_edit_does_not_redirect_off_site(county, client_for, target):
    from jiandu.directives import services
    from jiandu.directives.tests.test_parser_seeds import WORK_PLAN

    document = services.document_upload(
        actor=county.users["leader"], document_date=date(2026, 3, 2), kind="plan", text=WORK_PLAN
    )
    task = document.tasks.order_by("pk").first()
    client = client_for(county.users["leader"])
    response = client.post(
        f"/directives/tasks/{task.pk}/edit/", {"title": task.title, "next": target}
    )
    assert response.status_code == 302
    assert "evil" not in response["Location"] and "javascript" not in response["Location"]
    assert response["Location"].startswith(f"/directives/documents/{document.pk}/")
    local = client.post(
        f"/directives/tasks/{task.pk}/edit/", {"title": task.title, "next": "/directives/"}
    )
    assert local["Location"] == f"/directives/#task-{task.pk}"
