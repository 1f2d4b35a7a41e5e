import pytest

from jiandu.core.testing import build_county

PASSWORD = "pw-for-tests-only"  # noqa: S105 - test accounts only


@pytest.fixture
def county(db):
    return build_county(PASSWORD)


@pytest.fixture
def client_for(client):
    """Log a client in as a given user (no password round trip)."""

    def login(user):
        client.force_login(user)
        return client

    return login
