"""The OpenAPI schema needs a login; the login lockout counts each client behind a
trusted proxy on its own, and ignores a forged X-Forwarded-For without one."""

import pytest
from django.conf import settings
from django.urls import reverse

from jiandu.conftest import PASSWORD

pytestmark = pytest.mark.django_db

PROXY = "10.0.0.1"


def test_api_schema_needs_a_login(client, county):
    response = client.get(reverse("api-schema"), {"format": "json"})
    assert response.status_code in (401, 403)
    assert "/api/" not in response.content.decode()
    client.force_login(county.users["leader"])
    response = client.get(reverse("api-schema"), {"format": "json"})
    assert response.status_code == 200 and "/api/cadres/" in response.json()["paths"]


def _fail(client, username, **meta):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("login"), {"username": username, "password": "wrong-pw"}, **meta)


def test_two_clients_behind_a_trusted_proxy_do_not_share_a_lockout(client, county, settings):
    settings.JIANDU_TRUSTED_PROXY_HOPS = 1
    _fail(client, "t_petition", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="203.0.113.5")
    locked = client.post(
        reverse("login"),
        {"username": "t_petition", "password": PASSWORD},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR="203.0.113.5",
    )
    assert locked.status_code == 429
    other = client.post(
        reverse("login"),
        {"username": "t_petition", "password": PASSWORD},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR="198.51.100.7",
    )
    assert other.status_code == 302  # another client behind the same proxy


def test_without_trusted_hops_a_forged_forwarded_for_is_ignored(client, county, settings):
    settings.JIANDU_TRUSTED_PROXY_HOPS = 0
    _fail(client, "t_petition", REMOTE_ADDR="192.0.2.9", HTTP_X_FORWARDED_FOR="203.0.113.5")
    forged = client.post(
        reverse("login"),
        {"username": "t_petition", "password": PASSWORD},
        REMOTE_ADDR="192.0.2.9",
        HTTP_X_FORWARDED_FOR="198.51.100.7",  # a new header does not make a new client
    )
    assert forged.status_code == 429
