"""Background work of the audit app (run by ``jiandu worker`` / ``jiandu serve``)."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db import transaction
from django_tasks import task

from jiandu.audit.services import chain_verify, event_record


def chain_verify_recorded(*, requested_by_id: int | None = None) -> dict:
    """Verify the whole chain and record the outcome as an event of the chain itself,
    so that every verification — and who asked for it — is on the record (and on the
    administrator's workbench)."""
    User = get_user_model()
    report = chain_verify()
    actor = User.objects.filter(pk=requested_by_id).first() if requested_by_id else None
    with transaction.atomic():
        event_record(
            actor=actor,
            action="audit.chain.verify",
            object_type="audit.chain",
            object_repr="审计链校验",
            to_state="完整" if report.ok else "异常",
            reason=report.message,
            payload={"ok": report.ok, "checked": report.checked, "broken_seq": report.broken_seq},
        )
    return {"ok": report.ok, "checked": report.checked, "message": report.message}


@task()
def chain_verify_task(requested_by_id: int | None = None) -> dict:
    """The web page's verification, run by the worker (``chain_verify_recorded``)."""
    return chain_verify_recorded(requested_by_id=requested_by_id)
