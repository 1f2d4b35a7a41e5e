from __future__ import annotations

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction

from jiandu.accounts.models import User
from jiandu.accounts.rules import Role
from jiandu.audit.services import event_record
from jiandu.core.errors import DomainError
from jiandu.core.permissions import require_capability
from jiandu.core.services import locked
from jiandu.org.models import Unit


@transaction.atomic
def user_create(
    *,
    actor: User | None,
    username: str,
    full_name: str,
    role: str,
    unit: Unit,
    password: str,
    validate: bool = True,
    is_unit_head: bool = False,
) -> User:
    require_capability(actor, "accounts.manage")
    username = username.strip()
    if not username:
        raise DomainError("用户名不能为空", fields={"username": ["用户名不能为空"]})
    if role not in Role.values:
        raise DomainError("角色不存在", fields={"role": ["角色不存在"]})
    if User.objects.filter(username=username).exists():
        raise DomainError(f"用户名{username}已被使用", fields={"username": ["用户名已被使用"]})
    user = User(
        username=username,
        full_name=full_name.strip(),
        role=role,
        unit=unit,
        is_unit_head=is_unit_head,
    )
    if validate:
        try:
            validate_password(password, user)
        except ValidationError as exc:
            raise DomainError("密码不符合要求", fields={"password": list(exc.messages)}) from None
    user.set_password(password)
    user.save()
    event_record(
        actor=actor,
        action="accounts.user.create",
        obj=user,
        payload={"role": role, "unit": unit.pk, "is_unit_head": is_unit_head},
    )
    return user


@locked("user")
def user_grant_admin_site(*, actor: User | None, user: User, reason: str) -> User:
    """Staff and superuser flags: the Django admin, where holiday years are entered."""
    require_capability(actor, "accounts.manage")
    if user.is_staff and user.is_superuser:
        return user
    user.is_staff = user.is_superuser = True
    user.save(update_fields=["is_staff", "is_superuser"])
    event_record(actor=actor, action="accounts.user.grant_admin_site", obj=user, reason=reason)
    return user


@transaction.atomic
def user_change_password(*, actor: User, new_password: str) -> User:
    """A signed-in user changes their own password (the form has checked the old one and
    the password validators); the audit event never carries the password."""
    try:
        validate_password(new_password, actor)
    except ValidationError as exc:
        raise DomainError("密码不符合要求", fields={"new_password1": list(exc.messages)}) from None
    actor.set_password(new_password)
    actor.save(update_fields=["password"])
    event_record(actor=actor, action="accounts.user.password_change", obj=actor)
    return actor
