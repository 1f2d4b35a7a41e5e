"""Writes of the profiles part (精准画像): the "一人一策" supervision notes.

Notes are append-only (``models.profiles``): ``supervision_note_add`` writes a note or a
correction of an earlier note of the same cadre; nothing edits or deletes one.
"""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils import timezone

from jiandu.accounts.models import User
from jiandu.audit.services import event_record
from jiandu.core.errors import DomainError
from jiandu.core.permissions import require_capability
from jiandu.core.scoping import require_visible
from jiandu.integrity.models import SupervisionNote
from jiandu.org.models import Cadre

ACTION_LABELS = {
    "integrity.note.add": "记录一人一策监督情况",
    "integrity.note.correct": "更正一人一策监督记录",
}
TEXT_MAX = 2000


@transaction.atomic
def supervision_note_add(
    *,
    actor: User,
    cadre: Cadre,
    text: str,
    noted_on: date | None = None,
    corrects: SupervisionNote | None = None,
) -> SupervisionNote:
    """Record a supervision note about ``cadre`` by the actor's unit (capability
    ``integrity.record``, the cadre within the actor's scope). ``corrects``: an earlier
    note of the same cadre that this one puts right (it stays as it was written)."""
    require_capability(actor, "integrity.record")
    require_visible(actor, cadre, message="无权为该干部记录监督情况", field="cadre")
    unit_id = actor.unit_id if actor is not None else None
    if unit_id is None:
        raise DomainError("记录人须属于一个单位")
    text = (text or "").strip()
    if not text:
        raise DomainError("请填写监督情况", fields={"text": ["请填写监督情况"]})
    if len(text) > TEXT_MAX:
        message = f"监督情况不超过{TEXT_MAX}字"
        raise DomainError(message, fields={"text": [message]})
    today = timezone.localdate()
    noted_on = noted_on or today
    if noted_on > today:
        raise DomainError("日期不能晚于今天", fields={"noted_on": ["日期不能晚于今天"]})
    if corrects is not None:
        if corrects.cadre_id != cadre.pk:
            raise DomainError("只能更正同一干部的监督记录")
        if corrects.corrects_id is not None:
            raise DomainError("请更正原记录，不要更正更正记录")
    note = SupervisionNote(
        cadre=cadre,
        unit_id=unit_id,
        author=actor,
        noted_on=noted_on,
        text=text,
        corrects=corrects,
    )
    note.save(force_insert=True)
    event_record(
        actor=actor,
        action="integrity.note.correct" if corrects else "integrity.note.add",
        obj=note,
        payload={
            "cadre": cadre.pk,
            "noted_on": noted_on,
            "corrects": corrects.pk if corrects else None,
        },
    )
    return note
