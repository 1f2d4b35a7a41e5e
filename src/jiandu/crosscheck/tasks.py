"""Background work of the cross-check module (run by ``jiandu worker`` / ``jiandu serve``)."""

from __future__ import annotations

from django_tasks import task


@task()
def run_checks_task(run_id: int) -> dict:
    """Execute a queued run; its progress and outcome are stored on the run."""
    from jiandu.crosscheck.services import run_execute

    run = run_execute(run_id=run_id)
    return {"run": run.pk, "status": run.status, "hits": run.hits_total, "new": run.hits_new}
