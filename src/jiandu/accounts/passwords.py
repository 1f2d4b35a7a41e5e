"""Password rules with messages an office worker understands (Django's stock ones read
"确保该变量至少包含 10 字符" and the like). The same four checks as Django's validators,
configured in ``settings.AUTH_PASSWORD_VALIDATORS``; every message says what is wrong
and what to do."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import password_validation as stock
from django.core.exceptions import ValidationError

# The user's fields a password must not resemble, by their Chinese names.
FIELD_NAMES = {"username": "用户名", "full_name": "姓名", "email": "电子邮箱"}


class MinimumLengthValidator(stock.MinimumLengthValidator):
    def get_error_message(self) -> str:
        return f"密码太短：至少要有{self.min_length}位，建议字母、数字和符号混合使用。"

    def get_help_text(self) -> str:
        return f"至少{self.min_length}位。"


class UserAttributeSimilarityValidator(stock.UserAttributeSimilarityValidator):
    DEFAULT_USER_ATTRIBUTES = tuple(FIELD_NAMES)

    def __init__(self, user_attributes: Any = DEFAULT_USER_ATTRIBUTES, **kwargs: Any) -> None:
        super().__init__(user_attributes=user_attributes, **kwargs)

    def validate(self, password: str, user: Any = None) -> None:
        try:
            super().validate(password, user)
        except ValidationError as exc:
            field = self._field_of(exc)
            raise ValidationError(
                f"密码与{field}太接近，容易被别人猜到，请换一个。",
                code="password_too_similar",
            ) from None

    def _field_of(self, exc: ValidationError) -> str:
        name = str((exc.params or {}).get("verbose_name", ""))
        for attribute, chinese in FIELD_NAMES.items():
            if name in (attribute, chinese):
                return chinese
        return "您的用户名或姓名"

    def get_help_text(self) -> str:
        return "不能与用户名、姓名相近。"


class CommonPasswordValidator(stock.CommonPasswordValidator):
    def get_error_message(self) -> str:
        return "这个密码太常见，很容易被猜到，请换一个不常见的密码。"

    def get_help_text(self) -> str:
        return "不能使用常见的弱密码。"


class NumericPasswordValidator(stock.NumericPasswordValidator):
    def get_error_message(self) -> str:
        return "密码不能全是数字，请加入字母或符号。"

    def get_help_text(self) -> str:
        return "不能全是数字。"
