"""Two-factor login (TOTP, django-otp): enrolment, the login step, the demo's devices.

Required of every role that can read reporter identities or approve
(``rules.requires_two_factor``), optional for the others. After the password, a user
with a confirmed device passes a TOTP step; a user whose role requires it and who has
none enrols first (QR code + secret, confirmed with a code). Until then the session holds
no capability (``User.two_factor_satisfied``) and the middleware answers every other
page with a redirect (API: 403).
"""

from __future__ import annotations

import base64
import io

from django.db import transaction
from django_otp import login as otp_login
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from jiandu.accounts.models import User
from jiandu.audit.services import event_record
from jiandu.core.errors import DomainError

DEVICE_NAME = "身份验证器"


def confirmed_device(user: User) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("id").first()


def pending_device(user: User) -> TOTPDevice:
    """The unconfirmed device being enrolled (created on first use; its key stays in the
    database, never in the session)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("id").first()
    return device or TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)


def secret_base32(device: TOTPDevice) -> str:
    return base64.b32encode(device.bin_key).decode().rstrip("=")


def qr_svg(device: TOTPDevice) -> str:
    """The otpauth:// URI as an inline SVG QR code (no request leaves the server)."""
    import qrcode
    import qrcode.image.svg

    image = qrcode.make(device.config_url, image_factory=qrcode.image.svg.SvgPathImage)
    out = io.BytesIO()
    image.save(out)
    svg = out.getvalue().decode()
    return svg[svg.index("<svg") :]


def current_code(device: TOTPDevice) -> str:
    """The code an authenticator app shows now (demo and tests only)."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():0{device.digits}d}"


def _check(device: TOTPDevice, code: str) -> DomainError | None:
    """None when the code is right; else the error to show. A wrong code counts towards
    django-otp's throttling (saved by the caller's transaction, which commits)."""
    code = (code or "").strip().replace(" ", "")
    if not code.isdigit() or len(code) != device.digits:
        return DomainError("请输入6位数字验证码", fields={"code": ["请输入6位数字验证码"]})
    allowed, _ = device.verify_is_allowed()
    if not allowed:
        return DomainError("验证码错误次数过多，请稍后再试", fields={"code": ["请稍后再试"]})
    if not device.verify_token(code):
        return DomainError("验证码不正确或已使用", fields={"code": ["验证码不正确或已使用"]})
    return None


def otp_verify(*, request, user: User, code: str) -> TOTPDevice:
    """The login's second step: the code of the user's confirmed device."""
    found = confirmed_device(user)
    if found is None:
        raise DomainError("尚未启用两步验证")
    with transaction.atomic():  # the device row locked: a code is accepted once
        device = TOTPDevice.objects.select_for_update().get(pk=found.pk)
        error = _check(device, code)
        if error is None:
            otp_login(request, device)
            event_record(actor=user, action="accounts.otp.verify", obj=user)
    if error is not None:  # raised after the commit, so that the failure is counted
        raise error
    return device


def otp_enrol(*, request, user: User, code: str) -> TOTPDevice:
    """Confirm the pending device with its first code; the session is then verified."""
    if confirmed_device(user) is not None:
        raise DomainError("已启用两步验证")
    with transaction.atomic():
        device = TOTPDevice.objects.select_for_update().get(pk=pending_device(user).pk)
        error = _check(device, code)
        if error is None:
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            otp_login(request, device)
            request.session["jiandu_otp_has_device"] = True
            event_record(actor=user, action="accounts.otp.enrol", obj=user)
    if error is not None:
        raise error
    return device


@transaction.atomic
def otp_disable(*, actor: User, reason: str = "") -> None:
    """Remove one's own device: only for a role that does not require two-factor login."""
    if actor.requires_two_factor:
        raise DomainError("您的角色必须使用两步验证，不能停用")
    deleted, _ = TOTPDevice.objects.filter(user=actor).delete()
    if deleted:
        event_record(actor=actor, action="accounts.otp.disable", obj=actor, reason=reason)


@transaction.atomic
def demo_enrol(*, user: User) -> TOTPDevice:
    """Give a demo account a confirmed device (``jiandu demo``; demo only)."""
    device = confirmed_device(user)
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=True)
        event_record(
            actor=None,
            action="accounts.otp.enrol",
            obj=user,
            reason="演示数据：为演示账号启用两步验证",
        )
    return device
