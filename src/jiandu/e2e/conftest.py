"""Browser journeys: Playwright driving Debian's Chromium (never a downloaded browser)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from urllib.parse import urlparse

import pytest

CHROMIUM = os.environ.get("JIANDU_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
SHOTS = Path(os.environ.get("JIANDU_SCREENSHOTS", "var/screenshots"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium not found at {CHROMIUM}: install Debian's chromium (see .ci/run)")
    # Playwright's sync API runs an event loop in this thread; the ORM calls that the
    # tests and pytest-django make happen between browser actions, never concurrently.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            yield browser
            browser.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


class OffHostRecorder:
    """Every request the page makes; anything not to the live server is a failure."""

    def __init__(self, base_url: str):
        self.host = urlparse(base_url).netloc
        self.requests: list[str] = []

    def __call__(self, request) -> None:
        self.requests.append(request.url)

    @property
    def off_host(self) -> list[str]:
        return [
            u
            for u in self.requests
            if urlparse(u).scheme in ("http", "https", "ws", "wss")
            and urlparse(u).netloc != self.host
        ]


@pytest.fixture
def migration_data(transactional_db):
    """The rows migrations seed (legal calendar, policy values, categories, the audit
    chain head) as a fresh database has them. A browser journey runs against the live
    server in a transactional test, and pytest-django empties every table after each
    such test: the next journey would otherwise find no policy value (e.g. the clearance
    reply period) and no holiday calendar. Put back the way ``jiandu demo --reset`` does."""
    from jiandu.core.models import PolicyValue

    if not PolicyValue.objects.exists():
        from jiandu.devtools.management.commands.demo import _reseed_migration_data

        _reseed_migration_data()


@pytest.fixture
def page(browser, live_server, migration_data):
    context = browser.new_context(viewport={"width": 1366, "height": 768}, locale="zh-CN")
    page = context.new_page()
    recorder = OffHostRecorder(live_server.url)
    page.on("request", recorder)
    page.recorder = recorder
    page.base = live_server.url
    yield page
    context.close()


def shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def sign_out(page) -> None:
    """Forget the browser's session. The last page's own requests (the notification bell
    loads after the page) finish first: a response still on its way would set the old
    session's cookie again after the cookies are cleared (the server session is not
    ended here, unlike a real 退出)."""
    page.wait_for_load_state("networkidle")
    page.context.clear_cookies()


def login(page, username: str, password: str) -> None:
    """Sign in through the login form, as a person would; a role that must use
    two-factor login then enrols an authenticator (first time) or types its code, the
    code computed from the device key as the person's app would show it."""
    from jiandu.accounts.models import User
    from jiandu.core.testing import current_otp_code

    sign_out(page)
    page.goto(page.base + "/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(lambda url: "/login/" not in url or "/login/otp/" in url)
    if "/login/otp/" in page.url or "/accounts/2fa/" in page.url:
        page.fill("#id_code", current_otp_code(User.objects.get(username=username)))
        page.press("#id_code", "Enter")
    page.wait_for_url("**/workbench/")
