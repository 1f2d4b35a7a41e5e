"""The user list's table."""

from __future__ import annotations

from typing import Any

import django_tables2 as tables
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

    class Meta(LedgerTable.Meta):
        model = User
        fields = ()
        attrs = {"class": "table card-table table-vcenter"}

    def render_role(self, record: User) -> str:
        return record.get_role_display()

    def render_is_active(self, value: bool) -> Any:
        if value:
            return mark_safe('<span class="badge bg-green-lt">启用</span>')
        return mark_safe('<span class="badge bg-secondary-lt">停用</span>')

    def render_last_login(self, value: Any) -> str:
        return cn_datetime(value)
