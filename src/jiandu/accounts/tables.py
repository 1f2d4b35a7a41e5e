"""The user list's table."""

from __future__ import annotations

from typing import Any

import django_tables2 as tables
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from jiandu.accounts.models import User
from jiandu.core.formatting import cn_datetime
from jiandu.core.tables import LedgerTable


class UserTable(LedgerTable):
    username = tables.Column(verbose_name="用户名")
    full_name = tables.Column(verbose_name="姓名", default="")
    unit = tables.Column(verbose_name="单位", default="")
    role = tables.Column(verbose_name="角色")
    is_active = tables.Column(verbose_name="状态")
    last_login = tables.Column(verbose_name="最近登录", default="")
    manage = tables.Column(verbose_name="操作", empty_values=(), orderable=False)

    class Meta(LedgerTable.Meta):
        model = User
        fields = ()
        attrs = {"class": "table card-table table-vcenter"}

    def render_unit(self, record: User) -> str:
        return record.unit.choice_label() if record.unit else ""

    def render_role(self, record: User) -> str:
        return record.get_role_display()

    def render_is_active(self, record: User) -> Any:
        badges = []
        if record.is_active:
            badges.append('<span class="badge bg-green-lt">启用</span>')
        else:
            badges.append('<span class="badge bg-secondary-lt">停用</span>')
        if getattr(record, "locked_out", False):
            badges.append('<span class="badge bg-red-lt" data-testid="locked-badge">已锁定</span>')
        if record.must_change_password:
            badges.append('<span class="badge bg-yellow-lt">待改密码</span>')
        return mark_safe(" ".join(badges))  # noqa: S308 - constant markup only

    def render_last_login(self, value: Any) -> str:
        return cn_datetime(value)

    def render_manage(self, record: User) -> str:
        return format_html(
            '<a href="{}" data-testid="user-manage-{}">管理</a>',
            reverse("accounts:user_edit", args=(record.pk,)),
            record.username,
        )
