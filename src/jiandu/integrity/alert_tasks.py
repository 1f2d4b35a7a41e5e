"""Background work of the early alerts (run by ``jiandu worker`` / ``jiandu serve``)."""

from __future__ import annotations

from datetime import date

from django.db import IntegrityError, transaction
from django.utils import timezone
from django_tasks import task

from jiandu.integrity.alert_services import alerts_compute
from jiandu.integrity.models import AlertRun, AlertRunTrigger


@task()
def alerts_compute_task(on: str | None = None, run_id: int | None = None) -> dict:
    """Compute the alerts for ``on`` (ISO date; default today), on the run the daily
    schedule claimed (``run_id``) or a new one."""
    day = date.fromisoformat(on) if on else timezone.localdate()
    run = AlertRun.objects.filter(pk=run_id).first() if run_id else None
    return alerts_compute(on=day, trigger=AlertRunTrigger.SYSTEM, run=run)


def alerts_schedule_daily(*, today: date | None = None) -> bool:
    """The daily schedule (``core.schedule``; ``jiandu worker`` asks every few
    minutes): claim today's scheduled run and enqueue the computation, once a day. Returns
    whether it enqueued (False: today's run was claimed already)."""
    today = today or timezone.localdate()
    try:
        with transaction.atomic():
            run = AlertRun.objects.create(on=today, trigger=AlertRunTrigger.SCHEDULE)
    except IntegrityError:
        return False
    transaction.on_commit(lambda: alerts_compute_task.enqueue(on=today.isoformat(), run_id=run.pk))
    return True
