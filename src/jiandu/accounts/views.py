from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST

from jiandu.accounts import selectors, services, twofactor
from jiandu.accounts.filters import UserFilter
from jiandu.accounts.forms import (
    ChinesePasswordChangeForm,
    OtpCodeForm,
    UserCreateForm,
    UserDisableForm,
    UserEditForm,
)
from jiandu.accounts.rules import Role
from jiandu.accounts.tables import UserTable
from jiandu.core.errors import DomainError
from jiandu.core.forms import add_domain_error
from jiandu.core.ledger import Ledger, ledger_view
from jiandu.core.permissions import capability_required
from jiandu.core.redirects import safe_next


def _mark_locked(users: list, request) -> None:
    """The page's rows learn whether they are locked out (one query for the page)."""
    locked = selectors.locked_out_usernames(u.username for u in users)
    for user in users:
        user.locked_out = user.username in locked


USER_LEDGER = Ledger(
    selector=selectors.user_list,
    filterset=UserFilter,
    table=UserTable,
    template="accounts/user_list.html",
    nav_key="users",
    filter_fields=("q", "role"),
    filter_choices={"role": lambda request: Role.choices},
    filter_attrs={"q": {"placeholder": "用户名或姓名"}},
    empty_hint="没有符合条件的记录，可调整筛选条件后再试。",
    prepare=_mark_locked,
)
user_list = ledger_view(USER_LEDGER, capability="accounts.manage")


@capability_required("accounts.manage")
def user_create(request):
    request.nav_key = "users"
    form = UserCreateForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            user = services.user_create(
                actor=request.user,
                username=data["username"],
                full_name=data["full_name"],
                role=data["role"],
                unit=data["unit"],
                password=data["password"],
                is_unit_head=data["is_unit_head"],
            )
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, f"已创建用户 {user}")
            return redirect("accounts:user_list")
    return render(request, "accounts/user_form.html", {"form": form})


def _user_page(request, target, form, **extra):
    """The account's page: the edit form and the administration steps."""
    context = {
        "target": target,
        "form": form,
        "disable_form": extra.pop("disable_form", None) or UserDisableForm(),
        "locked_out": target.username in selectors.locked_out_usernames([target.username]),
        "is_self": target.pk == request.user.pk,
        **extra,
    }
    return render(request, "accounts/user_edit.html", context)


@capability_required("accounts.manage")
def user_edit(request, pk: int):
    """Edit an account's name, role and unit; disable, enable, reset the password or
    unlock it from the same page."""
    request.nav_key = "users"
    target = selectors.user_get_for(user=request.user, pk=pk)
    initial = {
        "full_name": target.full_name,
        "role": target.role,
        "unit": target.unit_id,
        "is_unit_head": target.is_unit_head,
    }
    form = UserEditForm(
        request.POST or None,
        user=request.user,
        initial=initial,
        version=services.user_version(target),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.user_update(
                actor=request.user,
                user=target,
                full_name=data["full_name"],
                unit=data["unit"],
                role=data["role"],
                is_unit_head=data["is_unit_head"],
                version=data["version"],
            )
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, f"已保存用户 {target}")
            return redirect("accounts:user_edit", pk=target.pk)
    return _user_page(request, target, form)


def _user_step(request, pk: int, step) -> object:
    """Run one administration step on an account; its refusal is shown on its page."""
    target = selectors.user_get_for(user=request.user, pk=pk)
    try:
        note = step(target)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, note)
    return redirect("accounts:user_edit", pk=target.pk)


@require_POST
@capability_required("accounts.manage")
def user_disable(request, pk: int):
    request.nav_key = "users"
    target = selectors.user_get_for(user=request.user, pk=pk)
    form = UserDisableForm(request.POST)
    if not form.is_valid():
        edit = UserEditForm(user=request.user, version=services.user_version(target))
        return _user_page(request, target, edit, disable_form=form, open_disable=True)

    def disable(user):
        services.user_set_active(
            actor=request.user, user=user, active=False, reason=form.cleaned_data["reason"]
        )
        return f"已停用用户 {user}，该账号不能再登录"

    return _user_step(request, pk, disable)


@require_POST
@capability_required("accounts.manage")
def user_enable(request, pk: int):
    def enable(user):
        services.user_set_active(actor=request.user, user=user, active=True)
        return f"已启用用户 {user}"

    return _user_step(request, pk, enable)


@require_POST
@capability_required("accounts.manage")
def user_unlock(request, pk: int):
    def unlock(user):
        services.user_unlock(actor=request.user, user=user)
        return f"已解锁用户 {user}，可以重新登录"

    return _user_step(request, pk, unlock)


@sensitive_post_parameters()
@require_POST
@capability_required("accounts.manage")
def user_password_reset(request, pk: int):
    """Reset to a one-time password, shown on this response only (never stored in the
    clear, not in the session, not in a message); the user must change it at the next
    login."""
    request.nav_key = "users"
    target = selectors.user_get_for(user=request.user, pk=pk)
    try:
        password = services.user_reset_password(actor=request.user, user=target)
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("accounts:user_edit", pk=target.pk)
    response = render(
        request, "accounts/user_password_reset.html", {"target": target, "password": password}
    )
    add_never_cache_headers(response)
    response["Cache-Control"] = "no-store, private, max-age=0"
    return response


def _next(request) -> str:
    """Where to go after a login step: a safe local ``next``, else the workbench."""
    return safe_next(request, reverse("core:workbench"))


def _form_errors(form, exc: DomainError) -> None:
    form.add_error(None, exc.message)


@never_cache
@login_required
def otp_verify(request):
    """The login's second step: the code of the user's authenticator app."""
    if request.user.is_verified():
        return redirect(_next(request))
    if twofactor.confirmed_device(request.user) is None:
        return redirect(f"{reverse('accounts:otp_setup')}?next={_next(request)}")
    form = OtpCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            twofactor.otp_verify(request=request, user=request.user, code=form.cleaned_data["code"])
        except DomainError as exc:
            _form_errors(form, exc)
        else:
            return redirect(_next(request))
    return render(request, "accounts/otp_verify.html", {"form": form, "next": _next(request)})


@never_cache
@login_required
def otp_setup(request):
    """Enrol an authenticator app (QR code and secret), or see and (for a role that does
    not require it) switch off two-factor login."""
    request.nav_key = "otp"
    user = request.user
    device = twofactor.confirmed_device(user)
    if device is not None:
        if not user.is_verified():
            return redirect(f"{reverse('otp_verify')}?next={_next(request)}")
        if request.method == "POST" and request.POST.get("disable"):
            try:
                twofactor.otp_disable(actor=user)
            except DomainError as exc:
                messages.error(request, exc.message)
            else:
                request.session["jiandu_otp_has_device"] = False
                messages.success(request, "已停用两步验证")
            return redirect("accounts:otp_setup")
        return render(request, "accounts/otp_setup.html", {"enabled": True, "device": device})
    form = OtpCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            twofactor.otp_enrol(request=request, user=user, code=form.cleaned_data["code"])
        except DomainError as exc:
            _form_errors(form, exc)
        else:
            messages.success(request, "已启用两步验证，今后登录时须输入动态验证码")
            return redirect(_next(request))
    pending = twofactor.pending_device(user)
    response = render(
        request,
        "accounts/otp_setup.html",
        {
            "enabled": False,
            "form": form,
            "qr_svg": twofactor.qr_svg(pending),
            "secret": twofactor.secret_base32(pending),
            "required": user.requires_two_factor,
            "next": _next(request),
        },
    )
    response["Cache-Control"] = "no-store, private, max-age=0"
    return response


@sensitive_post_parameters()
@never_cache
@login_required
def password_change(request):
    """A signed-in user changes their own password (old password, new one twice)."""
    request.nav_key = "password"
    form = ChinesePasswordChangeForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.user_change_password(
                actor=request.user, new_password=form.cleaned_data["new_password1"]
            )
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            update_session_auth_hash(request, request.user)  # this session stays signed in
            messages.success(request, "密码已修改")
            return redirect("core:workbench")
    return render(request, "accounts/password_change.html", {"form": form})
