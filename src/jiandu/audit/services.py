"""Writing and verifying the audit chain.

``event_record`` is called by every service inside its own ``transaction.atomic``
block. It locks the chain head (``SELECT … FOR UPDATE`` on PostgreSQL; on SQLite the
database takes its write lock at ``BEGIN IMMEDIATE``), so concurrent writers append one
after another and the chain never forks; ``prev_hash`` is also unique in the table.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from dataclasses import dataclass
from datetime import UTC
from typing import Any

from django.conf import settings
from django.db import models, transaction
from django.utils import timezone

from jiandu.audit.models import ChainHead, Event, ReadLog

GENESIS = "0" * 64


def _canonical_payload(payload: dict[str, Any] | None) -> dict[str, Any]:
    """What JSON storage gives back: dates, decimals and the like become strings."""
    return json.loads(json.dumps(payload or {}, default=str, ensure_ascii=False))


def event_digest(event: Event, prev_hash: str) -> str:
    content = {
        "seq": event.seq,
        "created_at": event.created_at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ"),
        "actor": event.actor_id,
        "actor_name": event.actor_name,
        "unit": event.unit_id,
        "action": event.action,
        "object_type": event.object_type,
        "object_id": event.object_id,
        "object_repr": event.object_repr,
        "from": event.from_state,
        "to": event.to_state,
        "reason": event.reason,
        "payload": event.payload,
        "prev": prev_hash,
    }
    message = json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hmac.new(settings.AUDIT_CHAIN_KEY, message.encode(), hashlib.sha256).hexdigest()


def event_record(
    *,
    actor: Any,
    action: str,
    obj: models.Model | None = None,
    from_state: str = "",
    to_state: str = "",
    reason: str = "",
    payload: dict[str, Any] | None = None,
    object_type: str = "",
    object_id: str = "",
    object_repr: str = "",
) -> Event:
    """Append one event. Must run inside the calling service's transaction."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("event_record must be called inside the service's transaction")
    head, _ = ChainHead.objects.select_for_update().get_or_create(pk=1)
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or str(obj.pk)
        object_repr = object_repr or str(obj)[:200]
    is_user = actor is not None and getattr(actor, "is_authenticated", False)
    event = Event(
        seq=head.seq + 1,
        created_at=timezone.now(),
        actor=actor if is_user else None,
        actor_name=(str(actor) if is_user else "系统")[:60],
        unit_id=getattr(actor, "unit_id", None) if is_user else None,
        action=action,
        object_type=object_type,
        object_id=object_id,
        object_repr=object_repr,
        from_state=from_state,
        to_state=to_state,
        reason=reason,
        payload=_canonical_payload(payload),
        prev_hash=head.hash or GENESIS,
    )
    event.hash = event_digest(event, event.prev_hash)
    event.save(force_insert=True)
    head.seq, head.hash = event.seq, event.hash
    head.save(update_fields=["seq", "hash"])
    return event


def read_record(*, user: Any, obj: models.Model, what: str) -> ReadLog:
    """Log that ``user`` opened a sensitive part (``what``) of ``obj``."""
    return ReadLog.objects.create(
        user=user, object_type=obj._meta.label_lower, object_id=str(obj.pk), what=what
    )


@dataclass(frozen=True)
class ChainReport:
    ok: bool
    checked: int
    broken_seq: int | None = None
    message: str = ""


def chain_verify(*, batch_size: int = 2000) -> ChainReport:
    """Check every link; name the first broken one (Chinese message)."""
    expected_seq = 1
    prev = GENESIS
    checked = 0
    for event in Event.objects.order_by("seq").iterator(chunk_size=batch_size):
        if event.seq != expected_seq:
            if event.seq > expected_seq:
                msg = f"第{expected_seq}条至第{event.seq - 1}条审计事件缺失（可能被删除）"
            else:
                msg = f"第{event.seq}条审计事件序号重复或顺序错乱"
            return ChainReport(False, checked, expected_seq, msg)
        if event.prev_hash != prev:
            return ChainReport(
                False,
                checked,
                event.seq,
                f"第{event.seq}条审计事件与前一条的链接断开（有插入或删除）",
            )
        if event_digest(event, prev) != event.hash:
            return ChainReport(
                False, checked, event.seq, f"第{event.seq}条审计事件内容被篡改（哈希不符）"
            )
        prev = event.hash
        expected_seq += 1
        checked += 1
    head = ChainHead.objects.filter(pk=1).first()
    head_seq, head_hash = (head.seq, head.hash) if head else (0, "")
    if head_seq != checked or (checked and head_hash != prev):
        return ChainReport(
            False,
            checked,
            checked + 1,
            f"审计链尾部不符：链头记录为第{head_seq}条，实际只有{checked}条（末尾事件可能被删除或篡改）",
        )
    return ChainReport(True, checked, None, f"审计链完整，共校验{checked}条事件")
