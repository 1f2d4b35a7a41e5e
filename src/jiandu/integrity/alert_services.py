"""Early alerts: the computation (every registered detector, each candidate created
once), the daily schedule, and the handling steps (谈话提醒, 纳入监督重点, 排除).

Idempotent by ``Alert.key``: a key that exists is never created again, whatever its
status, so re-running creates nothing twice and a handled or dismissed alert is not
raised again. Each run writes one audit event with its counts."""

from __future__ import annotations

import logging
from collections import Counter
from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone

from jiandu.audit.services import event_record
from jiandu.core.errors import DomainError, NotFound
from jiandu.core.permissions import require_capability
from jiandu.core.services import locked
from jiandu.integrity import alert_rules as rules
from jiandu.integrity.detectors import DETECTORS, AlertCandidate
from jiandu.integrity.models import (
    Alert,
    AlertKind,
    AlertRun,
    AlertRunStatus,
    AlertRunTrigger,
    AlertStatus,
)

logger = logging.getLogger(__name__)
CHUNK = 1000


def _candidates(on: date) -> tuple[dict[str, AlertCandidate], Counter[str], dict[str, str]]:
    """Every detector's candidates, the first of each key kept, and the detectors that
    failed (name → error): one failing detector does not keep the others' alerts back
    (keys are stable, so the next run raises what it missed)."""
    found: dict[str, AlertCandidate] = {}
    per_detector: Counter[str] = Counter()
    failed: dict[str, str] = {}
    for name, detector in sorted(DETECTORS.items()):
        try:
            candidates = list(detector(on=on))
        except Exception as exc:
            logger.exception("alert detector %s failed", name)
            failed[name] = str(getattr(exc, "message", exc))[:300]
            continue
        per_detector[name] += len(candidates)
        for candidate in candidates:
            found.setdefault(candidate.key, candidate)
    return found, per_detector, failed


def _existing_keys(keys: list[str]) -> set[str]:
    existing: set[str] = set()
    for i in range(0, len(keys), CHUNK):
        chunk = keys[i : i + CHUNK]
        existing.update(Alert.objects.filter(key__in=chunk).values_list("key", flat=True))
    return existing


def alerts_compute(
    *, on: date, trigger: str = AlertRunTrigger.SYSTEM, run: AlertRun | None = None
) -> dict[str, Any]:
    """Run every registered detector for ``on`` and create the alerts not raised before.
    Returns the summary (``candidates``, ``raised``, ``by_kind``, ``run``) recorded on the
    run and in its audit event (action ``integrity.alerts.compute``)."""
    if run is None:
        run = AlertRun.objects.create(on=on, trigger=trigger, status=AlertRunStatus.RUNNING)
    else:
        AlertRun.objects.filter(pk=run.pk).update(status=AlertRunStatus.RUNNING)
    try:
        found, per_detector, failed = _candidates(on)
        with transaction.atomic():
            keys = sorted(found)
            existing = _existing_keys(keys)
            new = [found[k] for k in keys if k not in existing]
            Alert.objects.bulk_create(
                [
                    Alert(
                        kind=c.kind,
                        key=c.key[:120],
                        cadre_id=c.cadre_id,
                        unit_id=c.unit_id,
                        reason=c.reason[:300],
                        evidence=list(c.evidence),
                        raised_on=on,
                    )
                    for c in new
                ],
                batch_size=500,
                ignore_conflicts=True,  # a concurrent run raised it first: still once
            )
            by_kind = dict(sorted(Counter(str(c.kind) for c in new).items()))
            summary = {
                "on": on.isoformat(),
                "candidates": len(found),
                "raised": len(new),
                "by_kind": by_kind,
                "detectors": dict(sorted(per_detector.items())),
                "failed": failed,
                "run": run.pk,
            }
            status = AlertRunStatus.FAILED if failed else AlertRunStatus.DONE
            AlertRun.objects.filter(pk=run.pk).update(
                status=status,
                finished_at=timezone.now(),
                candidates=len(found),
                raised=len(new),
                by_kind=by_kind,
                error="；".join(f"{k}：{v}" for k, v in failed.items()),
            )
            labels = dict(AlertKind.choices)
            event_record(
                actor=None,
                action="integrity.alerts.compute",
                obj=run,
                object_repr=f"{on.isoformat()}廉政风险提示计算",
                to_state=status.label,
                reason=(
                    "；".join(f"{labels.get(k, k)}{n}条" for k, n in by_kind.items()) or "无新提示"
                )
                + "".join(f"；{k}未能计算：{v}" for k, v in failed.items()),
                payload=summary,
            )
    except Exception as exc:
        AlertRun.objects.filter(pk=run.pk).update(
            status=AlertRunStatus.FAILED, finished_at=timezone.now(), error=str(exc)[:2000]
        )
        raise
    return summary


# --- handling ---------------------------------------------------------------------------------


def _visible_alert(actor: Any, alert: Alert) -> Alert:
    if actor is not None and not Alert.objects.visible_to(actor).filter(pk=alert.pk).exists():
        raise NotFound()
    return alert


@locked("alert")
def alert_handle(
    *, actor: Any, alert: Alert, action: str, note: str = "", reason: str = ""
) -> Alert:
    """Handle an open alert: ``talk`` (谈话提醒), ``focus`` (纳入监督重点) or
    ``dismiss`` (排除, with its reason). Audit action ``integrity.alert.<action>``."""
    require_capability(actor, "alerts.handle")
    alert = _visible_alert(actor, alert)
    before = alert.status
    target = rules.MACHINE.check(alert.status, action)
    text = (reason if action == "dismiss" else note) or ""
    text = text.strip()
    if action == "dismiss" and not text:
        raise DomainError("排除提示须说明理由", fields={"reason": ["请说明排除理由"]})
    alert.status = target
    alert.handled_by = actor if getattr(actor, "is_authenticated", False) else None
    alert.handled_on = timezone.localdate()
    alert.handling_note = text[:2000]
    alert.save(update_fields=["status", "handled_by", "handled_on", "handling_note"])
    event_record(
        actor=actor,
        action=f"integrity.alert.{action}",
        obj=alert,
        from_state=AlertStatus(before).label,
        to_state=AlertStatus(alert.status).label,
        reason=text[:300],
        payload={"kind": alert.kind, "key": alert.key},
    )
    return alert
