"""Two people editing the same cadre: the second save, made on the form loaded before the
first save, is refused instead of silently reverting the first change."""

import re

import pytest
from django.urls import reverse

from jiandu.accounts.models import User
from jiandu.audit.models import Event
from jiandu.core.errors import STALE_MESSAGE, StaleVersion
from jiandu.org import services

pytestmark = pytest.mark.django_db


def _form_values(page: str) -> dict[str, str]:
    """What the browser would submit: every input of the edit form as rendered."""
    values = dict(re.findall(r'<input[^>]*name="(\w+)"[^>]*value="([^"]*)"', page))
    values |= {k: v for v, k in re.findall(r'<input[^>]*value="([^"]*)"[^>]*name="(\w+)"', page)}
    for name, body in re.findall(r'<select[^>]*name="(\w+)"[^>]*>(.*?)</select>', page, re.S):
        values[name] = re.search(r'<option value="([^"]*)"[^>]*selected', body).group(1)
    for name, body in re.findall(r'<textarea[^>]*name="(\w+)"[^>]*>(.*?)</textarea>', page, re.S):
        values[name] = body.strip()
    values.pop("csrfmiddlewaretoken", None)
    return values


@pytest.fixture
def two_clerks(county, client_factory):
    second = User.objects.create_user(
        username="t_case_management2",
        password="pw-12345678",
        role="case_management",
        unit=county.units["case_mgmt"],
    )
    clients = []
    for user in (county.users["case_management"], second):
        c = client_factory()
        c.force_login(user)
        clients.append(c)
    return clients


@pytest.fixture
def client_factory():
    from django.test import Client

    return Client


def test_the_second_of_two_simultaneous_edits_is_refused(county, two_clerks):
    cadre = county.cadres["teacher"]
    url = reverse("org:cadre_edit", args=(cadre.pk,))
    first, second = two_clerks
    form_a = _form_values(first.get(url).content.decode())
    form_b = _form_values(second.get(url).content.decode())
    assert form_a["version"] and form_a == form_b  # a hidden version field on both forms

    response = first.post(url, form_a | {"phone": "13900000001"})
    assert response.status_code == 302
    response = second.post(url, form_b | {"rank": "township"})  # still the old phone
    assert response.status_code == 200
    assert STALE_MESSAGE in response.content.decode()

    cadre.refresh_from_db()
    assert cadre.phone == "13900000001"  # the first change stays
    assert cadre.rank != "township"  # the stale save changed nothing
    assert Event.objects.filter(action="org.cadre.update", object_id=str(cadre.pk)).count() == 1

    # After a refresh the second clerk's change goes through.
    fresh = _form_values(second.get(url).content.decode())
    assert fresh["phone"] == "13900000001"
    assert second.post(url, fresh | {"rank": "township"}).status_code == 302
    cadre.refresh_from_db()
    assert (cadre.phone, cadre.rank) == ("13900000001", "township")


def test_a_post_without_a_version_is_refused(county, two_clerks):
    cadre = county.cadres["teacher"]
    url = reverse("org:cadre_edit", args=(cadre.pk,))
    form = _form_values(two_clerks[0].get(url).content.decode())
    del form["version"]
    response = two_clerks[0].post(url, form | {"phone": "13900000002"})
    assert response.status_code == 200
    assert STALE_MESSAGE in response.content.decode()
    cadre.refresh_from_db()
    assert cadre.phone != "13900000002"


def test_the_service_compares_the_version_on_the_locked_row(county):
    """A stale instance with its stale token: refused even though the instance itself
    still looks like the token."""
    clerk = county.users["case_management"]
    cadre = county.cadres["teacher"]
    stale = type(cadre).objects.get(pk=cadre.pk)
    token = services.cadre_version(stale)
    services.cadre_update(actor=clerk, cadre=cadre, version=token, phone="13900000003")
    with pytest.raises(StaleVersion, match=STALE_MESSAGE):
        services.cadre_update(actor=clerk, cadre=stale, version=token, notes="另一人的修改")
    cadre.refresh_from_db()
    assert cadre.phone == "13900000003" and cadre.notes != "另一人的修改"
