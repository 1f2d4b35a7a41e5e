"""The clue registration form validates like the portal: every error at once at its
field, what was typed kept, required fields marked."""

import pytest
from django.urls import reverse

from jiandu.clues.models import Clue

pytestmark = pytest.mark.django_db


def test_clue_form_shows_every_error_at_once_and_keeps_what_was_typed(client_for, people):
    client = client_for(people.users["case_management"])
    page = client.get(reverse("clues:clue_create")).content.decode()
    assert 'class="form-label required" for="id_summary"' in page
    response = client.post(
        reverse("clues:clue_create"),
        {
            "source": "no-such-source",
            "transfer_ref": "县委巡察办〔2026〕9号",
            "received_on": "2026-02-31",
            "summary": "",
        },
    )
    html = response.content.decode()
    assert response.status_code == 200 and not Clue.objects.exists()
    for field in ("source", "received_on", "summary", "subject_name"):
        assert f'data-testid="error-{field}"' in html, field
    assert "县委巡察办〔2026〕9号" in html
    assert 'data-testid="form-error"' not in html  # nothing as a banner
