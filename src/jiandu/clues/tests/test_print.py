"""The clue's print page: the clue with its disposition history, scoped like its page."""

import pytest
from django.urls import reverse

from jiandu.core.testing import assert_print_page

pytestmark = pytest.mark.django_db


def test_the_print_page_holds_the_clue_and_its_history(client_for, people, routed):
    clue = routed()
    client = client_for(people.users["resident_team"])
    detail = client.get(reverse("clues:clue_detail", args=(clue.pk,))).content.decode()
    url = reverse("clues:clue_print", args=(clue.pk,))
    assert f'href="{url}"' in detail
    html = client.get(url).content.decode()
    assert_print_page(html)
    assert clue.number in html and clue.subject_name in html and clue.summary in html
    assert clue.handling_unit.name in html
    history = html.split('data-testid="print-history"', 1)[1]
    assert "登记线索" in history and history.count("<tr>") >= 3  # head, registered, routed
    assert "print-section--page" in html  # the history starts a page of its own


def test_another_units_clue_is_not_found(client_for, people, routed):
    clue = routed()
    url = reverse("clues:clue_print", args=(clue.pk,))
    assert client_for(people.users["township_commission"]).get(url).status_code == 404
