"""What the workbench page shows of the audit log: the user's own last steps."""

from __future__ import annotations

from typing import Any

from jiandu.audit.models import Event
from jiandu.audit.selectors import recent_events_by
from jiandu.core.workbench import workbench_fact


@workbench_fact("recent_events")
def recent_events(user: Any) -> list[Event]:
    return recent_events_by(user=user, limit=10)


STALE_DAYS = 7  # a chain not verified for longer is flagged on the administrator's workbench


@workbench_fact("audit_chain")
def audit_chain(user: Any) -> dict[str, Any] | None:
    """The administrator's view of the chain: its length and the last verification
    (``jiandu audit verify --record`` or the audit page's button), flagged when it found
    the chain broken or is older than ``STALE_DAYS`` days."""
    if not user.has_capability("accounts.manage"):
        return None
    from datetime import timedelta

    from django.utils import timezone

    from jiandu.audit.models import ChainHead
    from jiandu.audit.selectors import last_verification

    last = last_verification(user=user)
    ok = bool(last and (last.payload or {}).get("ok"))
    stale = last is None or last.created_at < timezone.now() - timedelta(days=STALE_DAYS)
    return {
        "last": last,
        "ok": ok,
        "stale": stale,
        "stale_days": STALE_DAYS,
        "length": ChainHead.objects.values_list("seq", flat=True).first() or 0,
    }
