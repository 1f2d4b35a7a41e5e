"""A dataset file uploaded from the page, imported by a background job that streams it,
with progress and cancel."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils import timezone
from django_tasks import task

from jiandu.audit.services import event_record
from jiandu.core.errors import DomainError
from jiandu.core.permissions import require_capability
from jiandu.core.services import locked
from jiandu.crosscheck import jobs
from jiandu.crosscheck.models import (
    DatasetImport,
    DatasetVersion,
    RunStatus,
)
from jiandu.crosscheck.services.common import (
    REJECTIONS_SHOWN,
    UPLOADS,
    log,
    save_upload,
    temp_dir,
    temp_sweep,
)
from jiandu.crosscheck.services.datasets import ImportRejected, dataset_import, importable_types

UPLOAD_MAX_BYTES = 200 * 1024 * 1024  # larger files: the CLI


def dataset_upload(
    *,
    actor: Any,
    dataset_type: str,
    upload: Any,
    mapping: dict[str, str] | None = None,
) -> DatasetImport:
    """Accept an uploaded dataset file: it is saved (in chunks, under a random name in
    ``VAR_DIR/tmp``) and imported by a background task (:func:`dataset_import_execute`)
    that streams it; the returned job shows its progress and outcome. Audit event
    ``crosscheck.import.start``."""
    require_capability(actor, "crosscheck.import")
    if dataset_type not in importable_types():
        raise DomainError("数据类型不存在", fields={"dataset_type": ["请选择数据类型"]})
    name = Path(getattr(upload, "name", "") or "").name[:200]
    if Path(name).suffix.lower() not in (".csv", ".xlsx", ".parquet"):
        raise DomainError(
            "只能导入CSV、XLSX或Parquet文件", fields={"file": ["文件格式应为.csv、.xlsx或.parquet"]}
        )
    size = getattr(upload, "size", None)
    if size is not None and size > UPLOAD_MAX_BYTES:  # the API as well as the page
        limit = UPLOAD_MAX_BYTES // (1 << 20)
        raise DomainError(
            f"文件超过{limit}MB，请用命令行导入（jiandu crosscheck import）",
            fields={"file": ["文件过大"]},
        )
    path = save_upload(upload, temp_dir(UPLOADS), prefix="import-")
    try:
        with transaction.atomic():
            job = DatasetImport.objects.create(
                dataset_type=dataset_type,
                source_name=name,
                upload_name=path.name,
                mapping=mapping or {},
                progress_note="等待后台任务",
                started_by=actor if getattr(actor, "is_authenticated", False) else None,
            )
            event_record(
                actor=actor,
                action="crosscheck.import.start",
                obj=job,
                to_state=RunStatus.QUEUED.label,
                payload={"type": dataset_type, "file": name, "bytes": path.stat().st_size},
            )
            job_id = job.pk
            transaction.on_commit(lambda: dataset_import_task.enqueue(import_id=job_id))
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    return job


def dataset_import_execute(*, import_id: int) -> DatasetImport:
    """The background task's body: import the waiting upload (streamed), beating and
    checking for a cancel request every 10,000 rows; the upload is removed on every way
    out. A job that is not queued any more is left alone."""
    temp_sweep()
    now = timezone.now()
    claimed = DatasetImport.objects.filter(pk=import_id, status=RunStatus.QUEUED).update(
        status=RunStatus.RUNNING, started_at=now, heartbeat_at=now, progress_note="读取文件"
    )
    job = DatasetImport.objects.select_related("started_by").get(pk=import_id)
    source = temp_dir(UPLOADS) / job.upload_name if job.upload_name else None
    if not claimed:
        if job.finished and source is not None:  # cancelled while it waited
            source.unlink(missing_ok=True)
        return job

    def progress(rows: int) -> None:
        jobs.beat(DatasetImport, import_id, rows_read=rows, note=f"已读取{rows:,}行")
        jobs.check_cancel(DatasetImport, import_id)

    try:
        if source is None or not source.exists():
            raise DomainError("待导入的文件已不存在，请重新上传")
        with jobs.heartbeat(DatasetImport, import_id):
            version = dataset_import(
                actor=job.started_by,
                dataset_type=job.dataset_type,
                source=source,
                original_name=job.source_name,
                mapping=job.mapping or None,
                progress=progress,
            )
        _import_end(job, RunStatus.SUCCEEDED, version=version)
    except jobs.Cancelled:
        jobs.end_cancelled(job)
    except ImportRejected as exc:
        _import_end(job, RunStatus.FAILED, error=exc.message, rejections=exc.rejections)
    except DomainError as exc:
        _import_end(job, RunStatus.FAILED, error=exc.message)
    except Exception as exc:  # the import failed: say so on the job, keep the worker alive
        log.exception("crosscheck import %s failed", import_id)
        _import_end(job, RunStatus.FAILED, error=f"导入出错：{type(exc).__name__}")
    finally:
        if source is not None:
            source.unlink(missing_ok=True)
    job.refresh_from_db()
    return job


@transaction.atomic
def _import_end(
    job: DatasetImport,
    status: str,
    *,
    version: DatasetVersion | None = None,
    error: str = "",
    rejections: list[dict[str, Any]] | None = None,
) -> None:
    locked = DatasetImport.objects.select_for_update().get(pk=job.pk)
    if locked.status != RunStatus.RUNNING:
        return  # taken for dead meanwhile
    locked.status = status
    locked.version = version
    locked.error = error[:2000]
    locked.rejections = (rejections or [])[:REJECTIONS_SHOWN]
    locked.finished_at = timezone.now()
    locked.progress_note = "已完成" if status == RunStatus.SUCCEEDED else "未导入"
    if version is not None:
        locked.rows_read = version.rows_total
    locked.save(
        update_fields=[
            "status",
            "version",
            "error",
            "rejections",
            "finished_at",
            "progress_note",
            "rows_read",
        ]
    )
    if status == RunStatus.FAILED:  # success has its own event (crosscheck.dataset.import)
        event_record(
            actor=None,
            action="crosscheck.import.fail",
            obj=locked,
            from_state=RunStatus.RUNNING.label,
            to_state=RunStatus.FAILED.label,
            reason=locked.error[:200],
        )


@locked("job")
def dataset_import_cancel(*, actor: Any, job: DatasetImport) -> DatasetImport:
    """Cancel an upload's import: a queued one at once, a running one within 10,000
    rows; nothing of it is kept. Audit event ``crosscheck.import.cancel``."""
    require_capability(actor, "crosscheck.import")
    job = jobs.request_cancel(actor=actor, job=job)
    if job.finished and job.upload_name:  # it never started: its upload goes now
        (temp_dir(UPLOADS) / job.upload_name).unlink(missing_ok=True)
    return job


@task()
def dataset_import_task(import_id: int) -> dict:
    """Import an uploaded dataset file (streamed); the outcome is stored on the job."""
    job = dataset_import_execute(import_id=import_id)
    return {"import": job.pk, "status": job.status, "version": job.version_id}
