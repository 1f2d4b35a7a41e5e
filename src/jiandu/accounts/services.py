from __future__ import annotations

import secrets

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction

from jiandu.accounts import rules
from jiandu.accounts.models import User
from jiandu.accounts.rules import Role
from jiandu.audit.services import event_record
from jiandu.core.errors import DomainError
from jiandu.core.permissions import require_capability
from jiandu.core.services import check_version, locked, version_of
from jiandu.org.models import Unit


def _check_role_unit(role: str, unit: Unit | None) -> None:
    """A role fits its unit (``rules.role_fits_unit``): refused at the unit field."""
    if unit is None:
        raise DomainError("请选择所在单位", fields={"unit": ["请选择所在单位"]})
    refusal = rules.role_unit_refusal(role, unit.kind, unit.name)
    if refusal:
        raise DomainError(refusal, fields={"unit": [refusal]})


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
    _check_role_unit(role, unit)
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
    actor.must_change_password = False
    actor.save(update_fields=["password", "must_change_password"])
    event_record(actor=actor, action="accounts.user.password_change", obj=actor)
    return actor


# --- user administration (the system administrator, ``accounts.manage``) -------------------

USER_EDITABLE = ("full_name", "unit", "role", "is_unit_head")


def user_version(user: User) -> str:
    """The user edit form's version token."""
    return version_of(user, USER_EDITABLE)


@locked("user")
def user_update(
    *,
    actor: User,
    user: User,
    full_name: str,
    unit: Unit,
    role: str,
    is_unit_head: bool = False,
    version: str | None = None,
) -> User:
    """Edit an account's name, unit and role. The role must fit the unit
    (``rules.role_fits_unit``); the administrator cannot take away their own role."""
    require_capability(actor, "accounts.manage")
    check_version(user_version(user), version)
    if role not in Role.values:
        raise DomainError("角色不存在", fields={"role": ["角色不存在"]})
    if user.pk == actor.pk and role != user.role:
        message = "不能修改自己的角色（请由另一名系统管理员修改）"
        raise DomainError(message, fields={"role": [message]})
    _check_role_unit(role, unit)
    changes = {
        "full_name": full_name.strip(),
        "unit": unit,
        "role": role,
        "is_unit_head": bool(is_unit_head),
    }
    if not changes["full_name"]:
        raise DomainError("请填写姓名", fields={"full_name": ["请填写姓名"]})
    before = {f: getattr(user, f) for f in changes}
    changed = [f for f, v in changes.items() if before[f] != v]
    if not changed:
        return user
    for field in changed:
        setattr(user, field, changes[field])
    user.save(update_fields=changed)
    user.__dict__.pop("_unit_scope_cache", None)

    def plain(value: object) -> object:
        return value.pk if isinstance(value, Unit) else value

    event_record(
        actor=actor,
        action="accounts.user.update",
        obj=user,
        payload={f: {"from": plain(before[f]), "to": plain(changes[f])} for f in changed},
    )
    return user


@locked("user")
def user_set_active(*, actor: User, user: User, active: bool, reason: str = "") -> User:
    """停用 / 启用 an account. A disabled account cannot log in and holds no capability;
    its records and history stay. Nobody disables their own account."""
    require_capability(actor, "accounts.manage")
    if user.is_active == active:
        raise DomainError("该账号已是启用状态" if active else "该账号已停用")
    if not active:
        if user.pk == actor.pk:
            raise DomainError("不能停用自己的账号")
        reason = reason.strip()
        if not reason:
            raise DomainError("请写明停用原因", fields={"reason": ["请写明停用原因"]})
    user.is_active = active
    user.save(update_fields=["is_active"])
    event_record(
        actor=actor,
        action="accounts.user.enable" if active else "accounts.user.disable",
        obj=user,
        reason=reason,
    )
    return user


# Letters and digits that cannot be misread on paper or over the phone (no 0/O, 1/l/I).
_ONE_TIME_ALPHABET = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def one_time_password() -> str:
    """A random 12-character password for a reset (told to the user once)."""
    while True:
        value = "".join(secrets.choice(_ONE_TIME_ALPHABET) for _ in range(12))
        if any(c.isdigit() for c in value) and any(c.isalpha() for c in value):
            return value


@locked("user")
def user_reset_password(*, actor: User, user: User) -> str:
    """Set a one-time password, returned to the caller to be shown once and never
    stored in the clear; the user must choose their own at the next login
    (``must_change_password``). Their failed-login lockout is lifted too. The audit
    event never carries the password. Another administrator resets an administrator's
    own password: one's own is changed on the password page."""
    require_capability(actor, "accounts.manage")
    if user.pk == actor.pk:
        raise DomainError("不能重置自己的密码，请在“修改密码”页面修改")
    if not user.is_active:
        raise DomainError("该账号已停用，请先启用再重置密码")
    password = one_time_password()
    user.set_password(password)
    user.must_change_password = True
    user.save(update_fields=["password", "must_change_password"])
    _clear_lockout(user)
    event_record(actor=actor, action="accounts.user.password_reset", obj=user)
    return password


def _clear_lockout(user: User) -> int:
    from axes.utils import reset

    return reset(username=user.username)


@locked("user")
def user_unlock(*, actor: User, user: User) -> User:
    """解锁: lift the lockout after too many failed logins (django-axes), before the
    15 minutes have passed. Refused when the account is not locked."""
    from jiandu.accounts.selectors import locked_out_usernames

    require_capability(actor, "accounts.manage")
    if user.username not in locked_out_usernames([user.username]):
        raise DomainError("该账号未被锁定，无需解锁")
    _clear_lockout(user)
    event_record(actor=actor, action="accounts.user.unlock", obj=user)
    return user
