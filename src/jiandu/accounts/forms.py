from django import forms
from django.contrib.auth.forms import AuthenticationForm

from jiandu.accounts.rules import Role
from jiandu.org.forms import BootstrapMixin


class LoginForm(AuthenticationForm):
    error_messages = {
        "invalid_login": "用户名或密码不正确。请注意密码区分大小写。",
        "inactive": "该账号已停用。",
    }


class UserCreateForm(BootstrapMixin, forms.Form):
    username = forms.CharField(label="用户名", max_length=40)
    full_name = forms.CharField(label="姓名", max_length=40)
    role = forms.ChoiceField(label="角色", choices=Role.choices)
    unit = forms.IntegerField(label="所在单位", widget=forms.Select)
    password = forms.CharField(label="初始密码", widget=forms.PasswordInput, min_length=10)
