"""Two-factor login gate (after django-otp's ``OTPMiddleware``).

For a signed-in session that is not OTP-verified: a user with a confirmed device is sent
to the TOTP step, a user whose role requires two-factor login and has no device to
enrolment; the API answers 403. Only the login, logout, those two pages, static files
and the public portal answer meanwhile.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import reverse

EXEMPT_PREFIXES = ("/static/", "/jubao/", "/favicon")


class TwoFactorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if user.is_authenticated and not user.is_verified():
            response = self._gate(request, user)
            if response is not None:
                return response
        return self.get_response(request)

    def _gate(self, request, user):
        verify, setup = reverse("otp_verify"), reverse("accounts:otp_setup")
        exempt = {reverse("login"), reverse("logout"), verify, setup}
        path = request.path
        if path in exempt or path.startswith(EXEMPT_PREFIXES):
            return None
        if has_device(request, user):
            target, message = verify, "请先完成两步验证"
        elif user.requires_two_factor:
            target, message = setup, "您的角色须启用两步验证，请先完成绑定"
        else:
            return None
        if path.startswith("/api/"):
            return JsonResponse({"message": message, "fields": {}}, status=403)
        return redirect(f"{target}?{urlencode({'next': request.get_full_path()})}")


HAS_DEVICE_SESSION_KEY = "jiandu_otp_has_device"


def has_device(request, user) -> bool:
    """Whether the signed-in user had a confirmed device when this session began (noted
    at login, so that a session without one costs no query per request)."""
    if HAS_DEVICE_SESSION_KEY not in request.session:
        note_device(request, user)
    return bool(request.session.get(HAS_DEVICE_SESSION_KEY))


def note_device(request, user, **kwargs) -> None:
    """``user_logged_in`` receiver: note in the session whether a TOTP step is due."""
    from jiandu.accounts.twofactor import confirmed_device

    if request is not None and hasattr(request, "session"):
        request.session[HAS_DEVICE_SESSION_KEY] = confirmed_device(user) is not None


class PasswordChangeRequiredMiddleware:
    """After the system administrator reset a password (``must_change_password``), the
    signed-in user can reach nothing but the password page (and logging out) until they
    have chosen their own; the API answers 403."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.must_change_password:
            target = reverse("accounts:password_change")
            exempt = {
                target,
                reverse("login"),
                reverse("logout"),
                reverse("otp_verify"),
                reverse("accounts:otp_setup"),
            }
            path = request.path
            if path not in exempt and not path.startswith(EXEMPT_PREFIXES):
                message = "您的密码已由系统管理员重置，请先设置新密码"
                if path.startswith("/api/"):
                    return JsonResponse({"message": message, "fields": {}}, status=403)
                return redirect(target)
        return self.get_response(request)
