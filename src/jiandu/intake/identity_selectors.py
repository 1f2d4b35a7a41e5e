"""Identity-access requests: the only readers. A requester sees their own requests; an
approver (``reports.identity_approve``) sees the requests on reports they may see."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from jiandu.core.errors import NotFound
from jiandu.intake import identity_rules as rules
from jiandu.intake.models import IdentityAccessRequest, Report


def identity_requests_visible(*, user: Any) -> QuerySet[IdentityAccessRequest]:
    if user is None or not user.is_authenticated:
        return IdentityAccessRequest.objects.none()
    reports = Report.objects.visible_to(user).values("pk")
    mine = Q(requester=user) if user.has_capability("reports.identity_request") else Q(pk__in=[])
    allowed = mine
    if user.has_capability("reports.identity_approve"):
        allowed |= Q(report__in=reports)
    return (
        IdentityAccessRequest.objects.filter(allowed, report__in=reports)
        .select_related("report", "requester", "decided_by")
        .order_by("-created_at", "-id")
    )


def identity_request_get_for(*, user: Any, pk: Any) -> IdentityAccessRequest:
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        raise NotFound() from None
    request = identity_requests_visible(user=user).filter(pk=pk).first()
    if request is None:
        raise NotFound()
    return request


def identity_requests_pending_for(*, user: Any) -> QuerySet[IdentityAccessRequest]:
    """What waits for this approver: pending requests of others on reports they may see."""
    if not user.has_capability("reports.identity_approve"):
        return IdentityAccessRequest.objects.none()
    return (
        identity_requests_visible(user=user)
        .filter(status=rules.PENDING)
        .exclude(requester=user)
        .order_by("created_at", "id")
    )


def with_display_status(requests) -> list[IdentityAccessRequest]:
    """The requests with ``display_status`` ("已过期" derived from the window)."""
    now = timezone.now()
    rows = list(requests)
    for r in rows:
        r.display_status = rules.display_status(r.status, r.expires_at, now)
    return rows


def identity_panel(*, user: Any, report: Report) -> dict[str, Any]:
    """The report page's identity panel: what this user may do about the identity."""
    now = timezone.now()
    requests = list(identity_requests_visible(user=user).filter(report=report))
    for r in requests:
        r.display_status = rules.display_status(r.status, r.expires_at, now)
        r.readable = (
            r.requester_id == user.pk
            and r.status == rules.APPROVED
            and not rules.is_expired(r.status, r.expires_at, now)
        )
    has_identity = bool(report.reporter_identity)
    open_own = any(
        r.requester_id == user.pk and (r.status == rules.PENDING or r.readable) for r in requests
    )
    return {
        "identity_requests": requests,
        "can_request_identity": has_identity
        and not user.has_capability("reports.identity")
        and user.has_capability("reports.identity_request")
        and not open_own,
        "read_window_hours": int(rules.READ_WINDOW.total_seconds() // 3600),
    }
