"""Password rules speak plain Chinese: each rule's message says what is wrong and what to
do, on the password change page and when an administrator creates a user."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth.password_validation import (
    get_default_password_validators,
    password_validators_help_texts,
    validate_password,
)
from django.core.exceptions import ValidationError
from django.urls import reverse

from jiandu.accounts.models import User
from jiandu.conftest import PASSWORD


def messages_for(password: str, user=None) -> list[str]:
    with pytest.raises(ValidationError) as exc:
        validate_password(password, user)
    return exc.value.messages


def chinese(text: str) -> bool:
    """Written for an office worker: Chinese, no Django stock phrase."""
    return bool(re.search(r"[\u4e00-\u9fff]", text)) and "该变量" not in text


def test_every_rule_is_ours_and_explains_itself_in_chinese():
    validators = get_default_password_validators()
    assert len(validators) == 4
    assert all(type(v).__module__ == "jiandu.accounts.passwords" for v in validators)
    assert all(chinese(t) for t in password_validators_help_texts())


def test_each_weak_password_gets_its_own_plain_message():
    user = User(username="zhangwei2026", full_name="张伟")
    assert messages_for("Ab3-xyz", user) == [
        "密码太短：至少要有10位，建议字母、数字和符号混合使用。"
    ]
    assert "密码不能全是数字，请加入字母或符号。" in messages_for("3141592653589", user)
    assert "这个密码太常见，很容易被猜到，请换一个不常见的密码。" in messages_for("password123")
    similar = messages_for("zhangwei2026!", user)
    assert similar == ["密码与用户名太接近，容易被别人猜到，请换一个。"]
    validate_password("Qz-9new-pass", user)  # a good one passes


@pytest.mark.django_db
def test_the_password_change_page_shows_the_chinese_messages(client_for, county):
    client = client_for(county.users["resident_team"])
    html = client.post(
        reverse("accounts:password_change"),
        {"old_password": PASSWORD, "new_password1": "12345", "new_password2": "12345"},
    ).content.decode()
    assert "密码太短：至少要有10位" in html and "密码不能全是数字" in html
    assert "该变量" not in html and "This password" not in html


@pytest.mark.django_db
def test_creating_a_user_with_a_short_password_says_why_at_the_field(client_for, county):
    client = client_for(county.users["admin"])
    html = client.post(
        reverse("accounts:user_create"),
        {
            "username": "newclerk",
            "full_name": "新同志",
            "role": "petition",
            "unit": county.units["petition"].pk,
            "password": "abc",
        },
    ).content.decode()
    assert "密码太短：至少要有10位" in html and "该变量" not in html
    assert not User.objects.filter(username="newclerk").exists()
