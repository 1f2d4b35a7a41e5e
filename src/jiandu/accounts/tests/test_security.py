"""Login, lockout, session timeout, password hashing and the production settings."""

import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.urls import reverse

from jiandu.conftest import PASSWORD


@pytest.mark.django_db
def test_login_page_is_chinese_and_login_works(client, county):
    response = client.get(reverse("login"))
    assert "用户登录" in response.content.decode()
    response = client.post(reverse("login"), {"username": "t_leader", "password": PASSWORD})
    assert response.status_code == 302 and response.url == reverse("core:workbench")


@pytest.mark.django_db
def test_wrong_password_gives_a_chinese_error(client, county):
    response = client.post(reverse("login"), {"username": "t_leader", "password": "wrong-password"})
    assert "用户名或密码不正确" in response.content.decode()


@pytest.mark.django_db
def test_lockout_after_five_failures_even_with_the_right_password(client, county):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("login"), {"username": "t_petition", "password": "wrong-password"})
    response = client.post(reverse("login"), {"username": "t_petition", "password": PASSWORD})
    assert response.status_code == 429
    assert "锁定" in response.content.decode()
    # Another account from the same address is not locked (username + IP pairs).
    response = client.post(reverse("login"), {"username": "t_leader", "password": PASSWORD})
    assert response.status_code == 302


def test_session_times_out_when_idle():
    assert settings.SESSION_SAVE_EVERY_REQUEST is True
    assert 0 < settings.SESSION_COOKIE_AGE <= 8 * 3600


@pytest.mark.django_db
def test_expired_session_is_sent_to_login(client, county):
    client.force_login(county.users["leader"])
    session = client.session
    session.set_expiry(-1)
    session.save()
    response = client.get(reverse("core:workbench"))
    assert response.status_code == 302 and response.url.startswith(reverse("login"))


def test_production_uses_argon2_and_deploy_check_is_clean(tmp_path):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "jiandu.settings_production",
        "JIANDU_SECRET_KEY": "k" * 20 + "-production-secret-for-the-deploy-check-0123456789",
        "JIANDU_FIELD_KEY": "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=",
        "JIANDU_VAR": str(tmp_path),
        "DATABASE_URL": f"sqlite:///{tmp_path}/prod.sqlite3",
    }
    env.pop("PYTEST_CURRENT_TEST", None)
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    code = (
        "import django, sys; django.setup();"
        "from django.conf import settings;"
        "print(settings.PASSWORD_HASHERS[0]);"
        "from django.core.management import call_command;"
        "call_command('check', deploy=True, fail_level='WARNING')"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"


def test_production_refuses_to_start_without_keys(tmp_path):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "jiandu.settings_production",
        "JIANDU_VAR": str(tmp_path),
    }
    env.pop("JIANDU_SECRET_KEY", None)
    result = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0
    assert "JIANDU_SECRET_KEY" in result.stderr
