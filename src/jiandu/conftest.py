import pytest

from jiandu.core.testing import build_county, patch_test_client_login

PASSWORD = "pw-for-tests-only"  # noqa: S105 - test accounts only


@pytest.fixture(autouse=True)
def _fresh_legal_calendar():
    """No test sees a calendar another test cached (the tables change between tests:
    transactional tests flush them)."""
    from jiandu.core.calendar import reset_cache

    reset_cache()
    yield
    reset_cache()


@pytest.fixture(autouse=True)
def _fresh_duplicate_index():
    """No test sees the duplicate index another test loaded: the index catches up from
    the highest signature id it has seen, and after a rollback SQLite hands out lower
    ids again, so a test's new reports could go unseen after a test that wrote many.
    (The name register needs nothing: it rebuilds when its version changes.)"""
    from jiandu.intake import similarity

    similarity.reset_index()
    yield


@pytest.fixture(autouse=True, scope="session")
def _otp_verified_test_logins():
    """Every ``client.force_login`` / ``client.login`` in the suite leaves an OTP-verified
    session (roles that require two-factor login get a device); tests of the TOTP step
    use ``jiandu.core.testing.login_without_otp``."""
    undo = patch_test_client_login()
    yield
    undo()


@pytest.fixture(autouse=True)
def _every_recorded_action_has_a_chinese_name():
    """Whatever a test records in the audit chain has a Chinese name (``core.labels``):
    the audit page and the timelines show names, never codes. Actions of the form
    ``app.object.verb`` of a jiandu app are checked (tests of the chain itself write
    codes such as "x")."""
    import re

    from django.apps import apps
    from django.db.models.signals import post_save

    from jiandu.audit.models import Event
    from jiandu.core.labels import has_label

    ours = {c.label for c in apps.get_app_configs() if c.name.startswith("jiandu.")}
    unnamed: list[str] = []

    def check(sender, instance, created, **kwargs):
        match = re.match(r"^([a-z_]+)\.[a-z_]+\.[a-z_]+$", instance.action or "")
        if created and match and match.group(1) in ours and not has_label(instance.action):
            unnamed.append(instance.action)

    post_save.connect(check, sender=Event, dispatch_uid="jiandu-action-labels")
    yield
    post_save.disconnect(sender=Event, dispatch_uid="jiandu-action-labels")
    assert not unnamed, f"audit actions without a Chinese name (core.labels): {unnamed}"


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


def pytest_collection_modifyitems(config, items):
    """Deselect the page-contract checks that no page of their module has
    (``core.testing.PageContract``), so they count neither as passed nor as skipped."""
    unused = [item for item in items if item.get_closest_marker("contract_unused")]
    if unused:
        config.hook.pytest_deselected(items=unused)
        items[:] = [item for item in items if not item.get_closest_marker("contract_unused")]
