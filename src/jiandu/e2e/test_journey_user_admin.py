"""Journey (user administration in jiandu): a review-office user locks themselves out
with wrong passwords → the system administrator sees the account marked 已锁定 in the
user list and unlocks it, then disables an inspection-office account with a reason → the
disabled user cannot sign in, the unlocked one can. No request leaves the host."""

import pytest
from django.conf import settings
from playwright.sync_api import expect

from jiandu.audit.models import Event
from jiandu.conftest import PASSWORD
from jiandu.core.testing import build_county
from jiandu.e2e.conftest import login, shot, sign_out

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _try_login(page, username: str, password: str) -> None:
    sign_out(page)
    page.goto(page.base + "/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.get_by_role("button", name="登录").click()


def test_administrator_unlocks_one_user_and_disables_another(page):
    county = build_county(PASSWORD)
    locked, leaving = county.users["review"], county.users["inspection"]

    # 1. Wrong passwords lock the review-office user out.
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _try_login(page, locked.username, "not-the-password")
    _try_login(page, locked.username, PASSWORD)
    expect(page.get_by_test_id("locked-out")).to_be_visible()

    # 2. The administrator finds the account marked 已锁定 and unlocks it.
    login(page, county.users["admin"].username, PASSWORD)
    page.goto(page.base + "/accounts/users/")
    expect(page.get_by_test_id("locked-badge")).to_have_count(1)
    page.get_by_test_id(f"user-manage-{locked.username}").click()
    expect(page.get_by_test_id("status-locked")).to_be_visible()
    shot(page, "user-admin-locked")
    page.get_by_test_id("user-unlock").click()
    expect(page.get_by_text("可以重新登录")).to_be_visible()
    expect(page.get_by_test_id("status-locked")).to_have_count(0)

    # 3. ... and disables the inspection-office account, giving the reason.
    page.goto(page.base + "/accounts/users/")
    page.get_by_test_id(f"user-manage-{leaving.username}").click()
    page.get_by_test_id("user-disable").click()  # without a reason: refused at the field
    expect(page.get_by_test_id("error-reason")).to_be_visible()
    page.fill("#id_reason", "调离本单位")
    page.get_by_test_id("user-disable").click()
    expect(page.get_by_test_id("status-disabled")).to_be_visible()
    shot(page, "user-admin-disabled")
    actions = set(Event.objects.values_list("action", flat=True))
    assert {"accounts.user.unlock", "accounts.user.disable"} <= actions

    # 4. The disabled user cannot sign in; the unlocked one can.
    _try_login(page, leaving.username, PASSWORD)
    expect(page.get_by_test_id("login-error")).to_be_visible()
    assert "/login/" in page.url
    login(page, locked.username, PASSWORD)
    assert page.url.endswith("/workbench/")
    assert page.recorder.off_host == []
