"""User administration in jiandu (not Django's admin): edit, disable and enable, reset a
password to a one-time password the user must change, unlock a locked-out account; a
role must fit its unit; every step is a service with one audit event and a Chinese
refusal."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.contrib.messages import get_messages
from django.urls import reverse

from jiandu.accounts import rules, selectors, services
from jiandu.accounts.forms import UserCreateForm
from jiandu.accounts.models import User
from jiandu.audit.models import Event
from jiandu.conftest import PASSWORD
from jiandu.core.errors import DomainError, PermissionDenied
from jiandu.core.testing import Page, PageContract
from jiandu.org import services as org_services

pytestmark = pytest.mark.django_db


def _login(client, username: str, password: str) -> bool:
    """Sign in through the login page (django-axes needs the request)."""
    response = client.post(reverse("login"), {"username": username, "password": password})
    return response.status_code == 302


def _fail_logins(client, username: str) -> None:
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("login"), {"username": username, "password": "wrong-password"})


# --- the role ↔ unit rule -------------------------------------------------------------------


def test_every_role_names_the_units_it_fits():
    assert set(rules.ROLE_UNIT_KINDS) == set(rules.Role.values) == set(rules.ROLE_UNIT_HINTS)


@pytest.mark.parametrize(
    ("role", "kind", "fits"),
    [
        ("inspected_unit", "review_office", False),  # the example
        ("inspected_unit", "department", True),
        ("inspected_unit", "village", True),
        ("review", "review_office", True),
        ("review", "department", False),
        ("petition", "petition_office", True),
        ("resident_team", "township_commission", False),
        ("leader", "commission", True),
        ("admin", "general_office", True),
        ("admin", "school", False),
        ("org_department", "department", True),
        ("org_department", "case_management_office", False),
    ],
)
def test_role_fits_unit(role, kind, fits):
    assert rules.role_fits_unit(role, kind) is fits
    refusal = rules.role_unit_refusal(role, kind, "某单位")
    assert bool(refusal) is not fits
    if refusal:
        assert "不能属于某单位" in refusal


def test_create_refuses_an_inspected_unit_account_in_the_review_office(county):
    with pytest.raises(DomainError) as exc:
        services.user_create(
            actor=county.users["admin"],
            username="wrong",
            full_name="某人",
            role="inspected_unit",
            unit=county.units["review"],
            password="a-long-password-1",
        )
    assert "被巡察单位" in exc.value.message and "unit" in exc.value.fields
    assert not User.objects.filter(username="wrong").exists()


def test_create_form_shows_every_error_at_its_field(county):
    form = UserCreateForm(
        {
            "username": "",
            "full_name": "",
            "role": "inspected_unit",
            "unit": county.units["review"].pk,
            "password": "short",
        },
        user=county.users["admin"],
    )
    assert not form.is_valid()
    assert {"username", "full_name", "unit", "password"} <= set(form.errors)
    assert "不能属于" in form.errors["unit"][0]


# --- edit -----------------------------------------------------------------------------------


def test_edit_changes_name_unit_and_role_with_one_event(county):
    admin, target = county.users["admin"], county.users["resident_team"]
    before = Event.objects.count()
    services.user_update(
        actor=admin,
        user=target,
        full_name="新名字",
        unit=county.units["office1"],
        role="supervision_office",
        version=services.user_version(target),
    )
    target.refresh_from_db()
    assert (target.full_name, target.unit, target.role) == (
        "新名字",
        county.units["office1"],
        "supervision_office",
    )
    assert Event.objects.count() == before + 1
    assert Event.objects.order_by("-seq").first().action == "accounts.user.update"


def test_edit_refuses_a_role_that_does_not_fit_and_own_role(county):
    admin = county.users["admin"]
    target = county.users["petition"]
    with pytest.raises(DomainError, match="不能属于"):
        services.user_update(
            actor=admin,
            user=target,
            full_name="x",
            unit=county.units["review"],
            role="inspected_unit",
            version=services.user_version(target),
        )
    with pytest.raises(DomainError, match="不能修改自己的角色"):
        services.user_update(
            actor=admin,
            user=admin,
            full_name="x",
            unit=admin.unit,
            role="leader",
            version=services.user_version(admin),
        )


def test_only_the_administrator_manages_users(county):
    with pytest.raises(PermissionDenied):
        services.user_set_active(
            actor=county.users["leader"], user=county.users["petition"], active=False, reason="x"
        )


# --- disable / enable -----------------------------------------------------------------------


def test_disable_and_enable(county, client):
    admin, target = county.users["admin"], county.users["petition"]
    with pytest.raises(DomainError, match="停用原因"):
        services.user_set_active(actor=admin, user=target, active=False, reason=" ")
    services.user_set_active(actor=admin, user=target, active=False, reason="调离本单位")
    target.refresh_from_db()
    assert not target.is_active
    assert not _login(client, target.username, PASSWORD)
    with pytest.raises(DomainError, match="已停用"):
        services.user_set_active(actor=admin, user=target, active=False, reason="再次")
    services.user_set_active(actor=admin, user=target, active=True)
    actions = list(
        Event.objects.filter(action__startswith="accounts.user.")
        .order_by("seq")
        .values_list("action", flat=True)
    )
    assert actions[-2:] == ["accounts.user.disable", "accounts.user.enable"]


def test_nobody_disables_themselves(county):
    admin = county.users["admin"]
    with pytest.raises(DomainError, match="不能停用自己的账号"):
        services.user_set_active(actor=admin, user=admin, active=False, reason="试试")


# --- password reset -------------------------------------------------------------------------


def test_reset_gives_a_one_time_password_that_must_be_changed(county, client):
    admin, target = county.users["admin"], county.users["review"]
    password = services.user_reset_password(actor=admin, user=target)
    target.refresh_from_db()
    assert len(password) == 12 and target.must_change_password
    event = Event.objects.order_by("-seq").first()
    assert event.action == "accounts.user.password_reset"
    assert password not in str(event.payload)
    # The user signs in with it and can reach nothing but the password page.
    assert _login(client, target.username, password)
    response = client.get(reverse("core:workbench"))
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:password_change")
    assert client.get("/api/cadres/").status_code == 403
    page = client.get(reverse("accounts:password_change")).content.decode()
    assert "您的密码已由系统管理员重置" in page
    response = client.post(
        reverse("accounts:password_change"),
        {
            "old_password": password,
            "new_password1": "my-own-new-passw0rd",
            "new_password2": "my-own-new-passw0rd",
        },
    )
    assert response.status_code == 302
    target.refresh_from_db()
    assert not target.must_change_password
    assert client.get(reverse("core:workbench")).status_code == 200


def test_reset_of_own_password_is_refused(county):
    admin = county.users["admin"]
    with pytest.raises(DomainError, match="不能重置自己的密码"):
        services.user_reset_password(actor=admin, user=admin)


def test_reset_page_shows_the_password_once_and_no_store(county, client_for):
    target = county.users["review"]
    client = client_for(county.users["admin"])
    response = client.post(reverse("accounts:user_password_reset", args=(target.pk,)))
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert 'data-testid="one-time-password"' in response.content.decode()


# --- unlock ---------------------------------------------------------------------------------


def test_unlock_a_locked_out_user(county, client):
    admin, target = county.users["admin"], county.users["review"]
    with pytest.raises(DomainError, match="未被锁定"):
        services.user_unlock(actor=admin, user=target)
    _fail_logins(client, target.username)
    assert selectors.locked_out_usernames([target.username]) == {target.username}
    locked = client.post(reverse("login"), {"username": target.username, "password": PASSWORD})
    assert locked.status_code == 429
    services.user_unlock(actor=admin, user=target)
    assert Event.objects.order_by("-seq").first().action == "accounts.user.unlock"
    assert selectors.locked_out_usernames([target.username]) == set()
    response = client.post(reverse("login"), {"username": target.username, "password": PASSWORD})
    assert response.status_code == 302


def test_user_list_marks_a_locked_out_user(county, client, client_for):
    _fail_logins(client, county.users["review"].username)
    html = client_for(county.users["admin"]).get(reverse("accounts:user_list")).content.decode()
    assert html.count('data-testid="locked-badge"') == 1


def test_a_refusal_is_shown_in_chinese_on_the_page(county, client_for):
    admin = county.users["admin"]
    client = client_for(admin)
    response = client.post(reverse("accounts:user_unlock", args=(county.users["review"].pk,)))
    notes = [str(m) for m in get_messages(response.wsgi_request)]
    assert response.status_code == 302 and notes == ["该账号未被锁定，无需解锁"]


def test_edit_page_refuses_a_role_that_does_not_fit_at_the_unit_field(county, client_for):
    target = county.users["petition"]
    response = client_for(county.users["admin"]).post(
        reverse("accounts:user_edit", args=(target.pk,)),
        {
            "full_name": "x",
            "role": "inspected_unit",
            "unit": county.units["review"].pk,
            "version": services.user_version(target),
        },
    )
    html = response.content.decode()
    assert response.status_code == 200 and 'data-testid="error-unit"' in html
    target.refresh_from_db()
    assert target.role == "petition"


# --- the unit picker ------------------------------------------------------------------------


def test_unit_picker_names_a_village_with_its_township(county, client_for):
    village = county.units["village_a"]
    org_services.unit_create(
        actor=None, name=village.name, code="T999", kind="village", parent=county.units["town_b"]
    )
    html = client_for(county.users["admin"]).get(reverse("accounts:user_create")).content.decode()
    a = f"{village.name}（{county.units['town_a'].name}）"
    b = f"{village.name}（{county.units['town_b'].name}）"
    assert a in html and b in html


# --- the Django admin -----------------------------------------------------------------------


def test_django_admin_is_for_the_superuser_only(county, client_for):
    staff = county.users["admin"]
    staff.is_staff = True
    staff.save()
    client = client_for(staff)
    assert client.get("/django-admin/").status_code == 302  # to its login: not a superuser
    staff.is_superuser = True
    staff.save()
    html = client.get("/django-admin/").content.decode()
    assert ("系统后台" in html and "站点管理" in html) or "用户" in html


# --- page contracts -------------------------------------------------------------------------


@pytest.fixture
def ctx(county):
    return county


@pytest.fixture
def users(county):
    return county.users


def _edit(c):
    target = c.users["petition"]
    return {
        "full_name": "改名",
        "role": "petition",
        "unit": c.units["petition"].pk,
        "version": services.user_version(target),
    }


def _locked(c):
    from django.test import Client

    _fail_logins(Client(), c.users["review"].username)
    return {}


class TestPages(PageContract):
    pages = [
        Page(
            "accounts:user_edit",
            args=lambda c: (c.users["petition"].pk,),
            allowed="admin",
            forbidden="leader",
            data=_edit,
            audit="accounts.user.update",
        ),
        Page(
            "accounts:user_disable",
            args=lambda c: (c.users["petition"].pk,),
            allowed="admin",
            forbidden="case_management",
            get=False,
            data=lambda c: {"reason": "调离"},
            audit="accounts.user.disable",
        ),
        Page(
            "accounts:user_enable",
            args=lambda c: (c.users["petition"].pk,),
            allowed="admin",
            forbidden="case_management",
            get=False,
        ),
        Page(
            "accounts:user_password_reset",
            args=lambda c: (c.users["petition"].pk,),
            allowed="admin",
            forbidden="leader",
            get=False,
            data=lambda c: {},
            post_status=200,
            audit="accounts.user.password_reset",
        ),
        Page(
            "accounts:user_unlock",
            args=lambda c: (c.users["review"].pk,),
            allowed="admin",
            forbidden="leader",
            get=False,
            data=_locked,
            audit="accounts.user.unlock",
        ),
    ]
