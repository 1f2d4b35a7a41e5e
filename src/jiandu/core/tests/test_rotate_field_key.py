"""``jiandu rotate_field_key`` re-encrypts every encrypted field; the old key then fails
(key rotation of the reporter identities)."""

from __future__ import annotations

import base64
import secrets
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from jiandu.audit.models import Event
from jiandu.core.crypto import DecryptionError, decrypt_json, key_fingerprint
from jiandu.intake import services
from jiandu.intake.models import Report
from jiandu.intake.services import _identity_context, reporter_identity_read

pytestmark = pytest.mark.django_db


def register(county, name):
    return services.report_register(
        actor=county.users["petition"],
        channel="letter",
        received_at=timezone.now() - timedelta(days=1),
        content="反映测试县财政局局长王强违规发放津补贴。",
        is_named=True,
        reporter={"name": name, "phone": "13900002222"},
    )


@pytest.fixture
def key_file(settings, tmp_path):
    """The current key in a temporary key file (never the worktree's var/field_key)."""
    path = tmp_path / "field_key"
    path.write_text(base64.b64encode(settings.FIELD_ENCRYPTION_KEY).decode())
    settings.FIELD_KEY_FILE = path
    return path


def test_rotation_with_a_given_key(county, settings, tmp_path, key_file, capsys):
    reports = [register(county, "孙举报"), register(county, "周举报")]
    old_key = bytes(settings.FIELD_ENCRYPTION_KEY)
    new_key = secrets.token_bytes(32)
    new_file = tmp_path / "new_key"
    new_file.write_text(base64.b64encode(new_key).decode())
    before = {r.pk: r.reporter_identity for r in reports}

    call_command("rotate_field_key", "--new-key-file", str(new_file))

    assert new_key == settings.FIELD_ENCRYPTION_KEY
    for report in Report.objects.filter(pk__in=before):
        assert report.reporter_identity != before[report.pk]
        context = _identity_context(report.number)
        with pytest.raises(DecryptionError):  # the old key fails
            decrypt_json(report.reporter_identity, context=context, key=old_key)
        assert decrypt_json(report.reporter_identity, context=context, key=new_key)["phone"] == (
            "13900002222"
        )
    reports[0].refresh_from_db()
    assert reporter_identity_read(user=county.users["petition"], report=reports[0])["name"] == (
        "孙举报"
    )
    [event] = Event.objects.filter(action="core.field_key.rotate")
    assert event.payload == {
        "old": key_fingerprint(old_key),
        "new": key_fingerprint(new_key),
        "values": 2,
    }
    everything = f"{event.payload}{event.reason}{event.from_state}{event.to_state}"
    everything += capsys.readouterr().out
    for key in (old_key, new_key):
        assert base64.b64encode(key).decode() not in everything and key.hex() not in everything
    assert key_file.read_text() == base64.b64encode(new_key).decode()


def test_rotation_generates_a_key_into_the_key_file(county, settings, key_file):
    report = register(county, "吴举报")
    old_key = bytes(settings.FIELD_ENCRYPTION_KEY)
    call_command("rotate_field_key")
    new_key = base64.b64decode(key_file.read_text())
    assert new_key != old_key and new_key == settings.FIELD_ENCRYPTION_KEY
    assert not key_file.with_name("field_key.new").exists()
    report.refresh_from_db()
    context = _identity_context(report.number)
    assert decrypt_json(report.reporter_identity, context=context)["name"] == "吴举报"
    with pytest.raises(DecryptionError):
        decrypt_json(report.reporter_identity, context=context, key=old_key)


def test_a_value_under_another_key_changes_nothing(county, settings, key_file, tmp_path):
    good = register(county, "郑举报")
    settings.FIELD_ENCRYPTION_KEY = secrets.token_bytes(32)
    stray = register(county, "王举报")  # encrypted under a key that is not the current one
    settings.FIELD_ENCRYPTION_KEY = base64.b64decode(key_file.read_text())
    before = {r.pk: r.reporter_identity for r in (good, stray)}
    new_file = tmp_path / "new_key"
    new_file.write_text(base64.b64encode(secrets.token_bytes(32)).decode())
    with pytest.raises(CommandError, match="未做任何更改"):
        call_command("rotate_field_key", "--new-key-file", str(new_file))
    assert {r.pk: r.reporter_identity for r in Report.objects.all()} == before
    assert not Event.objects.filter(action="core.field_key.rotate").exists()
    assert not key_file.with_name("field_key.new").exists()


def test_environment_key_needs_a_key_file(county, settings):
    settings.FIELD_KEY_FILE = None
    with pytest.raises(CommandError, match="--new-key-file"):
        call_command("rotate_field_key")
