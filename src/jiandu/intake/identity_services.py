"""Identity-access requests: the only writers (each step an audit event in the same
transaction). Rules: ``jiandu.intake.identity_rules``."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from jiandu.audit.services import event_record, read_record
from jiandu.core.crypto import decrypt_json
from jiandu.core.errors import DomainError, NotFound
from jiandu.core.permissions import require_capability
from jiandu.core.scoping import get_visible_or_404
from jiandu.core.services import locked
from jiandu.intake import identity_rules as rules
from jiandu.intake.models import IdentityAccessRequest, Report
from jiandu.intake.services import _identity_context


def _require_visible(user: Any, report: Report) -> None:
    get_visible_or_404(Report.objects.all(), user=user, pk=report.pk)


@locked("report")
def identity_request_create(*, actor: Any, report: Report, reason: str) -> IdentityAccessRequest:
    """Ask to see the reporter's identity of a report one may see, with a written reason."""
    require_capability(actor, "reports.identity_request")
    _require_visible(actor, report)
    if not report.reporter_identity:
        raise DomainError("该信访件为匿名举报，没有举报人信息")
    reason = (reason or "").strip()
    if len(reason) < rules.MIN_REASON_LENGTH:
        message = f"请写明查阅理由（至少{rules.MIN_REASON_LENGTH}个字）"
        raise DomainError(message, fields={"reason": [message]})
    open_states = [rules.PENDING, rules.APPROVED]
    mine = IdentityAccessRequest.objects.select_for_update().filter(
        report=report, requester=actor, status__in=open_states
    )
    now = timezone.now()
    if any(not rules.is_expired(r.status, r.expires_at, now) for r in mine):
        raise DomainError("您对该信访件已有待审批或待查阅的申请")
    request = IdentityAccessRequest.objects.create(
        report=report, requester=actor, reason=reason[:2000], created_at=now
    )
    event_record(
        actor=actor,
        action="intake.identity_request.create",
        obj=request,
        to_state=rules.LABELS[rules.PENDING],
        reason=request.reason,
        payload={"report": report.pk},
    )
    return request


@locked("request")
def identity_request_decide(
    *, actor: Any, request: IdentityAccessRequest, approve: bool, note: str = ""
) -> IdentityAccessRequest:
    """A leader or the 信访室 head approves or refuses; never the requester."""
    require_capability(actor, "reports.identity_approve")
    _require_visible(actor, request.report)
    if actor is not None and actor.pk == request.requester_id:
        raise DomainError("申请人不能审批自己的查阅申请，须由另一名负责人审批")
    step = "approve" if approve else "refuse"
    previous = request.status
    request.status = rules.MACHINE.check(previous, step)
    note = (note or "").strip()
    if not approve and not note:
        raise DomainError("不予批准须写明理由", fields={"note": ["请写明理由"]})
    now = timezone.now()
    request.decided_by, request.decided_at, request.decision_note = actor, now, note[:2000]
    request.expires_at = rules.expires_at(now) if approve else None
    request.save(
        update_fields=["status", "decided_by", "decided_at", "decision_note", "expires_at"]
    )
    event_record(
        actor=actor,
        action=f"intake.identity_request.{step}",
        obj=request,
        from_state=rules.LABELS[previous],
        to_state=rules.LABELS[request.status],
        reason=note,
        payload={"report": request.report_id, "requester": request.requester_id},
    )
    return request


@locked("request")
def identity_request_withdraw(
    *, actor: Any, request: IdentityAccessRequest
) -> IdentityAccessRequest:
    if actor is None or actor.pk != request.requester_id:
        raise NotFound()
    previous = request.status
    request.status = rules.MACHINE.check(previous, "withdraw")
    request.save(update_fields=["status"])
    event_record(
        actor=actor,
        action="intake.identity_request.withdraw",
        obj=request,
        from_state=rules.LABELS[previous],
        to_state=rules.LABELS[request.status],
    )
    return request


@locked("request")
def identity_request_read(*, actor: Any, request: IdentityAccessRequest) -> dict[str, str]:
    """The one read an approval allows, by the requester, within the window. The identity
    is returned to be shown in the response; it is never stored decrypted."""
    if actor is None or actor.pk != request.requester_id:
        raise NotFound()
    require_capability(actor, "reports.identity_request")
    _require_visible(actor, request.report)
    now = timezone.now()
    if rules.is_expired(request.status, request.expires_at, now):
        raise DomainError("批准的查阅期限已过，请重新申请")
    previous = request.status
    request.status = rules.MACHINE.check(previous, "read")
    request.read_at = now
    request.save(update_fields=["status", "read_at"])
    report = request.report
    identity = decrypt_json(report.reporter_identity, context=_identity_context(report.number))
    read_record(user=actor, obj=report, what="举报人身份信息（经审批）")
    event_record(
        actor=actor,
        action="intake.identity_request.read",
        obj=request,
        from_state=rules.LABELS[previous],
        to_state=rules.LABELS[request.status],
        payload={"report": report.pk},
    )
    return identity
