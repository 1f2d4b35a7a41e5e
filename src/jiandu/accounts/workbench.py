"""What the administrator's workbench shows of the users (``admin_users``): who is locked
out after failed logins, who must use two-factor login and has not enrolled, who is
disabled. For everyone else the fact is ``None`` and costs no query."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from jiandu.accounts import rules
from jiandu.accounts.models import User
from jiandu.core.workbench import workbench_fact

SHOWN = 10  # names listed per line; the count is the true count


def locked_out_usernames() -> list[str]:
    """The usernames whose failed logins reached the limit within the cool-off time
    (django-axes; only the username is read, never the address)."""
    from axes.models import AccessAttempt

    limit = getattr(settings, "AXES_FAILURE_LIMIT", 5)
    cooloff = getattr(settings, "AXES_COOLOFF_TIME", None)
    attempts = AccessAttempt.objects.filter(failures_since_start__gte=limit)
    if cooloff is not None:
        attempts = attempts.filter(attempt_time__gte=timezone.now() - cooloff)
    return sorted(set(attempts.values_list("username", flat=True)) - {None, ""})


def without_two_factor() -> QuerySet[User]:
    """Active users whose role requires two-factor login and who have no confirmed
    authenticator (they can sign in but hold no capability until they enrol)."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    roles = [r for r in rules.Role.values if rules.requires_two_factor(r)]
    heads = [r for r in rules.Role.values if rules.requires_two_factor(r, is_head=True)]
    needs = Q(role__in=roles) | Q(role__in=heads, is_unit_head=True)
    device = TOTPDevice.objects.filter(user=OuterRef("pk"), confirmed=True)
    return User.objects.filter(needs, is_active=True).exclude(Exists(device))


@workbench_fact("admin_users")
def admin_users(user: Any) -> dict[str, Any] | None:
    if not user.has_capability("accounts.manage"):
        return None
    names = locked_out_usernames()
    locked = list(
        User.objects.filter(username__in=names).select_related("unit").order_by("username")
    )
    no_otp = without_two_factor().select_related("unit").order_by("username")
    disabled = User.objects.filter(is_active=False).select_related("unit").order_by("username")
    return {
        "locked": locked[:SHOWN],
        "locked_count": len(locked),
        "no_two_factor": list(no_otp[:SHOWN]),
        "no_two_factor_count": no_otp.count(),
        "disabled": list(disabled[:SHOWN]),
        "disabled_count": disabled.count(),
        "total": User.objects.filter(is_active=True).count(),
    }
