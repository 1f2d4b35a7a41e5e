"""Two-factor login (TOTP): required for roles that read identities or approve, optional
for the others; and the password change page."""

from __future__ import annotations

import pytest
from django.contrib.auth import SESSION_KEY
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from jiandu.accounts import rules
from jiandu.accounts.rules import Role
from jiandu.accounts.twofactor import confirmed_device, current_code, demo_enrol
from jiandu.audit.models import Event
from jiandu.conftest import PASSWORD
from jiandu.core.testing import current_otp_code, login_without_otp

pytestmark = pytest.mark.django_db


def password_login(client, user):
    response = client.post(reverse("login"), {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302
    return response


def test_who_must_use_two_factor():
    assert rules.requires_two_factor(Role.LEADER)  # approves
    assert rules.requires_two_factor(Role.PETITION)  # reads identities
    assert rules.requires_two_factor(Role.PETITION, is_head=True)
    for role in (Role.RESIDENT_TEAM, Role.SUPERVISION_OFFICE, Role.REVIEW, Role.ADMIN):
        assert not rules.requires_two_factor(role)
    # Every role holding an approval right is covered, whatever it is called.
    for role, caps in rules.ROLE_CAPABILITIES.items():
        if any(c.endswith(".approve") or c in rules.TWO_FACTOR_CAPABILITIES for c in caps):
            assert rules.requires_two_factor(role), role


def test_a_required_user_without_device_must_enrol_before_anything(client, county):
    leader = county.users["leader"]
    password_login(client, leader)
    response = client.get(reverse("intake:report_list"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:otp_setup"))
    api = client.get("/api/reports/")
    assert api.status_code == 403 and "两步验证" in api.json()["message"]

    page = client.get(response.url)
    html = page.content.decode()
    assert page.status_code == 200 and "<svg" in html and 'data-testid="otp-secret"' in html
    assert "no-store" in page["Cache-Control"]

    wrong = client.post(reverse("accounts:otp_setup"), {"code": "000000", "next": "/reports/"})
    assert "验证码不正确" in wrong.content.decode()
    code = current_otp_code(leader)
    done = client.post(reverse("accounts:otp_setup"), {"code": code, "next": "/reports/"})
    assert done.status_code == 302 and done.url == "/reports/"
    assert confirmed_device(leader) is not None
    assert Event.objects.filter(action="accounts.otp.enrol", actor=leader).count() == 1
    assert client.get(reverse("intake:report_list")).status_code == 200


def test_a_user_with_a_device_passes_the_totp_step(client, county):
    petition = county.users["petition"]
    demo_enrol(user=petition)
    response = password_login(client, petition)
    assert response.url == reverse("core:workbench")
    gate = client.get(response.url)
    assert gate.status_code == 302 and gate.url.startswith(reverse("otp_verify"))
    assert client.get(f"/api/reports/{1}/reporter/").status_code == 403

    bad = client.post(reverse("otp_verify"), {"code": "12ab", "next": "/workbench/"})
    assert bad.status_code == 200 and "6位数字" in bad.content.decode()
    ok = client.post(reverse("otp_verify"), {"code": current_otp_code(petition), "next": "//x.org"})
    assert ok.status_code == 302 and ok.url == reverse("core:workbench")  # no open redirect
    assert client.get(reverse("intake:report_list")).status_code == 200
    assert Event.objects.filter(action="accounts.otp.verify", actor=petition).exists()


def test_a_code_is_accepted_once(client, county):
    petition = county.users["petition"]
    device = demo_enrol(user=petition)
    code = current_code(device)
    password_login(client, petition)
    assert client.post(reverse("otp_verify"), {"code": code}).status_code == 302
    client.post(reverse("logout"))
    password_login(client, petition)
    again = client.post(reverse("otp_verify"), {"code": code})
    assert again.status_code == 200 and "已使用" in again.content.decode()


def test_an_unverified_session_of_a_required_role_sees_nothing(client, county):
    """Even where a page would answer, the session holds no capability and no scope."""
    leader = county.users["leader"]
    demo_enrol(user=leader)
    login_without_otp(client, leader)
    assert SESSION_KEY in client.session
    for url in (reverse("intake:report_list"), reverse("clues:clue_list"), "/api/clues/"):
        response = client.get(url)
        assert response.status_code in (302, 403), url
    from django.test import RequestFactory
    from django_otp.middleware import OTPMiddleware

    request = RequestFactory().get("/")
    request.user = leader
    request.session = client.session
    OTPMiddleware(lambda r: None)._install_lazy_accessors(request)
    assert not request.user.has_capability("clues.approve")
    assert request.user.unit_scope("clues").all is False


def test_two_factor_is_optional_for_a_handling_unit(client, county):
    team = county.users["resident_team"]
    password_login(client, team)
    assert client.get(reverse("clues:clue_list")).status_code == 200
    assert "两步验证" in client.get(reverse("accounts:otp_setup")).content.decode()
    code = current_otp_code(team)
    client.post(reverse("accounts:otp_setup"), {"code": code})
    assert confirmed_device(team) is not None
    client.post(reverse("accounts:otp_setup"), {"disable": "1"})
    assert not TOTPDevice.objects.filter(user=team).exists()
    assert Event.objects.filter(action="accounts.otp.disable", actor=team).exists()


def test_a_required_role_cannot_switch_two_factor_off(client_for, county):
    leader = county.users["leader"]
    client = client_for(leader)
    client.post(reverse("accounts:otp_setup"), {"disable": "1"})
    assert confirmed_device(leader) is not None


# --- password change ----------------------------------------------------------------------


def test_password_change_page(client_for, county):
    user = county.users["resident_team"]
    client = client_for(user)
    workbench = client.get(reverse("core:workbench")).content.decode()
    assert reverse("accounts:password_change") in workbench  # in the user menu
    page = client.get(reverse("accounts:password_change"))
    assert page.status_code == 200 and "原密码" in page.content.decode()

    wrong = client.post(
        reverse("accounts:password_change"),
        {"old_password": "nope", "new_password1": "Qz-9new-pass", "new_password2": "Qz-9new-pass"},
    )
    assert "原密码不正确" in wrong.content.decode()
    weak = client.post(
        reverse("accounts:password_change"),
        {"old_password": PASSWORD, "new_password1": "12345678901", "new_password2": "12345678901"},
    )
    assert (
        weak.status_code == 200
        and not Event.objects.filter(action="accounts.user.password_change").exists()
    )
    done = client.post(
        reverse("accounts:password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": "Qz-9new-pass",
            "new_password2": "Qz-9new-pass",
        },
    )
    assert done.status_code == 302
    user.refresh_from_db()
    assert user.check_password("Qz-9new-pass")
    [event] = Event.objects.filter(action="accounts.user.password_change")
    assert event.actor == user and "Qz-9new-pass" not in repr(event.payload) + event.reason
    assert client.get(reverse("core:workbench")).status_code == 200  # still signed in


# --- the demo -----------------------------------------------------------------------------


def test_demo_enrols_required_accounts_and_prints_codes(county, capsys):
    from django.core.management import call_command
    from django.core.management.base import CommandError

    from jiandu.accounts.models import User
    from jiandu.devtools.demo.accounts import enrol_two_factor

    leader = User.objects.create_user(username="leader", password=PASSWORD, role="leader")
    User.objects.create_user(username="paizhu1", password=PASSWORD, role="resident_team")
    rows = enrol_two_factor()
    assert [username for username, _ in rows] == ["leader"]
    assert rows[0][1].startswith("otpauth://totp/")
    assert enrol_two_factor() == rows  # once
    call_command("otp", "code", "leader")
    code = capsys.readouterr().out.strip()
    assert code == current_code(confirmed_device(leader))
    with pytest.raises(CommandError):
        call_command("otp", "code", "t_leader")  # not a demo account
    with pytest.raises(CommandError):
        call_command("otp", "code", "paizhu1")  # no device


def test_the_petition_head_is_set_by_the_administrator(client_for, county):
    from jiandu.accounts.models import User

    admin = client_for(county.users["admin"])
    response = admin.post(
        reverse("accounts:user_create"),
        {
            "username": "xf_head",
            "full_name": "信访室主任",
            "role": "petition",
            "unit": county.units["petition"].pk,
            "password": "Qz-9head-pass",
            "is_unit_head": "on",
        },
    )
    assert response.status_code == 302, response.content.decode()
    head = User.objects.get(username="xf_head")
    assert head.is_unit_head and head.has_capability("reports.identity_approve")
    assert not county.users["petition"].has_capability("reports.identity_approve")
    event = Event.objects.get(action="accounts.user.create", object_id=str(head.pk))
    assert event.payload["is_unit_head"] is True


def test_a_wrong_code_counts_towards_throttling(client, county):
    petition = county.users["petition"]
    device = demo_enrol(user=petition)
    password_login(client, petition)
    client.post(reverse("otp_verify"), {"code": "000000"})
    device.refresh_from_db()
    assert device.throttling_failure_count == 1  # kept although the step failed
