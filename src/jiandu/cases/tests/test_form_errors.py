"""Case forms validate like the portal: every error at once at its field, what was typed
kept, required fields marked; a refused step comes back to the case page bound."""

from datetime import date

import pytest
from django.urls import reverse

from jiandu.cases.models import Case

pytestmark = pytest.mark.django_db
TODAY = date.today()


def test_open_form_shows_every_error_at_once_and_keeps_what_was_typed(client_for, staff):
    client = client_for(staff.users["resident_team"])
    before = Case.objects.count()
    response = client.post(
        reverse("cases:case_open"),
        {
            "title": "",
            "summary": "收受礼金问题待查",
            "proposed_on": "2026-13-45",
            "person_name": "张三1",
            "person_title": "某局副局长",
            "is_party_member": "on",
        },
    )
    html = response.content.decode()
    assert response.status_code == 200 and Case.objects.count() == before
    for field in ("title", "proposed_on", "person_name"):
        assert f'data-testid="error-{field}"' in html, field
    assert "收受礼金问题待查" in html and "某局副局长" in html
    assert 'class="form-label required" for="id_title"' in html
    assert 'data-testid="form-error-summary"' in html


def test_a_refused_step_comes_back_to_the_case_page_bound(client_for, staff, new_case):
    case = new_case(filed=False)
    leader = client_for(staff.users["leader"])
    response = leader.post(
        reverse("cases:case_action", args=(case.pk, "approve_filing")),
        {"on": "不是日期", "comment": "同意，抓紧办理"},
    )
    assert response.status_code == 302
    page = leader.get(reverse("cases:case_detail", args=(case.pk,))).content.decode()
    assert 'data-testid="error-on"' in page
    assert 'value="同意，抓紧办理"' in page  # what was typed is kept
    assert "未能" in page  # and the message names the error
    # Once only: the next visit shows the form empty again.
    again = leader.get(reverse("cases:case_detail", args=(case.pk,))).content.decode()
    assert 'data-testid="error-on"' not in again and "同意，抓紧办理" not in again
