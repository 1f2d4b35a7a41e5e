"""Background work of the early alerts (run by ``jiandu worker`` / ``jiandu serve``)."""

from __future__ import annotations

from datetime import date

from django.utils import timezone
from django_tasks import task

from jiandu.integrity.models import AlertRun, AlertRunTrigger


@task()
def alerts_compute_task(on: str | None = None, run_id: int | None = None) -> dict:
    """Compute the alerts for ``on`` (ISO date; default today), on the run the daily
    schedule claimed (``run_id``) or a new one."""
    from jiandu.integrity.alert_services import alerts_compute

    day = date.fromisoformat(on) if on else timezone.localdate()
    run = AlertRun.objects.filter(pk=run_id).first() if run_id else None
    return alerts_compute(on=day, trigger=AlertRunTrigger.SYSTEM, run=run)
