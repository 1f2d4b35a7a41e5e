"""Policy defaults: the value of a key that applies on a date (DOMAIN.md §3)."""

from __future__ import annotations

from datetime import date

from jiandu.core.errors import DomainError


def policy_value(key: str, *, on: date) -> int:
    from jiandu.core.models import PolicyValue

    row = (
        PolicyValue.objects.filter(key=key, valid_from__lte=on)
        .order_by("-valid_from")
        .values_list("value", flat=True)
        .first()
    )
    if row is None:
        raise DomainError(f"政策参数“{key}”在{on}没有可用的取值，请系统管理员设置")
    return row
