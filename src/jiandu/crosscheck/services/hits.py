"""Triaging a hit: confirm (a clue with source 大数据比对 and the evidence), dismiss with a
reason, reopen a dismissal."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from jiandu.audit.services import event_record
from jiandu.core.errors import DomainError, NotFound
from jiandu.core.permissions import require_capability
from jiandu.core.services import locked
from jiandu.crosscheck import triage
from jiandu.crosscheck.models import (
    Hit,
    HitStatus,
)
from jiandu.crosscheck.services.runs import selected_rules


def _visible_hit(actor: Any, hit: Hit) -> Hit:
    """The hit, locked for the decision; ``NotFound`` if the actor may not see it."""
    qs = Hit.objects.select_for_update().filter(pk=hit.pk)
    if actor is not None:
        visible = Hit.objects.visible_to(actor).filter(pk=hit.pk)
        if not visible.exists():
            raise NotFound()
    locked = qs.first()
    if locked is None:
        raise NotFound()
    return locked


def rule_names() -> dict[str, str]:
    return {r.code: r.name for r in selected_rules()}


def evidence_lines(hit: Hit, limit: int = 10) -> list[str]:
    """The evidence rows as short lines (dataset, row, values), for the clue."""
    from jiandu.crosscheck.engine.datasets import DATASET_TYPES

    lines = []
    for row in hit.evidence[:limit]:
        kind = DATASET_TYPES.get(str(row.get("dataset", "")))
        labels = {c.field: c.header for c in kind.columns} if kind else {}
        given = row.get("values") or {}
        # In the catalogue's column order (PostgreSQL's jsonb does not keep key order).
        names = [n for n in labels if n in given] + sorted(k for k in given if k not in labels)
        values = "，".join(
            f"{labels.get(k, k)}：{given[k]}"
            for k in names
            if given[k] not in (None, "") and not k.startswith("_")
        )
        label = triage.dataset_label(str(row.get("dataset", "")))
        lines.append(f"{label}第{row.get('row', '?')}行：{values}"[:300])
    if len(hit.evidence) > limit:
        lines.append(f"另有{len(hit.evidence) - limit}行证据，见比对疑点页面")
    return lines


def _decide(hit: Hit, actor: Any, action: str, reason: str, fields: list[str]) -> Hit:
    before = hit.status
    hit.status = triage.MACHINE.check(hit.status, action)
    hit.decided_by = actor if getattr(actor, "is_authenticated", False) else None
    hit.decided_at = timezone.now()
    if action == "confirm":
        hit.confirmed_on = timezone.localdate()
        fields = [*fields, "confirmed_on"]
    elif action == "dismiss" and hit.dismissed_on is None:
        hit.dismissed_on = timezone.localdate()
        fields = [*fields, "dismissed_on"]
    hit.save(update_fields=["status", "decided_by", "decided_at", *fields])
    event_record(
        actor=actor,
        action=f"crosscheck.hit.{action}",
        obj=hit,
        from_state=HitStatus(before).label,
        to_state=HitStatus(hit.status).label,
        reason=reason,
        payload={"rule": hit.rule_code, "identity": hit.identity}
        | ({"clue": hit.clue.number} if hit.clue is not None else {}),
    )
    return hit


@locked("hit")
def hit_confirm(*, actor: Any, hit: Hit, note: str = "") -> Hit:
    """Confirm a hit: it becomes a clue with the source 大数据比对, its summary carrying
    the rule and the evidence rows, linked both ways (``hit.clue``). Clues are registered
    by 案管室 ([规则] 21): when the confirming office may not register clues itself, the
    system registers it on its behalf (the hit's event names who confirmed)."""
    from jiandu.clues import services as clue_services
    from jiandu.clues.models import ClueSource
    from jiandu.core.models import ProblemCategory

    require_capability(actor, "crosscheck.triage")
    hit = _visible_hit(actor, hit)
    triage.MACHINE.check(hit.status, "confirm")
    names = rule_names()
    summary = triage.clue_summary(
        rule_code=hit.rule_code,
        rule_name=names.get(hit.rule_code, hit.rule_code),
        summary=hit.summary,
        evidence_lines=evidence_lines(hit),
        note=note,
    )
    rule_codes = triage.RULE_CATEGORIES.get(hit.rule_code, ())
    codes = list(ProblemCategory.objects.filter(code__in=rule_codes).values_list("code", flat=True))
    registrar = actor if actor is None or actor.has_capability("clues.register") else None
    clue = clue_services.clue_create(
        actor=registrar,
        source=ClueSource.CROSSCHECK,
        summary=summary,
        received_on=timezone.localdate(),
        subject_name=hit.subject_name[:40],
        subject_cadre=hit.subject_cadre,
        subject_unit=hit.subject_unit,
        category_codes=codes,
        transfer_ref=f"比对疑点{hit.rule_code}-{hit.pk}",
    )
    hit.clue = clue
    return _decide(hit, actor, "confirm", note.strip()[:300], ["clue"])


@locked("hit")
def hit_dismiss(*, actor: Any, hit: Hit, reason: str) -> Hit:
    """Dismiss a hit, with the reason (counted against the rule's precision)."""
    require_capability(actor, "crosscheck.triage")
    hit = _visible_hit(actor, hit)
    triage.MACHINE.check(hit.status, "dismiss")
    reason = (reason or "").strip()
    if not reason:
        raise DomainError("排除疑点须说明理由", fields={"reason": ["请说明排除理由"]})
    hit.reason = reason[:300]
    return _decide(hit, actor, "dismiss", hit.reason, ["reason"])


@locked("hit")
def hit_reopen(*, actor: Any, hit: Hit, reason: str) -> Hit:
    """Put a dismissed hit back to 待研判 (e.g. the dismissal was a mistake)."""
    require_capability(actor, "crosscheck.triage")
    hit = _visible_hit(actor, hit)
    triage.MACHINE.check(hit.status, "reopen")
    reason = (reason or "").strip()
    if not reason:
        raise DomainError("重新研判须说明理由", fields={"reason": ["请说明理由"]})
    hit.reason = ""
    return _decide(hit, actor, "reopen", reason[:300], ["reason"])
