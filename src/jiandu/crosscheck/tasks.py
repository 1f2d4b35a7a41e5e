"""Background work of the cross-check module (run by ``jiandu worker`` / ``jiandu serve``)."""

from __future__ import annotations

from django_tasks import task


@task()
def run_checks_task(run_id: int) -> dict:
    """Execute a queued run; its progress and outcome are stored on the run."""
    from jiandu.crosscheck.services import run_execute, temp_sweep

    temp_sweep()  # what a killed worker left behind
    run = run_execute(run_id=run_id)
    return {"run": run.pk, "status": run.status, "hits": run.hits_total, "new": run.hits_new}


@task()
def dataset_import_task(import_id: int) -> dict:
    """Import an uploaded dataset file (streamed); the outcome is stored on the job."""
    from jiandu.crosscheck.services import dataset_import_execute

    job = dataset_import_execute(import_id=import_id)
    return {"import": job.pk, "status": job.status, "version": job.version_id}
