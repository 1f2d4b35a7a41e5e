from django import forms
from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm

from jiandu.accounts import rules
from jiandu.accounts.rules import Role
from jiandu.core.forms import (
    ScopedFormMixin,
    ScopedModelChoiceField,
    StyledFormMixin,
    VersionedFormMixin,
)
from jiandu.org.models import Unit


class LoginForm(AuthenticationForm):
    error_messages = {
        "invalid_login": "用户名或密码不正确。请注意密码区分大小写。",
        "inactive": "该账号已停用。",
    }


class _UserFieldsForm(ScopedFormMixin, StyledFormMixin, forms.Form):
    """Name, role and unit of an account; the role must fit the unit
    (``rules.role_fits_unit``, checked again by the service)."""

    full_name = forms.CharField(label="姓名", max_length=40)
    role = forms.ChoiceField(label="角色", choices=[("", "请选择角色"), *Role.choices])
    unit = ScopedModelChoiceField(
        label="所在单位",
        queryset=Unit.objects.order_by("sort_order", "code"),
        empty_label="请选择单位",
        help_text="村（社区）等下级单位后的括号内为所属乡镇（街道）",
    )
    is_unit_head = forms.BooleanField(
        label="本单位负责人",
        required=False,
        help_text="如信访室主任：可审批举报人信息查阅申请（须使用两步验证）",
        widget=forms.CheckboxInput(attrs={"class": "form-check-input"}),
    )

    def clean(self):
        data = super().clean()
        role, unit = data.get("role"), data.get("unit")
        if role and unit is not None:
            refusal = rules.role_unit_refusal(role, unit.kind, unit.name)
            if refusal:
                self.add_error("unit", refusal)
        return data


class UserCreateForm(_UserFieldsForm):
    username = forms.CharField(label="用户名", max_length=40)
    # Checked by the password rules (settings.AUTH_PASSWORD_VALIDATORS), whose messages
    # are in plain Chinese; no min_length here (Django's says "确保该变量至少包含…").
    password = forms.CharField(
        label="初始密码",
        widget=forms.PasswordInput,
        help_text="至少10位，不能全为数字，不能与用户名相近或过于常见；请当面或电话告知本人，本人首次登录后须修改",
    )
    field_order = ["username", "full_name", "role", "unit", "is_unit_head", "password"]

    def clean(self):
        """The password rules at the field, with every other error in the same round
        (the service checks them again)."""
        data = super().clean()
        password = data.get("password")
        if password:
            from django.contrib.auth import get_user_model
            from django.contrib.auth.password_validation import validate_password

            probe = get_user_model()(
                username=data.get("username") or "", full_name=data.get("full_name") or ""
            )
            try:
                validate_password(password, probe)
            except forms.ValidationError as exc:
                self.add_error("password", exc)
        return data


class UserEditForm(VersionedFormMixin, _UserFieldsForm):
    """Edit an account's name, role and unit (``services.user_update``)."""


class UserDisableForm(StyledFormMixin, forms.Form):
    reason = forms.CharField(
        label="停用原因", max_length=200, help_text="如：调离本单位、退休；停用后不能登录"
    )


class OtpCodeForm(StyledFormMixin, forms.Form):
    code = forms.CharField(
        label="动态验证码",
        max_length=8,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
    )


class ChinesePasswordChangeForm(StyledFormMixin, PasswordChangeForm):
    error_messages = {
        **PasswordChangeForm.error_messages,
        "password_incorrect": "原密码不正确，请重新输入。",
        "password_mismatch": "两次输入的新密码不一致。",
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["old_password"].label = "原密码"
        self.fields["new_password1"].label = "新密码"
        self.fields[
            "new_password1"
        ].help_text = "至少10位，不能全为数字，不能与用户名相近或过于常见。"
        self.fields["new_password2"].label = "确认新密码"

    def save(self, commit=True):  # the service writes (and audits) the change
        raise NotImplementedError("use accounts.services.user_change_password")
