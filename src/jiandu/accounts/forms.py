from django import forms
from django.contrib.auth.forms import AuthenticationForm

from jiandu.accounts.rules import Role
from jiandu.core.forms import ScopedFormMixin, ScopedModelChoiceField
from jiandu.org.forms import BootstrapMixin
from jiandu.org.models import Unit


class LoginForm(AuthenticationForm):
    error_messages = {
        "invalid_login": "用户名或密码不正确。请注意密码区分大小写。",
        "inactive": "该账号已停用。",
    }


class UserCreateForm(ScopedFormMixin, BootstrapMixin, forms.Form):
    username = forms.CharField(label="用户名", max_length=40)
    full_name = forms.CharField(label="姓名", max_length=40)
    role = forms.ChoiceField(label="角色", choices=Role.choices)
    unit = ScopedModelChoiceField(
        label="所在单位", queryset=Unit.objects.order_by("sort_order", "code")
    )
    password = forms.CharField(label="初始密码", widget=forms.PasswordInput, min_length=10)
